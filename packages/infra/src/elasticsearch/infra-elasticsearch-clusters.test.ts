import { ApiRequestError, ValidationError } from '@x/errors';
import { callsTo, rejection, sandboxAnswersFromEnvironment, useClosing, useSandbox } from '@x/sandbox/vitest';
import { captureLogger } from '@x/test-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InfraClient } from '../infra-client.js';
import type { InfraSettings } from '../infra-settings.js';
import { isProbeError } from '../probe/infra-probe-error.js';
import { elasticsearchAddress, INFRA_SANDBOX, infraOnSandbox } from '../test-support/infra-on-sandbox.js';
import { closedPort, ipv6Available, startFakeElasticsearch, testCertificate } from '../test-support/test-servers.js';
import type { TestServer } from '../test-support/test-servers.js';

const sandbox = useSandbox(INFRA_SANDBOX);
const track = useClosing();
const create = (settings?: InfraSettings): InfraClient => track(infraOnSandbox(sandbox(), settings));

function sandboxEs(): { host: string; port: number } {
  // The sandbox registers its own listener as es_default at 127.0.0.1; `localhost` is another address.
  return { host: 'localhost', port: elasticsearchAddress(sandbox()).port };
}

function registration(overrides: Record<string, unknown> = {}) {
  return { name: 'es_logs', displayName: 'Log ES', bkBizId: 2, ...sandboxEs(), username: 'elastic', password: 'changeme', ...overrides };
}

describe('es.register', () => {
  it('probes, checks for duplicates, then creates with the detected version and bklog custom_option layout', async () => {
    const logger = captureLogger();
    const infra = create({ logger });
    const result = await infra.es.register(
      registration({
        version: '5.4.0',
        hotWarm: { enabled: true, hotAttrName: 'temperature', hotAttrValue: 'hot', warmAttrName: 'temperature', warmAttrValue: 'warm' },
        visibility: { type: 'multi_biz', bizIds: [2, 3] },
        setup: { retentionDaysMax: 30, retentionDaysDefault: 14 },
        admins: ['admin', 'ops'],
        description: 'production logs',
        option: { tier: 'gold' },
        clusterNamespace: 'ns1',
        extranetHost: 'es.public.example.com',
        extranetPort: 443,
      }),
    );
    expect(result).toMatchObject({ clusterName: 'es_logs', version: '7.10.2', probe: { reachable: true, version: '7.10.2', host: 'localhost' } });
    expect(sandbox().calls.map((call) => call.route)).toEqual(['metadata.get_cluster_info', 'metadata.create_cluster_info']);
    expect(callsTo(sandbox(), 'metadata.get_cluster_info')[0]?.query).toMatchObject({ cluster_type: 'elasticsearch' });
    const body = callsTo(sandbox(), 'metadata.create_cluster_info')[0]?.body as Record<string, unknown>;
    expect({ ...body, custom_option: JSON.parse(body.custom_option as string) as unknown }).toEqual({
      cluster_name: 'es_logs',
      display_name: 'Log ES',
      cluster_type: 'elasticsearch',
      domain_name: 'localhost',
      port: sandboxEs().port,
      schema: 'http',
      auth_info: { username: 'elastic', password: 'changeme' },
      version: '7.10.2',
      description: 'production logs',
      is_ssl_verify: true,
      extranet_domain_name: 'es.public.example.com',
      extranet_port: 443,
      bk_username: 'admin',
      operator: 'admin',
      custom_option: {
        bk_biz_id: 2,
        hot_warm_config: { is_enabled: true, hot_attr_name: 'temperature', hot_attr_value: 'hot', warm_attr_name: 'temperature', warm_attr_value: 'warm' },
        source_type: 'other',
        visible_config: { visible_type: 'multi_biz', visible_bk_biz: [2, 3], bk_biz_labels: {} },
        setup_config: {
          retention_days_max: 30,
          retention_days_default: 14,
          number_of_replicas_max: 0,
          number_of_replicas_default: 0,
          es_shards_default: 3,
          es_shards_max: 64,
        },
        admin: ['admin', 'ops'],
        description: 'production logs',
        enable_archive: false,
        enable_assessment: false,
        cluster_namespace: 'ns1',
        option: { tier: 'gold' },
      },
    });
    expect(sandbox().clusters.get(result.clusterId)).toMatchObject({ clusterType: 'elasticsearch', version: '7.10.2', authInfo: { password: 'changeme' } });
    expect(JSON.stringify(result)).not.toContain('changeme');
    expect(logger.text()).not.toContain('changeme');
  });

  it('registers nothing when the probe fails on credentials, and keeps the password out of the error', async () => {
    const infra = create();
    const error = await rejection(infra.es.register(registration({ password: 'not-the-password' })));
    expect(isProbeError(error)).toBe(true);
    expect((error as ApiRequestError).data).toMatchObject({ stage: 'auth' });
    expect(JSON.stringify((error as ApiRequestError).toJSON())).not.toContain('not-the-password');
    expect(sandbox().calls).toHaveLength(0);
  });

  it('registers nothing when the cluster is unreachable', async () => {
    const infra = create();
    const port = await closedPort();
    const error = await rejection(infra.es.register(registration({ host: '127.0.0.1', port })));
    expect((error as ApiRequestError).data).toMatchObject({ stage: 'tcp', reason: 'ECONNREFUSED' });
    expect(sandbox().calls).toHaveLength(0);
  });

  it('refuses a (host, port) that is already registered', async () => {
    const infra = create();
    const error = await rejection(infra.es.register(registration({ host: '127.0.0.1' })));
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).fields).toEqual(['host']);
    expect((error as ValidationError).message).toContain('es_default');
    expect(callsTo(sandbox(), 'metadata.create_cluster_info')).toHaveLength(0);
  });

  it('refuses a used name, and a used display name where metadata answers display names', async () => {
    const infra = create();
    const name = await rejection(infra.es.register(registration({ name: 'es_default' })));
    expect((name as ValidationError).fields).toEqual(['name']);
    if (sandboxAnswersFromEnvironment() === 'full') {
      const display = await rejection(infra.es.register(registration({ displayName: 'Default Elasticsearch' })));
      expect((display as ValidationError).fields).toEqual(['displayName']);
      expect(callsTo(sandbox(), 'metadata.create_cluster_info')).toHaveLength(0);
    } else {
      // Older metadata has no display_name in its answers (and no such column): nothing to clash with.
      await expect(infra.es.register(registration({ displayName: 'Default Elasticsearch' }))).resolves.toMatchObject({ clusterName: 'es_logs' });
    }
  });

  describe.skipIf(!ipv6Available)('IPv6', () => {
    let server: TestServer & { readonly requests: string[] };
    beforeAll(async () => {
      server = await startFakeElasticsearch({ host: '::1' });
    });
    afterAll(async () => {
      await server.close();
    });

    it('registers the exploded address and refuses another spelling of it', async () => {
      const infra = create();
      const first = await infra.es.register({ name: 'es_v6', displayName: 'v6', bkBizId: 2, host: '[::1]', port: server.port });
      expect(first.version).toBe('8.15.0');
      expect(sandbox().clusters.get(first.clusterId)?.domainName).toBe('0000:0000:0000:0000:0000:0000:0000:0001');
      const error = await rejection(infra.es.register({ name: 'es_v6_again', displayName: 'v6 again', bkBizId: 2, host: '0:0::1', port: server.port }));
      expect((error as ValidationError).fields).toEqual(['host']);
    });
  });

  it('validates before probing: hot/warm attributes, setup limits, the name', async () => {
    const server = await startFakeElasticsearch();
    try {
      const infra = create();
      const hotWarm = await rejection(
        infra.es.register(registration({ host: server.host, port: server.port, hotWarm: { enabled: true, hotAttrName: 'temperature' } })),
      );
      expect((hotWarm as ValidationError).fields).toEqual(['hotWarm.hotAttrValue', 'hotWarm.warmAttrName', 'hotWarm.warmAttrValue']);
      const setup = await rejection(infra.es.register(registration({ host: server.host, port: server.port, setup: { esShardsDefault: 100 } })));
      expect((setup as ValidationError).fields).toEqual(['setup.esShardsDefault']);
      const name = await rejection(infra.es.register(registration({ host: server.host, port: server.port, name: 'bad name', bkBizId: undefined })));
      expect((name as ValidationError).fields).toEqual(['name', 'bkBizId']);
      expect(server.requests).toHaveLength(0);
      expect(server.connections).toBe(0);
      expect(sandbox().calls).toHaveLength(0);
    } finally {
      await server.close();
    }
  });

  it('verifies TLS unless sslVerify is false, and registers is_ssl_verify accordingly', async () => {
    const server = await startFakeElasticsearch({ tls: true, password: 'tls-pass' });
    try {
      const infra = create();
      const base = {
        name: 'es_tls',
        displayName: 'TLS',
        bkBizId: 2,
        host: server.host,
        port: server.port,
        schema: 'https' as const,
        username: 'elastic',
        password: 'tls-pass',
      };
      const error = await rejection(infra.es.register(base));
      expect((error as ApiRequestError).data).toMatchObject({ stage: 'tls' });
      expect(sandbox().calls).toHaveLength(0);
      const trusted = await infra.es.register({ ...base, ca: testCertificate });
      expect(callsTo(sandbox(), 'metadata.create_cluster_info')[0]?.body).toMatchObject({ schema: 'https', is_ssl_verify: true });
      await infra.es.delete({ clusterId: trusted.clusterId });
      await infra.es.register({ ...base, sslVerify: false });
      expect(callsTo(sandbox(), 'metadata.create_cluster_info')[1]?.body).toMatchObject({ is_ssl_verify: false });
    } finally {
      await server.close();
    }
  });
});

describe('es.update', () => {
  // bkmonitor's ModifyClusterInfoResource sets username/password from auth_info, '' when it is left
  // out: the update must send the stored credentials, or metadata erases them.
  it('keeps the stored credentials when username and password are blank: re-probes with them and sends them', async () => {
    const infra = create();
    const { clusterId } = await infra.es.register(registration());
    const before = sandbox().calls.length;
    const result = await infra.es.update({ clusterId, username: '', password: '', description: 'moved', setup: { retentionDaysDefault: 3 } });
    expect(result).toMatchObject({ clusterId, clusterName: 'es_logs', version: '7.10.2', probe: { authenticated: true } });
    const calls = sandbox().calls.slice(before);
    expect(calls.map((call) => call.route)).toEqual(['metadata.get_cluster_info', 'metadata.modify_cluster_info']);
    expect(calls[0]?.query).toMatchObject({ cluster_id: String(clusterId), cluster_type: 'elasticsearch', is_plain_text: 'true' });
    const body = calls[1]?.body as Record<string, unknown>;
    expect(body).toMatchObject({
      cluster_id: clusterId,
      cluster_name: 'es_logs',
      cluster_type: 'elasticsearch',
      description: 'moved',
      version: '7.10.2',
      auth_info: { username: 'elastic', password: 'changeme' },
    });
    expect(JSON.parse(body.custom_option as string)).toMatchObject({
      bk_biz_id: 2,
      description: 'moved',
      setup_config: { retention_days_max: 7, retention_days_default: 3 },
    });
    expect(sandbox().clusters.get(clusterId)?.authInfo).toEqual({ username: 'elastic', password: 'changeme' });
    expect(JSON.stringify(result)).not.toContain('changeme');
  });

  it('sends new credentials, merged with the stored user, after probing with them', async () => {
    const server = await startFakeElasticsearch({ username: 'elastic', password: 'new-pass' });
    try {
      const logger = captureLogger();
      const infra = create({ logger });
      const { clusterId } = await infra.es.register(registration({ host: server.host, port: server.port, password: 'new-pass' }));
      const wrong = await rejection(infra.es.update({ clusterId, password: 'bad-pass' }));
      expect((wrong as ApiRequestError).data).toMatchObject({ stage: 'auth' });
      expect(callsTo(sandbox(), 'metadata.modify_cluster_info')).toHaveLength(0);
      await infra.es.update({ clusterId, host: server.host, port: server.port, password: 'new-pass' });
      expect(callsTo(sandbox(), 'metadata.modify_cluster_info')[0]?.body).toMatchObject({
        domain_name: server.host,
        port: server.port,
        auth_info: { username: 'elastic', password: 'new-pass' },
        version: '8.15.0',
      });
      expect(logger.text()).not.toMatch(/new-pass|bad-pass|changeme/);
    } finally {
      await server.close();
    }
  });

  it('keeps what was stored in custom_option (bkbase_cluster_id, option) and forces the stored name', async () => {
    const infra = create();
    const { clusterId } = await infra.es.register(registration({ option: { tier: 'gold' }, setup: { retentionDaysMax: 30 } }));
    const [stored] = await infra.clusters.get({ cluster_id: clusterId });
    await infra.clusters.modify({
      cluster_id: clusterId,
      custom_option: { ...stored?.cluster_config.custom_option, bkbase_cluster_id: 'bk_es_1' },
      auth_info: { username: 'elastic', password: 'changeme' },
    });
    // A cluster is never renamed: `name` is not a field of an update, refused before anything is sent.
    const calls = sandbox().calls.length;
    const renamed = await rejection(infra.es.update({ clusterId, admins: ['new-admin'], name: 'renamed' } as never));
    expect((renamed as ValidationError).message).toContain('unknown field "name"');
    expect(sandbox().calls).toHaveLength(calls);
    await infra.es.update({ clusterId, admins: ['new-admin'] });
    const body = callsTo(sandbox(), 'metadata.modify_cluster_info')[1]?.body as Record<string, unknown>;
    expect(body.cluster_name).toBe('es_logs');
    expect(JSON.parse(body.custom_option as string)).toMatchObject({
      bkbase_cluster_id: 'bk_es_1',
      option: { tier: 'gold' },
      admin: ['new-admin'],
      setup_config: { retention_days_max: 30 },
    });
  });

  // ModifyClusterInfoResource has no domain_name or port: metadata would drop them and answer success.
  it('refuses a new address before probing or sending anything', async () => {
    const infra = create();
    const { clusterId } = await infra.es.register(registration());
    const before = sandbox().calls.length;
    const error = await rejection(infra.es.update({ clusterId, host: '127.0.0.1', port: 9201 }));
    expect((error as ValidationError).fields).toEqual(['host', 'port']);
    expect(
      sandbox()
        .calls.slice(before)
        .map((call) => call.route),
    ).toEqual(['metadata.get_cluster_info']);
  });

  it('refuses an unknown id and an id of another type', async () => {
    const infra = create();
    const kafkaId = sandbox().clusters.get('kafka_default')?.clusterId ?? 0;
    for (const clusterId of [999, kafkaId]) {
      const error = await rejection(infra.es.update({ clusterId, description: 'x' }));
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).fields).toEqual(['clusterId']);
    }
    expect(callsTo(sandbox(), 'metadata.modify_cluster_info')).toHaveLength(0);
  });

  it('surfaces a metadata refusal of the modify as ApiResultError', async () => {
    const infra = create();
    const { clusterId } = await infra.es.register(registration());
    sandbox().inject({ kind: 'result-false', route: 'modify_cluster_info', times: 1 });
    const error = await rejection(infra.es.update({ clusterId, description: 'x' }));
    expect((error as { name: string }).name).toBe('ApiResultError');
  });
});

describe('es.delete and es.list', () => {
  it('deletes a registered Elasticsearch cluster by id', async () => {
    const infra = create({ gatewayMode: 'legacy' });
    const { clusterId } = await infra.es.register(registration());
    expect(await infra.es.delete({ clusterId })).toEqual({ clusterId, clusterName: 'es_logs' });
    const [call] = callsTo(sandbox(), 'metadata.delete_cluster_info');
    expect(call).toMatchObject({ path: '/api/c/compapi/v2/monitor_v3/metadata_delete_cluster_info/', body: { cluster_id: clusterId } });
    expect(callsTo(sandbox(), 'metadata.get_cluster_info').at(-1)?.query).not.toHaveProperty('is_plain_text');
    expect(sandbox().clusters.get(clusterId)).toBeUndefined();
  });

  it('refuses to delete a Kafka cluster through es.delete', async () => {
    const infra = create();
    const kafkaId = sandbox().clusters.get('kafka_default')?.clusterId ?? 0;
    const error = await rejection(infra.es.delete({ clusterId: kafkaId }));
    expect((error as ValidationError).fields).toEqual(['clusterId']);
    expect(callsTo(sandbox(), 'metadata.delete_cluster_info')).toHaveLength(0);
  });

  it('lists Elasticsearch clusters with passwords blanked unless asked for', async () => {
    const infra = create();
    await infra.es.register(registration());
    const listed = await infra.es.list();
    expect(listed.map((cluster) => [cluster.clusterType, cluster.clusterName, cluster.raw.cluster_type])).toEqual([
      ['elasticsearch', 'es_default', 'elasticsearch'],
      ['elasticsearch', 'es_logs', 'elasticsearch'],
    ]);
    expect(listed.map((cluster) => [cluster.password, cluster.raw.auth_info.password])).toEqual([
      ['', ''],
      ['', ''],
    ]);
    expect(JSON.stringify(listed)).not.toContain('changeme');
    const secret = await infra.es.list({ includeSecrets: true });
    expect(secret.map((cluster) => cluster.password)).toEqual(['changeme', 'changeme']);
  });

  it('fails the list with ApiRequestError on a server error', async () => {
    const infra = create({ retry: false });
    sandbox().inject({ kind: 'status', status: 500, route: 'get_cluster_info', times: 1 });
    const error = await rejection(infra.es.list());
    expect(ApiRequestError.isInstance(error)).toBe(true);
  });
});
