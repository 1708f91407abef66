import { ApiRequestError, ApiResultError, RetryError, ValidationError } from '@x/errors';
import { callsTo, rejection, useClosing, useSandbox } from '@x/sandbox/vitest';
import { captureLogger } from '@x/test-services';
import { describe, expect, it, vi } from 'vitest';
import { createInfra } from '../infra-client.js';
import type { InfraClient } from '../infra-client.js';
import type { InfraSettings } from '../infra-settings.js';
import { INFRA_SANDBOX, infraOnSandbox } from '../test-support/infra-on-sandbox.js';
import { VERSION } from '../version.js';
import { metadataEndpoints } from './infra-clusters.js';

const sandbox = useSandbox(INFRA_SANDBOX);
const track = useClosing();
const create = (settings?: InfraSettings): InfraClient => track(infraOnSandbox(sandbox(), settings));

const newCluster = {
  cluster_name: 'es_logs',
  display_name: 'Log ES',
  cluster_type: 'elasticsearch',
  domain_name: 'es.example.com',
  port: 9200,
  schema: 'https',
  auth_info: { username: 'elastic', password: 'pa55-word' },
  custom_option: { bk_biz_id: 2, setup_config: { retention_days_max: 30 } },
  version: '7.10.2',
} as const;

const paths = {
  legacy: {
    create: '/api/c/compapi/v2/monitor_v3/metadata_create_cluster_info/',
    modify: '/api/c/compapi/v2/monitor_v3/metadata_modify_cluster_info/',
    delete: '/api/c/compapi/v2/monitor_v3/metadata_delete_cluster_info/',
    get: '/api/c/compapi/v2/monitor_v3/metadata_get_cluster_info/',
  },
  gateway: {
    create: '/api/bk-monitor/prod/app/metadata/create_cluster_info/',
    modify: '/api/bk-monitor/prod/app/metadata/modify_cluster_info/',
    delete: '/api/bk-monitor/prod/app/metadata/metadata_delete_cluster_info/',
    get: '/api/bk-monitor/prod/app/metadata/get_cluster_info/',
  },
} as const;

describe.each(['legacy', 'gateway'] as const)('clusters (%s URLs)', (mode) => {
  it('create: posts the cluster with custom_option as a JSON string and answers the id', async () => {
    const infra = create({ gatewayMode: mode });
    const clusterId = await infra.clusters.create(newCluster);
    const [call] = callsTo(sandbox(), 'metadata.create_cluster_info');
    expect(call).toMatchObject({ method: 'POST', path: paths[mode].create, tenantId: 'system' });
    expect(call?.headers['user-agent']).toMatch(new RegExp(`^x-infra/${VERSION.replace(/\./g, '\\.')} x-core-client/`));
    expect(call?.headers['content-type']).toContain('application/json');
    expect(JSON.parse(call?.headers['x-bkapi-authorization'] ?? '')).toEqual({
      bk_app_code: 'bk_sandbox',
      bk_app_secret: 'sandbox-secret',
      bk_username: 'admin',
    });
    expect(call?.body).toEqual({
      ...newCluster,
      custom_option: '{"bk_biz_id":2,"setup_config":{"retention_days_max":30}}',
      bk_username: 'admin',
      operator: 'admin',
    });
    const stored = sandbox().clusters.get(clusterId);
    expect(stored).toMatchObject({ clusterName: 'es_logs', registeredSystem: 'bk_sandbox', authInfo: { username: 'elastic', password: 'pa55-word' } });
  });

  it('modify: posts only what is given, as bklog does, and answers the cluster with its secrets blanked', async () => {
    const infra = create({ gatewayMode: mode });
    const clusterId = await infra.clusters.create(newCluster);
    const answer = await infra.clusters.modify({
      cluster_id: clusterId,
      description: 'rack 3',
      custom_option: { bk_biz_id: 3 },
      auth_info: { username: 'elastic', password: 'pa55-word' },
    });
    const [call] = callsTo(sandbox(), 'metadata.modify_cluster_info');
    expect(call).toMatchObject({ method: 'POST', path: paths[mode].modify });
    expect(call?.body).toEqual({
      cluster_id: clusterId,
      description: 'rack 3',
      custom_option: '{"bk_biz_id":3}',
      auth_info: { username: 'elastic', password: 'pa55-word' },
      bk_username: 'admin',
      operator: 'admin',
    });
    expect(sandbox().clusters.get(clusterId)).toMatchObject({ description: 'rack 3', authInfo: { username: 'elastic', password: 'pa55-word' } });
    // metadata answers the consul config with the password in plain text (ModifyClusterInfoResource).
    expect(answer).toMatchObject({
      cluster_config: { cluster_id: clusterId, custom_option: { bk_biz_id: 3 } },
      auth_info: { username: 'elastic', password: '' },
    });
    expect(JSON.stringify(answer)).not.toContain('pa55-word');
  });

  // bkmonitor/metadata/resources/cluster.py ModifyClusterInfoResource: a missing auth_info is {},
  // and username/password become '' — the low-level call sends what it is given, so the caller must.
  it('modify: without auth_info metadata blanks the stored credentials', async () => {
    const infra = create({ gatewayMode: mode });
    const clusterId = await infra.clusters.create(newCluster);
    await infra.clusters.modify({ cluster_id: clusterId, description: 'rack 3' });
    expect(callsTo(sandbox(), 'metadata.modify_cluster_info')[0]?.body).not.toHaveProperty('auth_info');
    expect(sandbox().clusters.get(clusterId)?.authInfo).toEqual({ username: '', password: '' });
  });

  it('delete: posts to the delete path (the gateway keeps its metadata_ prefix)', async () => {
    const infra = create({ gatewayMode: mode });
    const clusterId = await infra.clusters.create(newCluster);
    await infra.clusters.delete({ cluster_id: clusterId });
    const [call] = callsTo(sandbox(), 'metadata.delete_cluster_info');
    expect(call).toMatchObject({ method: 'POST', path: paths[mode].delete, body: { cluster_id: clusterId, bk_username: 'admin', operator: 'admin' } });
    expect(sandbox().clusters.get(clusterId)).toBeUndefined();
  });

  it('get: sends the filters in the query and parses custom_option and the base64 auth_info', async () => {
    const infra = create({ gatewayMode: mode });
    const clusterId = await infra.clusters.create(newCluster);
    const [cluster, ...rest] = await infra.clusters.get({ cluster_id: clusterId, cluster_type: 'elasticsearch' });
    const [call] = callsTo(sandbox(), 'metadata.get_cluster_info');
    expect(call).toMatchObject({ method: 'GET', path: paths[mode].get, body: undefined });
    expect(call?.query).toEqual({ cluster_id: String(clusterId), cluster_type: 'elasticsearch', bk_username: 'admin', operator: 'admin' });
    expect(rest).toEqual([]);
    expect(cluster?.cluster_config).toMatchObject({
      cluster_id: clusterId,
      cluster_name: 'es_logs',
      custom_option: { bk_biz_id: 2, setup_config: { retention_days_max: 30 } },
    });
    // The sandbox answered base64 (is_plain_text absent); the password is blanked unless asked for.
    expect(cluster?.auth_info).toEqual({ username: 'elastic', password: '' });
  });
});

describe('clusters.get', () => {
  it('returns secrets only with includeSecrets, decoded from base64 or plain text alike', async () => {
    const infra = create();
    const clusterId = await infra.clusters.create({ ...newCluster, ssl_certificate_key: 'PRIVATE-KEY-PEM' });
    const encoded = await infra.clusters.get({ cluster_id: clusterId }, { includeSecrets: true });
    const plain = await infra.clusters.get({ cluster_id: clusterId, is_plain_text: true }, { includeSecrets: true });
    expect(encoded[0]?.auth_info).toEqual({ username: 'elastic', password: 'pa55-word' });
    expect(plain[0]?.auth_info).toEqual({ username: 'elastic', password: 'pa55-word' });
    expect(callsTo(sandbox(), 'metadata.get_cluster_info')[1]?.query.is_plain_text).toBe('true');
    const redacted = await infra.clusters.get({ cluster_id: clusterId, is_plain_text: true });
    expect(redacted[0]?.auth_info.password).toBe('');
    // Blanked when sent; older metadata (the minimal answers) does not send the TLS fields at all.
    expect(['', undefined]).toContain(redacted[0]?.cluster_config.ssl_certificate_key);
    expect(['', undefined]).toContain(redacted[0]?.cluster_config.raw_ssl_certificate_key);
    expect(JSON.stringify(redacted)).not.toMatch(/pa55-word|PRIVATE-KEY-PEM/);
  });

  it('turns a numeric string bk_biz_id into a number and a broken custom_option into {}', async () => {
    const infra = create();
    const numeric = await infra.clusters.create({ ...newCluster, cluster_name: 'a', domain_name: 'a.example.com', custom_option: { bk_biz_id: '-5' } });
    // The SDK refuses a non-object custom_option, so another client stores one directly.
    const response = await fetch(`${sandbox().roots.gateway.metadata}create_cluster_info/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-bkapi-authorization': JSON.stringify({ bk_app_code: 'bk_sandbox', bk_app_secret: 'sandbox-secret' }) },
      body: JSON.stringify({
        cluster_name: 'b',
        cluster_type: 'elasticsearch',
        domain_name: 'b.example.com',
        port: 9200,
        custom_option: '[1, 2]',
        operator: 'other',
      }),
    });
    const broken = ((await response.json()) as { data: number }).data;
    const missing = await infra.clusters.create({ ...newCluster, cluster_name: 'c', domain_name: 'c.example.com', custom_option: undefined });
    const clusters = await infra.clusters.get({ cluster_type: 'elasticsearch' });
    const option = (id: number): unknown => clusters.find((cluster) => cluster.cluster_config.cluster_id === id)?.cluster_config.custom_option;
    expect(option(numeric)).toEqual({ bk_biz_id: -5 });
    expect(option(broken)).toEqual({ bk_biz_id: '' });
    expect(option(missing)).toEqual({ bk_biz_id: '' });
  });

  it('is exported as an endpoint for client.call, returning the decoded data as bklog does', async () => {
    const infra = create({ gatewayMode: 'legacy' });
    const clusters = await infra.client.call(metadataEndpoints.legacy.getClusterInfo, { cluster_type: 'kafka' });
    expect(clusters.map((cluster) => cluster.cluster_config.cluster_name)).toEqual(['kafka_default']);
    // No user: metadata adds no SASL settings (ClusterInfo.consul_config).
    expect(clusters[0]?.auth_info).toEqual({ username: '', password: '' });
  });

  it('retries a 503 (a read is idempotent)', async () => {
    const infra = create();
    sandbox().inject({ kind: 'status', status: 503, route: 'get_cluster_info', times: 1 });
    const clusters = await infra.clusters.get({ cluster_type: 'kafka' });
    expect(clusters).toHaveLength(1);
    expect(callsTo(sandbox(), 'metadata.get_cluster_info')).toHaveLength(2);
  });
});

describe('cluster failures', () => {
  it('throws ApiResultError for result: false, with the remote code', async () => {
    const infra = create();
    sandbox().inject({ kind: 'result-false', route: 'create_cluster_info', times: 1 });
    const error = await rejection(infra.clusters.create(newCluster));
    expect(ApiResultError.isInstance(error)).toBe(true);
    expect((error as ApiResultError).code).toBe('1650500');
  });

  it('throws the server refusal of a duplicate name as ApiResultError', async () => {
    const infra = create();
    await infra.clusters.create(newCluster);
    const error = await rejection(infra.clusters.create({ ...newCluster, domain_name: 'other.example.com' }));
    expect(ApiResultError.isInstance(error)).toBe(true);
    expect((error as ApiResultError).code).toBe('3335002');
  });

  it('never sends a failed create twice (a 503 is not retried for a mutation)', async () => {
    const infra = create();
    sandbox().inject({ kind: 'status', status: 503, route: 'create_cluster_info', times: 1 });
    const error = await rejection(infra.clusters.create(newCluster));
    expect(ApiRequestError.isInstance(error)).toBe(true);
    expect((error as ApiRequestError).status).toBe(503);
    expect(callsTo(sandbox(), 'metadata.create_cluster_info')).toHaveLength(1);
    expect(JSON.stringify((error as ApiRequestError).toJSON())).not.toContain('pa55-word');
  });

  it('reports an HTML error page and a malformed body as ApiRequestError', async () => {
    const infra = create();
    sandbox().inject({ kind: 'html', status: 502, route: 'modify_cluster_info', times: 1 });
    const html = await rejection(infra.clusters.modify({ cluster_id: 1, description: 'x' }));
    expect(ApiRequestError.isInstance(html)).toBe(true);
    expect((html as ApiRequestError).status).toBe(502);
    sandbox().inject({ kind: 'malformed-json', route: 'delete_cluster_info', times: 1 });
    const malformed = await rejection(infra.clusters.delete({ cluster_id: 1 }));
    expect((malformed as ApiRequestError).failure).toBe('invalid-json');
    expect(callsTo(sandbox(), 'metadata.modify_cluster_info')).toHaveLength(1);
    expect(callsTo(sandbox(), 'metadata.delete_cluster_info')).toHaveLength(1);
  });

  it('gives up on a read after its retries', async () => {
    const infra = create();
    sandbox().inject({ kind: 'status', status: 503, route: 'get_cluster_info' });
    const error = await rejection(infra.clusters.get());
    expect(RetryError.isInstance(error)).toBe(true);
    expect((error as RetryError).attempts).toBe(3);
    expect(callsTo(sandbox(), 'metadata.get_cluster_info')).toHaveLength(3);
  });

  it.each([
    ['a cluster name the server would refuse', { ...newCluster, cluster_name: '-bad name' }, ['cluster_name']],
    ['a name over 50 characters', { ...newCluster, cluster_name: 'x'.repeat(51) }, ['cluster_name']],
    ['an unknown cluster type', { ...newCluster, cluster_type: 'doris' }, ['cluster_type']],
    ['a custom_option that is not a JSON object', { ...newCluster, custom_option: 'not json' }, ['custom_option']],
    ['a port out of range', { ...newCluster, port: 70000 }, ['port']],
  ])('refuses %s before sending anything', async (_label, params, fields) => {
    const infra = create();
    const error = await rejection(infra.clusters.create(params as never));
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).fields).toEqual(fields);
    expect(JSON.stringify((error as ValidationError).toJSON())).not.toContain('pa55-word');
    expect(sandbox().calls).toHaveLength(0);
  });

  it('refuses a modify or delete that names no cluster', async () => {
    const infra = create();
    for (const promise of [infra.clusters.modify({ description: 'x' }), infra.clusters.delete({})]) {
      const error = await rejection(promise);
      expect((error as ValidationError).fields).toEqual(['cluster_id']);
    }
    expect(sandbox().calls).toHaveLength(0);
  });
});

describe('settings', () => {
  it('sends the tenant and the language of the client', async () => {
    const infra = create({ tenantId: 'tencent', language: 'en' });
    await infra.clusters.get();
    expect(callsTo(sandbox(), 'metadata.get_cluster_info')[0]).toMatchObject({ tenantId: 'tencent', language: 'en' });
  });

  it('takes a baseUrl and still picks the path form from gatewayMode', async () => {
    const infra = create({ gatewayMode: 'legacy', apiHost: undefined, baseUrl: sandbox().roots.legacy.metadata });
    await infra.clusters.get();
    expect(callsTo(sandbox(), 'metadata.get_cluster_info')[0]?.path).toBe(paths.legacy.get);
  });

  it('builds gateway URLs with the stage', async () => {
    const infra = create({ stage: 'stag' });
    await infra.clusters.get();
    expect(callsTo(sandbox(), 'metadata.get_cluster_info')[0]?.path).toBe('/api/bk-monitor/stag/app/metadata/get_cluster_info/');
  });

  it('reads the host and the gateway switches from the environment', async () => {
    vi.stubEnv('BK_COMPONENT_API_URL', sandbox().apiHost);
    vi.stubEnv('BKAPP_USE_APIGW', '');
    vi.stubEnv('BKAPP_USE_NEW_MONITOR_APIGATEWAY', 'on');
    const infra = createInfra({ appCode: 'bk_sandbox', appSecret: 'sandbox-secret', username: 'admin' });
    try {
      await infra.clusters.get();
      expect(callsTo(sandbox(), 'metadata.get_cluster_info')[0]?.path).toBe(paths.gateway.get);
    } finally {
      await infra.close();
    }
  });

  it('creates without a host, then fails the first call naming the variables to set', async () => {
    for (const name of ['BK_COMPONENT_API_URL', 'BK_PAAS_INNER_HOST', 'BK_PAAS_HOST']) vi.stubEnv(name, '');
    const infra = createInfra({ appCode: 'bk_sandbox', appSecret: 'sandbox-secret' });
    try {
      const error = await rejection(infra.clusters.get());
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).message).toContain('BK_COMPONENT_API_URL');
    } finally {
      await infra.close();
    }
  });
});

describe('logging', () => {
  it('keeps passwords out of every log record', async () => {
    const logger = captureLogger();
    const infra = create({ logger });
    const clusterId = await infra.clusters.create(newCluster);
    await infra.clusters.get({ cluster_id: clusterId, is_plain_text: true }, { includeSecrets: true });
    await infra.clusters.get({ cluster_id: clusterId });
    sandbox().inject({ kind: 'status', status: 503, route: 'create_cluster_info', times: 1 });
    await rejection(infra.clusters.create({ ...newCluster, cluster_name: 'another' }));
    expect(logger.records.length).toBeGreaterThanOrEqual(4);
    expect(logger.text()).not.toContain('pa55-word');
    expect(logger.text()).not.toContain(Buffer.from(JSON.stringify({ username: 'elastic', password: 'pa55-word' })).toString('base64'));
  });
});
