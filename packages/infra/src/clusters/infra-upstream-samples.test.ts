import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInfra } from '../infra-client.js';
import type { InfraClient } from '../infra-client.js';

// Answers of bkmonitor's metadata taken from upstream (each fixture names its source), served by a
// node:http server; the real client calls parse them through the endpoints' output schemas.
interface UpstreamSample {
  readonly source: string;
  readonly note: string;
  readonly body: unknown;
}

const sample = (name: string): UpstreamSample => JSON.parse(readFileSync(join(import.meta.dirname, '..', '__fixtures__', 'upstream', `${name}.json`), 'utf8')) as UpstreamSample;

let answer: UpstreamSample | undefined;
let server: Server;
let infra: InfraClient;

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer?.body ?? { result: false, code: 404, message: 'no sample', data: null }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  infra = createInfra({ baseUrl: `http://127.0.0.1:${port}/api/bk-monitor/prod/app/metadata/`, gatewayMode: 'gateway', appCode: 'bk_log', appSecret: 'secret-value', username: 'admin', retry: false });
});
afterAll(async () => {
  await infra.close();
  await new Promise<void>((resolve) => server.close(() => { resolve(); }));
});

describe('metadata get_cluster_info samples', () => {
  it('parses the API doc example (an older consul_config: no custom_option, registered_system, display_name)', async () => {
    answer = sample('query-cluster-info-apidoc');
    const clusters = await infra.clusters.get({}, { includeSecrets: true });
    expect(clusters).toHaveLength(1);
    expect(clusters[0]).toMatchObject({
      cluster_type: 'influxDB',
      cluster_config: { cluster_id: 1, cluster_name: 'default_influx', domain_name: 'service.consul', port: 9052, create_time: 1574156561, custom_option: { bk_biz_id: '' } },
      auth_info: { username: '', password: '' },
    });
    expect(clusters[0]?.cluster_config).not.toHaveProperty('display_name');
  });

  it('parses bklog’s own mock of a current ES cluster, and lists it as an Elasticsearch cluster', async () => {
    answer = sample('get-cluster-info-bklog-es-clusters');
    const listed = await infra.es.list();
    expect(listed.map((cluster) => [cluster.clusterId, cluster.clusterName, cluster.bkBizId])).toEqual([[3, 'es7_cluster', 3]]);
    expect(listed[0]).toMatchObject({ domainName: '127.0.0.1', port: 9200, schema: 'http', version: '7.2', displayName: undefined, isSslVerify: false, username: 'elastic', password: '' });
    expect(listed[0]?.setup).toMatchObject({ retentionDaysMax: expect.any(Number) as unknown });
    expect(listed[0]?.raw.auth_info).toEqual({ username: 'elastic', password: '' });
  });
});
