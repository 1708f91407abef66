import { ValidationError } from '@x/errors';
import type { ApiRequestError } from '@x/errors';
import { callsTo, rejection, useClosing, useSandbox } from '@x/sandbox/vitest';
import { captureLogger } from '@x/test-services';
import { describe, expect, it } from 'vitest';
import type { InfraClient } from '../infra-client.js';
import type { InfraSettings } from '../infra-settings.js';
import { startFakeBroker } from '../test-support/fake-kafka-broker.js';
import { elasticsearchAddress, INFRA_SANDBOX, infraOnSandbox } from '../test-support/infra-on-sandbox.js';
import { testCertificate } from '../test-support/test-servers.js';
import { startTlsProxy } from '../test-support/tls-proxy.js';

// A SASL_PLAINTEXT broker that enables PLAIN and SCRAM-SHA-512 (not SCRAM-SHA-256) for one user.
const sandbox = useSandbox({ ...INFRA_SANDBOX, kafka: { saslRequired: true, mechanisms: ['PLAIN', 'SCRAM-SHA-512'], users: { bklog: 'sasl-s3cret' } } });
const track = useClosing();
const create = (settings?: InfraSettings): InfraClient => track(infraOnSandbox(sandbox(), settings));

function sandboxKafka(): { host: string; port: number } {
  // kafka_default is registered at 127.0.0.1; `localhost` is another address for the same listener.
  return { host: 'localhost', port: sandbox().kafkaAddress.port };
}

const sasl = { securityProtocol: 'SASL_PLAINTEXT', saslMechanisms: 'SCRAM-SHA-512', username: 'bklog', password: 'sasl-s3cret' } as const;

describe('kafka.register', () => {
  it('authenticates, reads the cluster, then creates a kafka cluster with the SASL fields in auth_info', async () => {
    const logger = captureLogger();
    const infra = create({ logger });
    const result = await infra.kafka.register({
      name: 'kafka_logs',
      displayName: 'Log Kafka',
      ...sandboxKafka(),
      ...sasl,
      version: '3.6.0',
      bkBizId: 2,
      customOption: { zone: 'a' },
      description: 'logs',
    });
    expect(result).toMatchObject({
      clusterName: 'kafka_logs',
      probe: {
        reachable: true,
        apiVersionsVersion: 3,
        tls: false,
        authenticated: true,
        saslMechanism: 'SCRAM-SHA-512',
        controllerId: 1,
        brokers: [{ nodeId: 1 }],
      },
    });
    expect(sandbox().calls.map((call) => call.route)).toEqual(['metadata.get_cluster_info', 'metadata.create_cluster_info']);
    expect(callsTo(sandbox(), 'metadata.get_cluster_info')[0]?.query).toMatchObject({ cluster_type: 'kafka' });
    expect(callsTo(sandbox(), 'metadata.create_cluster_info')[0]?.body).toEqual({
      cluster_name: 'kafka_logs',
      display_name: 'Log Kafka',
      cluster_type: 'kafka',
      domain_name: 'localhost',
      port: sandboxKafka().port,
      auth_info: { username: 'bklog', password: 'sasl-s3cret', security_protocol: 'SASL_PLAINTEXT', sasl_mechanisms: 'SCRAM-SHA-512' },
      is_ssl_verify: false,
      custom_option: '{"zone":"a","bk_biz_id":2}',
      version: '3.6.0',
      description: 'logs',
      bk_username: 'admin',
      operator: 'admin',
    });
    // metadata keeps only username and password; the SASL settings it answers are its deployment's
    // (bkmonitor metadata/config.py KAFKA_SASL_MECHANISM / KAFKA_SASL_PROTOCOL, ClusterInfo.consul_config).
    expect(sandbox().clusters.get(result.clusterId)?.authInfo).toEqual({ username: 'bklog', password: 'sasl-s3cret' });
    expect(JSON.stringify(result)).not.toContain('sasl-s3cret');
    expect(logger.text()).not.toContain('sasl-s3cret');
  });

  it('registers a PLAINTEXT broker with empty credentials', async () => {
    const broker = await startFakeBroker();
    try {
      const infra = create({ gatewayMode: 'legacy' });
      const result = await infra.kafka.register({ name: 'kafka_plain', displayName: 'Plain', host: broker.host, port: broker.port });
      expect(result.probe).toMatchObject({ authenticated: false, saslMechanism: undefined });
      expect(callsTo(sandbox(), 'metadata.create_cluster_info')[0]).toMatchObject({
        path: '/api/c/compapi/v2/monitor_v3/metadata_create_cluster_info/',
        body: { cluster_type: 'kafka', auth_info: { username: '', password: '', security_protocol: 'PLAINTEXT' }, custom_option: '{}' },
      });
    } finally {
      await broker.close();
    }
  });

  it('registers nothing on a wrong password, a missing password or a mechanism the broker does not enable, each with its own message', async () => {
    const logger = captureLogger();
    const infra = create({ logger });
    const base = { name: 'kafka_logs', displayName: 'Log Kafka', ...sandboxKafka() };
    const wrong = (await rejection(infra.kafka.register({ ...base, ...sasl, password: 'wr0ng-pass' }))) as ApiRequestError;
    expect(wrong.data).toMatchObject({ probe: 'kafka', stage: 'auth', reason: 'sasl-authentication-failed' });
    expect(wrong.message).toContain('SASL SCRAM-SHA-512 authentication as "bklog" was refused: the user name or password is wrong');
    // No credentials at all for a broker that wants them.
    const missing = (await rejection(infra.kafka.register(base))) as ApiRequestError;
    expect(missing.data).toMatchObject({ stage: 'auth', reason: 'sasl-required' });
    expect(missing.message).toContain('its listener requires SASL authentication');
    // A SASL protocol without a password never reaches the broker.
    const noPassword = (await rejection(infra.kafka.register({ ...base, ...sasl, password: '' }))) as ValidationError;
    expect(noPassword.fields).toEqual(['password']);
    const mechanism = (await rejection(infra.kafka.register({ ...base, ...sasl, saslMechanisms: 'SCRAM-SHA-256' }))) as ApiRequestError;
    expect(mechanism.data).toMatchObject({ stage: 'auth', reason: 'sasl-mechanism-unsupported' });
    expect(mechanism.message).toContain('the broker does not enable SASL SCRAM-SHA-256; it enables PLAIN, SCRAM-SHA-512');
    expect(callsTo(sandbox(), 'metadata.create_cluster_info')).toHaveLength(0);
    expect(sandbox().clusters.get('kafka_logs')).toBeUndefined();
    for (const error of [wrong, missing, mechanism])
      expect(JSON.stringify({ message: error.message, data: error.data, stack: error.stack })).not.toMatch(/wr0ng-pass|sasl-s3cret/);
    expect(logger.text()).not.toMatch(/wr0ng-pass|sasl-s3cret/);
  });

  it('refuses mechanisms the probe cannot check (GSSAPI, OAUTHBEARER) before probing', async () => {
    const infra = create();
    const error = await rejection(infra.kafka.register({ name: 'k', displayName: 'K', ...sandboxKafka(), ...sasl, saslMechanisms: 'GSSAPI' }));
    expect((error as ValidationError).fields).toEqual(['saslMechanisms']);
    expect((error as ValidationError).message).toContain('GSSAPI cannot be checked by the probe');
    expect(sandbox().calls).toHaveLength(0);
  });

  it('validates SASL settings before probing', async () => {
    const infra = create();
    const noMechanism = await rejection(
      infra.kafka.register({ name: 'k', displayName: 'K', ...sandboxKafka(), securityProtocol: 'SASL_SSL', username: 'u', password: 'p' }),
    );
    expect((noMechanism as ValidationError).fields).toEqual(['saslMechanisms']);
    const noSecret = await rejection(
      infra.kafka.register({ name: 'k', displayName: 'K', ...sandboxKafka(), securityProtocol: 'SASL_PLAINTEXT', saslMechanisms: 'PLAIN' }),
    );
    expect((noSecret as ValidationError).fields).toEqual(['username', 'password']);
    const badEnum = await rejection(infra.kafka.register({ name: 'k', displayName: 'K', ...sandboxKafka(), securityProtocol: 'TLS' as never }));
    expect((badEnum as ValidationError).fields).toEqual(['securityProtocol']);
    expect(sandbox().calls).toHaveLength(0);
  });

  it('registers nothing when the address does not speak Kafka', async () => {
    const infra = create();
    const error = await rejection(infra.kafka.register({ name: 'k', displayName: 'K', ...elasticsearchAddress(sandbox()) }));
    expect((error as ApiRequestError).data).toMatchObject({ probe: 'kafka', stage: 'protocol' });
    expect(sandbox().calls).toHaveLength(0);
  });

  it('refuses an address already registered', async () => {
    const infra = create();
    const error = await rejection(infra.kafka.register({ name: 'k', displayName: 'K', host: '127.0.0.1', port: sandboxKafka().port, ...sasl }));
    expect((error as ValidationError).fields).toEqual(['host']);
    expect((error as ValidationError).message).toContain('kafka_default');
    expect(callsTo(sandbox(), 'metadata.create_cluster_info')).toHaveLength(0);
  });

  it('probes SASL_SSL brokers over TLS, verifying the certificate unless sslVerify is false', async () => {
    const broker = await startTlsProxy(sandbox().kafkaAddress);
    try {
      const infra = create();
      const base = { name: 'kafka_tls', displayName: 'TLS', host: broker.host, port: broker.port, ...sasl, securityProtocol: 'SASL_SSL' as const };
      const untrusted = await rejection(infra.kafka.register(base));
      expect((untrusted as ApiRequestError).data).toMatchObject({ stage: 'tls', reason: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
      expect(sandbox().calls).toHaveLength(0);
      const trusted = await infra.kafka.register({ ...base, ca: testCertificate });
      expect(trusted.probe).toMatchObject({ tls: true, authenticated: true, apiVersionsVersion: 3 });
      expect(callsTo(sandbox(), 'metadata.create_cluster_info')[0]?.body).toMatchObject({ is_ssl_verify: true, auth_info: { security_protocol: 'SASL_SSL' } });
      await infra.kafka.delete({ clusterId: trusted.clusterId });
      await infra.kafka.register({ ...base, sslVerify: false });
      expect(callsTo(sandbox(), 'metadata.create_cluster_info')[1]?.body).toMatchObject({ is_ssl_verify: false });
    } finally {
      await broker.close();
    }
  });
});

describe('kafka.update', () => {
  // ModifyClusterInfoResource blanks username/password when auth_info is left out: always send them.
  it('keeps the stored SASL credentials when left blank, sending them again', async () => {
    const infra = create();
    const { clusterId } = await infra.kafka.register({ name: 'kafka_logs', displayName: 'Log Kafka', ...sandboxKafka(), ...sasl });
    const before = sandbox().calls.length;
    const result = await infra.kafka.update({ clusterId, description: 'rack 2', password: '' });
    expect(result).toMatchObject({ clusterId, clusterName: 'kafka_logs', probe: { reachable: true } });
    const calls = sandbox().calls.slice(before);
    expect(calls.map((call) => call.route)).toEqual(['metadata.get_cluster_info', 'metadata.modify_cluster_info']);
    expect(calls[0]?.query).toMatchObject({ cluster_type: 'kafka', is_plain_text: 'true' });
    expect(calls[1]?.body).toMatchObject({
      cluster_id: clusterId,
      cluster_name: 'kafka_logs',
      cluster_type: 'kafka',
      description: 'rack 2',
      auth_info: { username: 'bklog', password: 'sasl-s3cret' },
    });
    expect(sandbox().clusters.get(clusterId)?.authInfo).toMatchObject({ username: 'bklog', password: 'sasl-s3cret' });
  });

  it('sends the whole auth_info, stored secrets merged in, when the security settings change', async () => {
    const logger = captureLogger();
    const infra = create({ logger });
    const { clusterId } = await infra.kafka.register({ name: 'kafka_logs', displayName: 'Log Kafka', ...sandboxKafka(), ...sasl });
    const updated = await infra.kafka.update({ clusterId, saslMechanisms: 'PLAIN', customOption: { zone: 'b' } });
    expect(updated.probe).toMatchObject({ authenticated: true, saslMechanism: 'PLAIN' });
    expect(callsTo(sandbox(), 'metadata.modify_cluster_info')[0]?.body).toMatchObject({
      auth_info: { username: 'bklog', password: 'sasl-s3cret', security_protocol: 'SASL_PLAINTEXT', sasl_mechanisms: 'PLAIN' },
      custom_option: '{"bk_biz_id":"","zone":"b"}',
    });
    expect(logger.text()).not.toContain('sasl-s3cret');
  });

  it('modifies nothing when the new password is wrong', async () => {
    const infra = create();
    const { clusterId } = await infra.kafka.register({ name: 'kafka_logs', displayName: 'Log Kafka', ...sandboxKafka(), ...sasl });
    const error = (await rejection(infra.kafka.update({ clusterId, password: 'wr0ng-pass' }))) as ApiRequestError;
    expect(error.data).toMatchObject({ stage: 'auth', reason: 'sasl-authentication-failed' });
    expect(callsTo(sandbox(), 'metadata.modify_cluster_info')).toHaveLength(0);
    expect(sandbox().clusters.get(clusterId)?.authInfo).toMatchObject({ password: 'sasl-s3cret' });
  });

  it('re-probes the stored address before modifying, refuses a new address and an unknown cluster', async () => {
    const broker = await startFakeBroker({ maxVersion: 2 });
    try {
      const infra = create();
      const { clusterId } = await infra.kafka.register({ name: 'kafka_logs', displayName: 'Log Kafka', host: broker.host, port: broker.port });
      const updated = await infra.kafka.update({ clusterId, description: 'rack 2' });
      expect(updated.probe.apiVersionsVersion).toBe(0);
      expect(callsTo(sandbox(), 'metadata.modify_cluster_info')[0]?.body).toMatchObject({ domain_name: broker.host, port: broker.port });
      // metadata's modify has no domain_name/port (ModifyClusterInfoResource): a move would be dropped.
      const moved = await rejection(infra.kafka.update({ clusterId, port: sandboxKafka().port }));
      expect((moved as ValidationError).fields).toEqual(['port']);
      const esId = sandbox().clusters.get('es_default')?.clusterId ?? 0;
      const error = await rejection(infra.kafka.update({ clusterId: esId }));
      expect((error as ValidationError).fields).toEqual(['clusterId']);
    } finally {
      await broker.close();
    }
  });
});

describe('kafka.delete and kafka.list', () => {
  it('deletes by id and lists with SASL secrets blanked unless asked for', async () => {
    const infra = create();
    const { clusterId } = await infra.kafka.register({ name: 'kafka_logs', displayName: 'Log Kafka', ...sandboxKafka(), ...sasl });
    const listed = await infra.kafka.list();
    expect(listed.map((cluster) => cluster.clusterName)).toEqual(['kafka_default', 'kafka_logs']);
    expect(listed[1]).toMatchObject({
      clusterType: 'kafka',
      username: 'bklog',
      password: '',
      securityProtocol: 'SASL_PLAINTEXT',
      saslMechanisms: 'SCRAM-SHA-512',
    });
    expect(listed[1]?.raw.auth_info).toEqual({ username: 'bklog', password: '', security_protocol: 'SASL_PLAINTEXT', sasl_mechanisms: 'SCRAM-SHA-512' });
    expect((await infra.kafka.list({ includeSecrets: true }))[1]?.password).toBe('sasl-s3cret');
    expect(await infra.kafka.delete({ clusterId })).toEqual({ clusterId, clusterName: 'kafka_logs' });
    expect(callsTo(sandbox(), 'metadata.delete_cluster_info')[0]).toMatchObject({
      path: '/api/bk-monitor/prod/app/metadata/metadata_delete_cluster_info/',
      body: { cluster_id: clusterId },
    });
    expect(sandbox().clusters.get(clusterId)).toBeUndefined();
  });

  it('surfaces metadata refusing to delete a platform cluster as ApiResultError', async () => {
    const infra = create();
    const kafkaId = sandbox().clusters.get('kafka_default')?.clusterId ?? 0;
    const error = await rejection(infra.kafka.delete({ clusterId: kafkaId }));
    expect((error as { name: string; code: string }).name).toBe('ApiResultError');
    expect((error as { code: string }).code).toBe('3335004');
  });

  it('validates the id', async () => {
    const infra = create();
    const error = await rejection(infra.kafka.delete({ clusterId: -1 }));
    expect(ValidationError.isInstance(error)).toBe(true);
    expect(sandbox().calls).toHaveLength(0);
  });
});
