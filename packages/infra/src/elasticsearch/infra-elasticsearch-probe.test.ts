import { ValidationError } from '@x/errors';
import { useSandbox } from '@x/sandbox/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elasticsearchAddress, INFRA_SANDBOX } from '../test-support/infra-on-sandbox.js';
import { probeFailure } from '../test-support/probe-failure.js';
import {
  closedPort,
  ipv6Available,
  rootDocument,
  sendJson,
  startHttpServer,
  startRawServer,
  startSilentServer,
  testCertificate,
} from '../test-support/test-servers.js';
import type { TestServer } from '../test-support/test-servers.js';
import { probeElasticsearch } from './infra-elasticsearch-probe.js';

function expectNoSecret(error: unknown, secret: string): void {
  const error_ = error as Error & { toJSON(): unknown };
  expect(error_.message).not.toContain(secret);
  expect(JSON.stringify(error_.toJSON())).not.toContain(secret);
  expect(error_.stack ?? '').not.toContain(secret);
}

describe('probeElasticsearch', () => {
  const sandbox = useSandbox(INFRA_SANDBOX);
  let esHost: string;
  let esPort: number;

  beforeAll(() => {
    ({ host: esHost, port: esPort } = elasticsearchAddress(sandbox()));
  });

  it('reads the version of the sandbox cluster with basic auth, with timings', async () => {
    const result = await probeElasticsearch({ host: esHost, port: esPort, username: 'elastic', password: 'changeme' });
    expect(result).toMatchObject({
      reachable: true,
      host: esHost,
      port: esPort,
      schema: 'http',
      url: `http://${esHost}:${esPort}`,
      family: 4,
      version: '7.10.2',
      clusterName: 'sandbox-es',
      product: 'Elasticsearch',
      authenticated: true,
    });
    expect(result.tcpConnectMs).toBeGreaterThanOrEqual(0);
    expect(result.pingMs).toBeGreaterThan(0);
    expect(result.infoMs).toBeGreaterThan(0);
    expect(result.totalMs).toBeGreaterThanOrEqual(result.tcpConnectMs + result.pingMs + result.infoMs - 1);
    expect(JSON.stringify(result)).not.toContain('changeme');
  });

  it('resolves a host name (IPv4 first)', async () => {
    const result = await probeElasticsearch({ host: 'localhost', port: esPort, username: 'elastic', password: 'changeme' });
    expect(result.version).toBe('7.10.2');
    expect(result.family).toBe(4);
  });

  it('fails at the auth stage with wrong credentials, without leaking the password', async () => {
    const error = await probeFailure(probeElasticsearch({ host: esHost, port: esPort, username: 'elastic', password: 'wrong-password-123' }));
    expect(error.failure).toBe('http-status');
    expect(error.status).toBe(401);
    expect(error.isRetryable).toBe(false);
    expect(error.data).toMatchObject({ probe: 'elasticsearch', stage: 'auth', reason: '401', host: esHost, port: esPort });
    expect(error.message).toContain('credentials are wrong');
    expectNoSecret(error, 'wrong-password-123');
    expectNoSecret(error, Buffer.from('elastic:wrong-password-123').toString('base64'));
  });

  // Redaction by construction: a password equal to one of our words must not show itself by where
  // `[REDACTED]` lands (issue: a password `HTTP` gave "was refused with [REDACTED] 401").
  it.each(['HTTP', 'refused', 'credentials'])('keeps its own words whole when the wrong password is %j', async (password) => {
    const error = await probeFailure(probeElasticsearch({ host: esHost, port: esPort, username: 'elastic', password }));
    expect(error.message).toBe('[elasticsearch probe] HEAD / was refused with HTTP 401: the credentials are wrong or lack permission');
    expect(error.message).not.toContain('[REDACTED]');
  });

  it('keeps "TCP connect ... failed" whole when the password is "failed"', async () => {
    const port = await closedPort();
    const error = await probeFailure(probeElasticsearch({ host: '127.0.0.1', port, username: 'elastic', password: 'failed' }));
    expect(error.message).toBe(`[elasticsearch probe] TCP connect to 127.0.0.1:${port} failed (ECONNREFUSED)`);
  });

  it('sends no credentials when the password is blank, and says the cluster needs them', async () => {
    const error = await probeFailure(probeElasticsearch({ host: esHost, port: esPort, username: 'elastic', password: '' }));
    expect(error.data).toMatchObject({ stage: 'auth', reason: '401' });
    expect(error.message).toContain('requires credentials');
  });

  it('fails at the tcp stage when the port is closed', async () => {
    const port = await closedPort();
    const error = await probeFailure(probeElasticsearch({ host: '127.0.0.1', port }));
    expect(error.failure).toBe('network');
    expect(error.isRetryable).toBe(true);
    expect(error.data).toMatchObject({ stage: 'tcp', reason: 'ECONNREFUSED', port });
  });

  it('fails at the tcp stage for an unknown host', async () => {
    const error = await probeFailure(probeElasticsearch({ host: 'no-such-host.invalid', port: 9200 }));
    expect(error.data).toMatchObject({ stage: 'tcp' });
    expect(error.failure).toBe('network');
  });

  it('times out at the request stage when the server accepts and never answers', async () => {
    const server = await startSilentServer();
    try {
      const started = performance.now();
      const error = await probeFailure(probeElasticsearch({ host: server.host, port: server.port, timeoutMs: 300 }));
      expect(performance.now() - started).toBeLessThan(3000);
      expect(error.failure).toBe('timeout');
      expect(error.data).toMatchObject({ stage: 'request', reason: 'ETIMEDOUT' });
    } finally {
      await server.close();
    }
  });

  describe('against a sandbox in not-elasticsearch mode', () => {
    const other = useSandbox({ ...INFRA_SANDBOX, elasticsearch: { mode: 'not-elasticsearch' } });

    it('fails at the protocol stage against a plain web server (sandbox not-elasticsearch mode)', async () => {
      const error = await probeFailure(probeElasticsearch({ ...elasticsearchAddress(other()), username: 'elastic', password: 'changeme' }));
      expect(error.data).toMatchObject({ stage: 'protocol', reason: 'not-elasticsearch' });
      expect(error.failure).toBe('protocol');
      expect(error.isRetryable).toBe(false);
    });
  });

  it('fails at the protocol stage when the peer does not speak HTTP', async () => {
    const server = await startRawServer((_data, socket) => {
      socket.end(Buffer.from([0, 0, 0, 2, 0xff, 0xfe, 0x00, 0x13, 0x37]));
    });
    try {
      const error = await probeFailure(probeElasticsearch({ host: server.host, port: server.port, timeoutMs: 2000 }));
      expect(error.data).toMatchObject({ stage: 'protocol', reason: 'not-http' });
    } finally {
      await server.close();
    }
  });

  it('fails at the protocol stage when HEAD / is 404 (not alive)', async () => {
    const server = await startHttpServer((request, response) => {
      sendJson(request, response, 404, { error: 'not found' }, { 'x-elastic-product': 'Elasticsearch' });
    });
    try {
      const error = await probeFailure(probeElasticsearch({ host: server.host, port: server.port }));
      expect(error.data).toMatchObject({ stage: 'protocol', reason: '404' });
      expect(error.message).toContain('not alive');
    } finally {
      await server.close();
    }
  });

  it('refuses a JSON server that is not Elasticsearch', async () => {
    const server = await startHttpServer((request, response) => {
      sendJson(request, response, 200, { name: 'something', version: { number: '1.0.0' } });
    });
    try {
      const error = await probeFailure(probeElasticsearch({ host: server.host, port: server.port }));
      expect(error.data).toMatchObject({ stage: 'protocol', reason: 'not-elasticsearch' });
    } finally {
      await server.close();
    }
  });

  it('fails at the version stage when GET / has no version number', async () => {
    const server = await startHttpServer((request, response) => {
      sendJson(request, response, 200, rootDocument(undefined), { 'x-elastic-product': 'Elasticsearch' });
    });
    try {
      const error = await probeFailure(probeElasticsearch({ host: server.host, port: server.port }));
      expect(error.data).toMatchObject({ stage: 'version', reason: 'unknown-version' });
      expect(error.message).toContain('unknown Elasticsearch version');
    } finally {
      await server.close();
    }
  });

  it('reports other HTTP errors at the request stage', async () => {
    const server = await startHttpServer((request, response) => {
      sendJson(request, response, 503, { error: 'unavailable' }, { 'x-elastic-product': 'Elasticsearch' });
    });
    try {
      const error = await probeFailure(probeElasticsearch({ host: server.host, port: server.port }));
      expect(error.failure).toBe('http-status');
      expect(error.status).toBe(503);
      expect(error.data).toMatchObject({ stage: 'request', reason: '503' });
      expect(server.connections).toBe(2); // the TCP check, then one request: no retries
    } finally {
      await server.close();
    }
  });

  it('accepts Elasticsearch before 7.14 (no X-Elastic-Product header) and asks for plain JSON', async () => {
    const accepts: string[] = [];
    const server = await startHttpServer((request, response) => {
      accepts.push(request.headers.accept ?? '');
      sendJson(request, response, 200, rootDocument('6.8.23', 'legacy'));
    });
    try {
      const result = await probeElasticsearch({ host: server.host, port: server.port });
      expect(result).toMatchObject({ version: '6.8.23', clusterName: 'legacy', product: undefined, authenticated: false });
      expect(accepts).toEqual(['application/json', 'application/json']);
    } finally {
      await server.close();
    }
  });

  it.skipIf(!ipv6Available)('probes an IPv6 host, bracketed in the URL', async () => {
    const server = await startHttpServer(
      (request, response) => {
        sendJson(request, response, 200, rootDocument('8.15.0'), { 'x-elastic-product': 'Elasticsearch' });
      },
      { host: '::1' },
    );
    try {
      for (const host of ['::1', '[::1]']) {
        const result = await probeElasticsearch({ host, port: server.port });
        expect(result).toMatchObject({ host: '::1', family: 6, url: `http://[::1]:${server.port}`, version: '8.15.0' });
      }
    } finally {
      await server.close();
    }
  });

  describe('https', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startHttpServer(
        (request, response) => {
          sendJson(request, response, 200, rootDocument('7.17.0'), { 'x-elastic-product': 'Elasticsearch' });
        },
        { tls: true },
      );
    });
    afterAll(async () => {
      await server.close();
    });

    it('verifies the certificate by default and fails at the tls stage', async () => {
      const error = await probeFailure(probeElasticsearch({ host: server.host, port: server.port, schema: 'https', password: 'tls-secret-pw' }));
      expect(error.data).toMatchObject({ stage: 'tls' });
      expect(error.failure).toBe('network');
      expect(error.message).toContain('sslVerify: false');
      expectNoSecret(error, 'tls-secret-pw');
    });

    it('trusts a given CA', async () => {
      const result = await probeElasticsearch({ host: server.host, port: server.port, schema: 'https', ca: testCertificate });
      expect(result).toMatchObject({ schema: 'https', version: '7.17.0' });
    });

    it('skips verification only when sslVerify is false', async () => {
      const result = await probeElasticsearch({ host: server.host, port: server.port, schema: 'https', sslVerify: false });
      expect(result.version).toBe('7.17.0');
    });

    it('fails at the tls stage when the server speaks plain HTTP', async () => {
      const error = await probeFailure(probeElasticsearch({ host: esHost, port: esPort, schema: 'https' }));
      expect(error.data).toMatchObject({ stage: 'tls' });
    });
  });

  it('is aborted by a signal', async () => {
    const server = await startSilentServer();
    try {
      const controller = new AbortController();
      setTimeout(() => {
        controller.abort();
      }, 100);
      const error = await probeFailure(probeElasticsearch({ host: server.host, port: server.port, timeoutMs: 5000, signal: controller.signal }));
      expect(error.failure).toBe('aborted');
    } finally {
      await server.close();
    }
  });

  it('refuses bad options with a ValidationError naming the fields, before connecting', async () => {
    const server = await startSilentServer();
    try {
      const error = await probeElasticsearch({ host: ' ', port: 0, schema: 'ftp' as 'http' }).catch((caught: unknown) => caught);
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).fields).toEqual(['host', 'port', 'schema']);
      expect(server.connections).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('refuses a misspelt option, naming it once, instead of probing without it', async () => {
    const server = await startSilentServer();
    try {
      // `sslVerfy: false` ignored would verify the certificate the caller meant to skip.
      const error = await probeElasticsearch({ host: server.host, port: server.port, sslVerfy: false } as never).catch((caught: unknown) => caught);
      expect(ValidationError.isInstance(error) && error.message).toBe(
        'Parameter validation failed (infra.probe_elasticsearch input): sslVerfy: unknown field "sslVerfy": not a field of probe_elasticsearch (misspelt? it takes host, port, schema, username, password, sslVerify, ca, timeoutMs, connectTimeoutMs and signal)',
      );
      expect(server.connections).toBe(0);
    } finally {
      await server.close();
    }
  });
});
