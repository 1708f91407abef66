import { upstreamFixtures, useClosing, useUpstreamServer } from '@x/sandbox/vitest';
import type { UpstreamServer } from '@x/sandbox/vitest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createInfra } from '../infra-client.js';
import type { InfraClient } from '../infra-client.js';

// Answers of bkmonitor's metadata taken from upstream (each fixture names its source), served by a
// node:http server; the real client calls parse them through the endpoints' output schemas.
const serve = useUpstreamServer();
const track = useClosing();
const sample = upstreamFixtures(new URL('../__fixtures__/upstream/', import.meta.url));

let server: UpstreamServer;
let infra: InfraClient;

beforeEach(async () => {
  server = await serve({ body: { result: false, code: 404, message: 'no sample', data: null } });
  infra = track(
    createInfra({
      baseUrl: `${server.url}api/bk-monitor/prod/app/metadata/`,
      gatewayMode: 'gateway',
      appCode: 'bk_log',
      appSecret: 'secret-value',
      username: 'admin',
      retry: false,
    }),
  );
});

describe('metadata get_cluster_info samples', () => {
  it('parses the API doc example (an older consul_config: no custom_option, registered_system, display_name)', async () => {
    server.answer({ body: sample('query-cluster-info-apidoc').body });
    const clusters = await infra.clusters.get({}, { includeSecrets: true });
    expect(clusters).toHaveLength(1);
    expect(clusters[0]).toMatchObject({
      cluster_type: 'influxDB',
      cluster_config: {
        cluster_id: 1,
        cluster_name: 'default_influx',
        domain_name: 'service.consul',
        port: 9052,
        create_time: 1574156561,
        custom_option: { bk_biz_id: '' },
      },
      auth_info: { username: '', password: '' },
    });
    expect(clusters[0]?.cluster_config).not.toHaveProperty('display_name');
  });

  it('parses bklog’s own mock of a current ES cluster, and lists it as an Elasticsearch cluster', async () => {
    server.answer({ body: sample('get-cluster-info-bklog-es-clusters').body });
    const listed = await infra.es.list();
    expect(listed.map((cluster) => [cluster.clusterId, cluster.clusterName, cluster.bkBizId])).toEqual([[3, 'es7_cluster', 3]]);
    expect(listed[0]).toMatchObject({
      domainName: '127.0.0.1',
      port: 9200,
      schema: 'http',
      version: '7.2',
      displayName: undefined,
      isSslVerify: false,
      username: 'elastic',
      password: '',
    });
    expect(listed[0]?.setup).toMatchObject({ retentionDaysMax: expect.any(Number) as unknown });
    expect(listed[0]?.raw.auth_info).toEqual({ username: 'elastic', password: '' });
  });
});
