import { inspect } from 'node:util';
import { ValidationError } from '@x/errors';
import { useSandbox } from '@x/sandbox/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INFRA_SANDBOX } from '../test-support/infra-on-sandbox.js';
import { probeFailure } from '../test-support/probe-failure.js';
import { testCertificate } from '../test-support/test-servers.js';
import { startTlsProxy } from '../test-support/tls-proxy.js';
import type { TlsProxy } from '../test-support/tls-proxy.js';
import { probeKafka } from './infra-kafka-probe.js';

const PASSWORD = 'kafka-Secret-42';
const WRONG = 'not-the-Secret-17';

/** Everything an error carries, its causes included, as text. */
function everything(error: unknown): string {
  return `${inspect(error, { depth: 12, showHidden: true })}\n${JSON.stringify(error)}\n${String(error)}`;
}

describe('probeKafka with SASL (a SASL_PLAINTEXT sandbox broker)', () => {
  const sandbox = useSandbox({ ...INFRA_SANDBOX, kafka: { saslRequired: true, users: { bklog: PASSWORD } } });

  it.each(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const)('authenticates with %s, then reads the cluster', async (mechanism) => {
    const { host, port } = sandbox().kafkaAddress;
    const result = await probeKafka({ host, port, sasl: { mechanism, username: 'bklog', password: PASSWORD } });
    expect(result).toMatchObject({
      authenticated: true,
      saslMechanism: mechanism,
      enabledSaslMechanisms: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'],
      apiVersionsVersion: 3,
      metadataVersion: 12,
      controllerId: 1,
      brokers: [{ nodeId: 1, host, port }],
    });
    expect(result.authenticationMs).toBeGreaterThan(0);
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
  });

  it.each(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const)(
    'fails at the auth stage on a wrong password with %s, and never shows it',
    async (mechanism) => {
      const { host, port } = sandbox().kafkaAddress;
      const error = await probeFailure(probeKafka({ host, port, sasl: { mechanism, username: 'bklog', password: WRONG } }));
      expect(error.data).toMatchObject({ probe: 'kafka', stage: 'auth', reason: 'sasl-authentication-failed' });
      expect(error.failure).toBe('protocol');
      expect(error.isRetryable).toBe(false);
      expect(error.message).toContain(`SASL ${mechanism} authentication as "bklog" was refused: the user name or password is wrong`);
      expect(error.message).toMatch(/the broker said: Authentication failed: Invalid (username or password|user credentials)/);
      expect(everything(error)).not.toContain(WRONG);
    },
  );

  it('fails at the auth stage when the broker wants SASL and none was given', async () => {
    const { host, port } = sandbox().kafkaAddress;
    const error = await probeFailure(probeKafka({ host, port }));
    expect(error.data).toMatchObject({ stage: 'auth', reason: 'sasl-required' });
    expect(error.message).toContain('its listener requires SASL authentication');
  });

  it('refuses a mechanism the probe cannot authenticate with, and an empty password, before connecting', async () => {
    const { host, port } = sandbox().kafkaAddress;
    const unknown = await probeKafka({ host, port, sasl: { mechanism: 'GSSAPI' as 'PLAIN', username: 'bklog', password: PASSWORD } }).catch(
      (caught: unknown) => caught,
    );
    expect(ValidationError.isInstance(unknown)).toBe(true);
    expect((unknown as ValidationError).fields).toEqual(['sasl.mechanism']);
    expect((unknown as ValidationError).message).toContain('PLAIN, SCRAM-SHA-256, SCRAM-SHA-512');
    const missing = await probeKafka({ host, port, sasl: { mechanism: 'PLAIN', username: 'bklog', password: '' } }).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(missing)).toBe(true);
    expect((missing as ValidationError).fields).toEqual(['sasl.password']);
  });
});

describe('probeKafka with SASL against other listeners', () => {
  describe('a broker that enables only SCRAM-SHA-512', () => {
    const sandbox = useSandbox({ ...INFRA_SANDBOX, kafka: { saslRequired: true, mechanisms: ['SCRAM-SHA-512'], users: { bklog: PASSWORD } } });

    it('names the mechanisms a broker enables when asked for another', async () => {
      const { host, port } = sandbox().kafkaAddress;
      const error = await probeFailure(probeKafka({ host, port, sasl: { mechanism: 'PLAIN', username: 'bklog', password: PASSWORD } }));
      expect(error.data).toMatchObject({ stage: 'auth', reason: 'sasl-mechanism-unsupported' });
      expect(error.message).toContain('the broker does not enable SASL PLAIN; it enables SCRAM-SHA-512');
      expect(everything(error)).not.toContain(PASSWORD);
    });
  });

  describe('a PLAINTEXT broker', () => {
    const sandbox = useSandbox(INFRA_SANDBOX);

    it('says so when a PLAINTEXT listener refuses the SASL handshake', async () => {
      const { host, port } = sandbox().kafkaAddress;
      const error = await probeFailure(probeKafka({ host, port, sasl: { mechanism: 'SCRAM-SHA-256', username: 'bklog', password: PASSWORD } }));
      expect(error.data).toMatchObject({ stage: 'auth', reason: 'sasl-not-enabled' });
    });
  });
});

describe('probeKafka over TLS with SASL (SASL_SSL)', () => {
  const sandbox = useSandbox({ ...INFRA_SANDBOX, kafka: { saslRequired: true, users: { bklog: PASSWORD } } });
  let proxy: TlsProxy;
  beforeAll(async () => {
    proxy = await startTlsProxy(sandbox().kafkaAddress);
  });
  afterAll(async () => {
    await proxy.close();
  });

  it('fails at the tls stage on an untrusted certificate, before any credential is sent', async () => {
    const error = await probeFailure(
      probeKafka({ host: proxy.host, port: proxy.port, tls: true, sasl: { mechanism: 'SCRAM-SHA-512', username: 'bklog', password: PASSWORD } }),
    );
    expect(error.data).toMatchObject({ stage: 'tls', reason: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(error.message).toContain('give the CA with ca');
    expect(proxy.sessions).toBe(0);
  });

  it('authenticates once the CA is given', async () => {
    const result = await probeKafka({
      host: proxy.host,
      port: proxy.port,
      tls: { ca: testCertificate },
      sasl: { mechanism: 'SCRAM-SHA-512', username: 'bklog', password: PASSWORD },
    });
    expect(result).toMatchObject({ tls: true, authenticated: true, saslMechanism: 'SCRAM-SHA-512', clusterId: expect.any(String) as string });
    expect(result.tlsHandshakeMs).toBeGreaterThan(0);
  });

  it('fails on a wrong password over TLS too', async () => {
    const error = await probeFailure(
      probeKafka({
        host: proxy.host,
        port: proxy.port,
        tls: { ca: testCertificate },
        sasl: { mechanism: 'SCRAM-SHA-512', username: 'bklog', password: WRONG },
      }),
    );
    expect(error.data).toMatchObject({ stage: 'auth', reason: 'sasl-authentication-failed' });
    expect(everything(error)).not.toContain(WRONG);
  });
});
