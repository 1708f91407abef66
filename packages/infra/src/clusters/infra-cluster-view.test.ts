import { ValidationError } from '@x/errors';
import { useClosing, useSandbox } from '@x/sandbox/vitest';
import { describe, expect, it } from 'vitest';
import type { InfraClient } from '../infra-client.js';
import type { InfraSettings } from '../infra-settings.js';
import { elasticsearchAddress, INFRA_SANDBOX, infraOnSandbox } from '../test-support/infra-on-sandbox.js';

// The helpers are ours, so they answer camelCase: es.list/get and kafka.list/get map metadata's
// consul_config, and keep the wire record as `raw`.
const sandbox = useSandbox(INFRA_SANDBOX);
const track = useClosing();
const create = (settings?: InfraSettings): InfraClient => track(infraOnSandbox(sandbox(), settings));

describe('es.get and es.list: camelCase clusters', () => {
  it('maps the registered cluster, its bklog custom_option read into typed fields', async () => {
    const infra = create();
    const { clusterId } = await infra.es.register({
      name: 'es_logs',
      displayName: 'Logs',
      bkBizId: 2,
      ...elasticsearchAddress(sandbox()),
      host: 'localhost',
      username: 'elastic',
      password: 'changeme',
      setup: { retentionDaysMax: 30 },
      admins: ['alice'],
      description: 'production logs',
      visibility: { type: 'multi_biz', bizIds: [2, 3] },
    });
    const cluster = await infra.es.get({ clusterId });
    expect(cluster).toMatchObject({
      clusterId,
      clusterName: 'es_logs',
      clusterType: 'elasticsearch',
      domainName: 'localhost',
      port: elasticsearchAddress(sandbox()).port,
      schema: 'http',
      version: expect.any(String) as unknown,
      bkBizId: 2,
      username: 'elastic',
      password: '',
      admins: ['alice'],
      description: 'production logs',
      sourceType: 'other',
      visibility: { type: 'multi_biz', bizIds: [2, 3], bizLabels: {} },
      hotWarm: { enabled: false },
      setup: { retentionDaysMax: 30, retentionDaysDefault: 7, esShardsMax: 64 },
    });
    expect(cluster.raw).toMatchObject({
      cluster_type: 'elasticsearch',
      cluster_config: { cluster_id: clusterId, cluster_name: 'es_logs' },
      auth_info: { username: 'elastic', password: '' },
    });
    expect((await infra.es.get({ clusterId }, { includeSecrets: true })).password).toBe('changeme');
    const listed = await infra.es.list();
    expect(listed.find((item) => item.clusterId === clusterId)).toEqual(cluster);
  });

  it('refuses an id that is not an Elasticsearch cluster', async () => {
    const infra = create();
    const [kafka] = await infra.kafka.list();
    expect(kafka).toMatchObject({ clusterType: 'kafka', clusterName: 'kafka_default' });
    const error = await infra.es.get({ clusterId: kafka?.clusterId ?? 0 }).catch((rejected: unknown) => rejected);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).fields).toEqual(['clusterId']);
  });
});

describe('kafka.get', () => {
  it('maps a cluster metadata registered, null fields as undefined', async () => {
    const infra = create();
    const clusterId = await infra.clusters.create({
      cluster_name: 'kafka_logs',
      cluster_type: 'kafka',
      domain_name: 'kafka.example',
      port: 9092,
      custom_option: { bk_biz_id: 5, zone: 'a' },
    });
    const cluster = await infra.kafka.get({ clusterId });
    expect(cluster).toMatchObject({
      clusterId,
      clusterName: 'kafka_logs',
      clusterType: 'kafka',
      domainName: 'kafka.example',
      port: 9092,
      bkBizId: 5,
      customOption: { bk_biz_id: 5, zone: 'a' },
      username: '',
      password: '',
    });
    expect(cluster.raw.cluster_config.cluster_name).toBe('kafka_logs');
    // Metadata answers SASL settings only for a cluster with a user and password.
    expect(cluster.securityProtocol).toBeUndefined();
    expect(Object.values(cluster).includes(null)).toBe(false);
  });
});
