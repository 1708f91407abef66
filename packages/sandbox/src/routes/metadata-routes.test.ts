import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../index.js';
import type { Sandbox } from '../index.js';
import { getJson, sendJson } from '../test-support/blueking-fetch.js';
import type { Envelope } from '../test-support/blueking-fetch.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ recordCount: 100 });
});
beforeEach(() => {
  sandbox.reset();
});
afterAll(async () => {
  await sandbox.close();
});

type Data = Record<string, unknown>;
interface ClusterObject {
  cluster_config: Data;
  cluster_type: string;
  auth_info: unknown;
}

const legacy = (name: string): string => `${sandbox.roots.legacy.metadata}metadata_${name}/`;
const gateway = (name: string): string => `${sandbox.roots.gateway.metadata}${name}/`;
const esCluster = (extra: Data = {}): Data => ({
  cluster_name: 'es_demo',
  display_name: 'Demo ES',
  cluster_type: 'elasticsearch',
  domain_name: 'es.example.com',
  port: 9200,
  schema: 'http',
  auth_info: { username: 'elastic', password: 'secret' },
  version: '7.10.2',
  custom_option: JSON.stringify({ bk_biz_id: 2, hot_warm_config: { is_enabled: false } }),
  operator: 'admin',
  bk_username: 'admin',
  ...extra,
});
const create = async (body: Data, url = legacy('create_cluster_info')): Promise<Envelope<number | null>> =>
  (await sendJson<Envelope<number | null>>(sandbox, url, body)).body;
const list = async (query: Record<string, string> = {}, url = legacy('get_cluster_info')): Promise<ClusterObject[]> =>
  (await getJson<Envelope<ClusterObject[]>>(sandbox, url, query)).body.data;

describe('seeded clusters', () => {
  it('registers a _default Kafka and a _default ES cluster pointing at the sandbox listeners', async () => {
    const kafka = await list({ cluster_type: 'kafka', is_plain_text: 'true' });
    expect(kafka).toHaveLength(1);
    expect(kafka[0]).toMatchObject({
      cluster_type: 'kafka',
      cluster_config: {
        cluster_name: 'kafka_default',
        registered_system: '_default',
        is_default_cluster: true,
        domain_name: '127.0.0.1',
        port: sandbox.kafkaAddress.port,
      },
      auth_info: { username: '', password: '' },
    });
    const es = await list({ cluster_name: 'es_default', is_plain_text: 'true' });
    expect(es[0]).toMatchObject({
      cluster_config: { port: Number(new URL(sandbox.elasticsearchUrl).port), version: '7.10.2' },
      auth_info: { username: 'elastic', password: 'changeme' },
    });
    expect(sandbox.clusters.get('kafka_default')?.clusterType).toBe('kafka');
  });
});

describe('create_cluster_info', () => {
  it('creates a cluster, returns its id and records the caller as registered_system', async () => {
    const answer = await create(esCluster());
    expect(answer).toMatchObject({ result: true, code: 0, data: 3 });
    const [cluster] = await list({ cluster_id: '3' });
    expect(cluster).toMatchObject({
      cluster_type: 'elasticsearch',
      cluster_config: {
        cluster_id: 3,
        cluster_name: 'es_demo',
        display_name: 'Demo ES',
        domain_name: 'es.example.com',
        port: 9200,
        schema: 'http',
        version: '7.10.2',
        registered_system: 'bk_sandbox',
        creator: 'admin',
        is_default_cluster: false,
        custom_option: JSON.stringify({ bk_biz_id: 2, hot_warm_config: { is_enabled: false } }),
      },
    });
    expect(sandbox.clusters.get(3)).toMatchObject({ clusterName: 'es_demo', registeredSystem: 'bk_sandbox', tenantId: 'system' });
  });

  it('answers auth_info as base64 JSON unless is_plain_text=true', async () => {
    await create(esCluster());
    const [encoded] = await list({ cluster_name: 'es_demo' });
    expect(JSON.parse(Buffer.from(String(encoded!.auth_info), 'base64').toString('utf8'))).toEqual({ username: 'elastic', password: 'secret' });
    const [plain] = await list({ cluster_name: 'es_demo', is_plain_text: 'true' });
    expect(plain!.auth_info).toEqual({ username: 'elastic', password: 'secret' });
  });

  // CreateClusterInfoResource declares cluster_name a required RegexField: '' fails its regex.
  it('refuses an empty or missing cluster_name', async () => {
    expect(await create(esCluster({ cluster_name: '' }))).toMatchObject({ result: false, code: 3335001 });
    expect(await create(esCluster({ cluster_name: undefined }))).toMatchObject({ result: false, code: 3335001 });
  });

  it('answers consul_config: Unix-second times, base64:// certificates, no description', async () => {
    const before = Math.floor(Date.now() / 1000);
    await create(esCluster({ ssl_certificate_authorities: 'CA-PEM', description: 'kept but not answered' }));
    const [plain] = await list({ cluster_name: 'es_demo', is_plain_text: 'true' });
    const config = plain!.cluster_config;
    expect(config.create_time).toBeGreaterThanOrEqual(before);
    expect(Number.isInteger(config.last_modify_time)).toBe(true);
    expect(config).toMatchObject({
      ssl_certificate_authorities: `base64://${Buffer.from('CA-PEM').toString('base64')}`,
      raw_ssl_certificate_authorities: 'CA-PEM',
      ssl_certificate: '',
      raw_ssl_certificate: '',
    });
    expect(config).not.toHaveProperty('description');
    // Not plain text: each non-empty raw certificate is base64 too (QueryClusterInfoResource).
    const [encoded] = await list({ cluster_name: 'es_demo' });
    expect(encoded!.cluster_config).toMatchObject({ raw_ssl_certificate_authorities: Buffer.from('CA-PEM').toString('base64'), raw_ssl_certificate: '' });
  });

  it('keeps only username and password of auth_info; Kafka with both gets the deployment SASL settings', async () => {
    await create({
      ...esCluster({ cluster_name: 'kafka_sasl', cluster_type: 'kafka', domain_name: 'kafka.example.com' }),
      auth_info: { username: 'u', password: 'p', security_protocol: 'SSL', sasl_mechanisms: 'PLAIN' },
    });
    const [kafka] = await list({ cluster_name: 'kafka_sasl', is_plain_text: 'true' });
    expect(kafka!.auth_info).toEqual({ username: 'u', password: 'p', sasl_mechanisms: 'SCRAM-SHA-512', security_protocol: 'SASL_PLAINTEXT' });
  });

  it.each([
    [{ cluster_name: '-starts-with-dash' }, 'cluster_name'],
    [{ cluster_name: 'a'.repeat(51) }, 'cluster_name'],
    [{ cluster_name: 'has space' }, 'cluster_name'],
    [{ cluster_type: 'doris' }, 'cluster_type'],
    [{ operator: undefined }, 'operator'],
    [{ custom_option: { bk_biz_id: 2 } }, 'custom_option'],
    [{ custom_option: '{oops' }, 'custom_option'],
    [{ port: 'ninety' }, 'port'],
  ])('refuses %j', async (override, field) => {
    const answer = await create(esCluster(override));
    expect(answer).toMatchObject({ result: false, code: 3335001, data: null });
    expect(answer.message).toContain(field);
  });

  it('refuses a duplicate name and a duplicate (domain, port, username)', async () => {
    await create(esCluster());
    expect(await create(esCluster())).toMatchObject({ result: false, code: 3335002 });
    expect(await create(esCluster({ cluster_name: 'other' }))).toMatchObject({ result: false, code: 3335002 });
    expect((await create(esCluster({ cluster_name: 'other', auth_info: { username: 'reader', password: 'x' } }))).result).toBe(true);
  });

  it('is served on the gateway root as create_cluster_info/', async () => {
    expect((await create(esCluster(), gateway('create_cluster_info'))).result).toBe(true);
    expect(sandbox.lastCall()).toMatchObject({ route: 'metadata.create_cluster_info', path: '/api/bk-monitor/prod/app/metadata/create_cluster_info/' });
  });
});

describe('modify_cluster_info', () => {
  it('modifies own clusters by id or name and answers the plain config', async () => {
    await create(esCluster());
    const answer = await sendJson<Envelope<ClusterObject>>(sandbox, gateway('modify_cluster_info'), {
      cluster_name: 'es_demo',
      cluster_type: 'elasticsearch',
      display_name: 'Renamed',
      auth_info: { username: 'elastic', password: 'secret' },
      operator: 'alice',
    });
    expect(answer.body).toMatchObject({
      result: true,
      data: { cluster_config: { display_name: 'Renamed', last_modify_user: 'alice' }, auth_info: { username: 'elastic', password: 'secret' } },
    });
    const byId = await sendJson<Envelope<ClusterObject>>(sandbox, legacy('modify_cluster_info'), {
      cluster_id: 3,
      auth_info: { username: 'elastic', password: 'rotated' },
      operator: 'alice',
    });
    expect(byId.body.data.auth_info).toEqual({ username: 'elastic', password: 'rotated' });
  });

  // ModifyClusterInfoResource has no domain_name, port or version; auth_info left out is {}.
  it('ignores domain_name, port and version, and blanks the credentials when auth_info is left out', async () => {
    await create(esCluster());
    const answer = await sendJson<Envelope<ClusterObject>>(sandbox, legacy('modify_cluster_info'), {
      cluster_id: 3,
      domain_name: 'moved.example.com',
      port: 9201,
      version: '8.0.0',
      operator: 'alice',
    });
    expect(answer.body.data.cluster_config).toMatchObject({ domain_name: 'es.example.com', port: 9200, version: '7.10.2' });
    expect(answer.body.data.auth_info).toEqual({ username: '', password: '' });
  });

  it('may modify _default clusters, refuses unknown ones and bad input', async () => {
    expect(
      (await sendJson<Envelope>(sandbox, legacy('modify_cluster_info'), { cluster_name: 'kafka_default', description: 'x', operator: 'admin' })).body.result,
    ).toBe(true);
    expect((await sendJson<Envelope>(sandbox, legacy('modify_cluster_info'), { cluster_name: 'nope', operator: 'admin' })).body).toMatchObject({
      result: false,
      code: 3335003,
    });
    expect((await sendJson<Envelope>(sandbox, legacy('modify_cluster_info'), { cluster_id: 1 })).body).toMatchObject({ result: false, code: 3335001 });
    expect((await sendJson<Envelope>(sandbox, legacy('modify_cluster_info'), { cluster_id: 1, operator: 'a', custom_option: {} })).body).toMatchObject({
      result: false,
      code: 3335001,
    });
  });
});

describe('delete_cluster_info', () => {
  it('deletes own clusters on both spellings, gateway keeping the metadata_ prefix', async () => {
    await create(esCluster());
    await create(esCluster({ cluster_name: 'es_two', domain_name: 'two.example.com' }));
    expect(
      (await sendJson<Envelope>(sandbox, `${sandbox.roots.gateway.metadata}metadata_delete_cluster_info/`, { cluster_id: 3, bk_username: 'admin' })).body,
    ).toMatchObject({ result: true });
    expect((await sendJson<Envelope>(sandbox, legacy('delete_cluster_info'), { cluster_name: 'es_two' })).body).toMatchObject({ result: true });
    expect(sandbox.clusters.list().map((cluster) => cluster.clusterName)).toEqual(['kafka_default', 'es_default']);
  });

  it('refuses clusters registered by another system and unknown ones', async () => {
    expect((await sendJson<Envelope>(sandbox, legacy('delete_cluster_info'), { cluster_name: 'kafka_default' })).body).toMatchObject({
      result: false,
      code: 3335004,
    });
    expect((await sendJson<Envelope>(sandbox, legacy('delete_cluster_info'), { cluster_id: 99 })).body).toMatchObject({ result: false, code: 3335003 });
  });
});

describe('get_cluster_info', () => {
  it('filters by cluster_id, cluster_name and cluster_type, on both spellings, per tenant', async () => {
    await create(esCluster());
    expect((await list({}, gateway('get_cluster_info'))).map((cluster) => cluster.cluster_config.cluster_name)).toEqual([
      'kafka_default',
      'es_default',
      'es_demo',
    ]);
    expect((await list({ cluster_type: 'elasticsearch' })).map((cluster) => cluster.cluster_config.cluster_id)).toEqual([2, 3]);
    expect(await list({ cluster_type: 'redis' })).toEqual([]);
    // cluster_id wins over cluster_name (QueryClusterInfoResource).
    expect((await list({ cluster_id: '1', cluster_name: 'es_demo' })).map((cluster) => cluster.cluster_config.cluster_name)).toEqual(['kafka_default']);
    const otherTenant = await getJson<Envelope<ClusterObject[]>>(sandbox, legacy('get_cluster_info'), {}, { 'x-bk-tenant-id': 'tenant-b' });
    expect(otherTenant.body.data).toEqual([]);
  });

  it('is GET only', async () => {
    expect((await sendJson(sandbox, legacy('get_cluster_info'), {})).status).toBe(404);
  });
});

describe('minimal answers', () => {
  let minimal: Sandbox;
  beforeAll(async () => {
    minimal = await startSandbox({ answers: 'minimal' });
  });
  afterAll(async () => {
    await minimal.close();
  });

  // What the 2021 consul_config and the API doc example (query_cluster_info.md) have in common.
  it('leaves out what later metadata versions added (display_name, extranet_*, ssl_*)', async () => {
    const answer = await getJson<Envelope<ClusterObject[]>>(minimal, `${minimal.roots.legacy.metadata}metadata_get_cluster_info/`, {
      cluster_name: 'es_default',
      is_plain_text: 'true',
    });
    const [cluster] = answer.body.data;
    expect(Object.keys(cluster!).sort()).toEqual(['auth_info', 'cluster_config', 'cluster_type']);
    expect(Object.keys(cluster!.cluster_config).sort()).toEqual([
      'cluster_id',
      'cluster_name',
      'create_time',
      'creator',
      'custom_option',
      'domain_name',
      'is_default_cluster',
      'is_ssl_verify',
      'last_modify_time',
      'last_modify_user',
      'port',
      'registered_system',
      'schema',
      'version',
    ]);
  });
});
