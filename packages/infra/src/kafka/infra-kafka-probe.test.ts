import { SANDBOX_KAFKA_CLUSTER_ID } from '@x/sandbox';
import { useSandbox } from '@x/sandbox/vitest';
import { ValidationError } from '@x/errors';
import { describe, expect, it } from 'vitest';
import { buildAnswer, FAKE_CLUSTER_ID, startFakeBroker } from '../test-support/fake-kafka-broker.js';
import { INFRA_SANDBOX } from '../test-support/infra-on-sandbox.js';
import { probeFailure } from '../test-support/probe-failure.js';
import { closedPort, ipv6Available, sendJson, startHttpServer, startRawServer, startSilentServer, testCertificate } from '../test-support/test-servers.js';
import { probeKafka } from './infra-kafka-probe.js';

describe('probeKafka', () => {
  const sandbox = useSandbox(INFRA_SANDBOX);

  it('reads the api ranges and the cluster of the sandbox broker (ApiVersions v3, Metadata v12)', async () => {
    const { host, port } = sandbox().kafkaAddress;
    const result = await probeKafka({ host, port });
    expect(result).toMatchObject({
      reachable: true,
      host,
      port,
      family: 4,
      tls: false,
      authenticated: false,
      saslMechanism: undefined,
      apiVersionsVersion: 3,
      throttleTimeMs: 0,
      tlsHandshakeMs: undefined,
      authenticationMs: undefined,
      metadataVersion: 12,
      clusterId: SANDBOX_KAFKA_CLUSTER_ID,
      controllerId: 1,
      controller: { nodeId: 1, host, port, rack: undefined },
      brokers: [{ nodeId: 1, host, port, rack: undefined }],
    });
    expect(result.apis).toContainEqual({ apiKey: 18, name: 'ApiVersions', minVersion: 0, maxVersion: 3 });
    expect(result.apis).toContainEqual({ apiKey: 0, name: 'Produce', minVersion: 0, maxVersion: 9 });
    expect(result.apiKeyRange).toEqual({ min: 0, max: 60 });
    expect(result.tcpConnectMs).toBeGreaterThanOrEqual(0);
    expect(result.apiVersionsMs).toBeGreaterThan(0);
    expect(result.metadataMs).toBeGreaterThan(0);
    expect(result.totalMs).toBeGreaterThanOrEqual(result.apiVersionsMs + result.metadataMs);
  });

  it("sends v3 with the client id and software name, falls back to v0 on UNSUPPORTED_VERSION, and reads Metadata in the broker's newest version", async () => {
    const broker = await startFakeBroker({ maxVersion: 2 });
    try {
      const result = await probeKafka({ host: broker.host, port: broker.port, clientId: 'probe-test' });
      expect(result.apiVersionsVersion).toBe(0);
      expect(result.throttleTimeMs).toBeUndefined();
      expect(result.apis.map((api) => api.name)).toEqual(['Produce', 'Fetch', 'Metadata', 'ApiVersions']);
      expect(result).toMatchObject({
        metadataVersion: 6,
        clusterId: FAKE_CLUSTER_ID,
        controllerId: 7,
        brokers: [{ nodeId: 7, host: broker.host, port: broker.port, rack: undefined }],
      });
      expect(broker.requests.map((request) => [request.apiKey, request.apiVersion, request.clientId])).toEqual([
        [18, 3, 'probe-test'],
        [18, 0, 'probe-test'],
        [3, 6, 'probe-test'],
      ]);
      expect(broker.requests[0]?.raw.includes(Buffer.from('x-infra'))).toBe(true);
      expect(broker.requests[1]?.correlationId).not.toBe(broker.requests[0]?.correlationId);
    } finally {
      await broker.close();
    }
  });

  it.skipIf(!ipv6Available)('probes an IPv6 broker', async () => {
    const broker = await startFakeBroker({ host: '::1' });
    try {
      const result = await probeKafka({ host: '[::1]', port: broker.port });
      expect(result).toMatchObject({ host: '::1', family: 6, apiVersionsVersion: 3, brokers: [{ host: '::1' }] });
    } finally {
      await broker.close();
    }
  });

  it('fails at the tcp stage when the port is closed', async () => {
    const port = await closedPort();
    const error = await probeFailure(probeKafka({ host: '127.0.0.1', port }));
    expect(error.failure).toBe('network');
    expect(error.data).toMatchObject({ probe: 'kafka', stage: 'tcp', reason: 'ECONNREFUSED' });
  });

  it('times out at the request stage when the peer accepts and never answers', async () => {
    const server = await startSilentServer();
    try {
      const error = await probeFailure(probeKafka({ host: server.host, port: server.port, timeoutMs: 200 }));
      expect(error.failure).toBe('timeout');
      expect(error.isRetryable).toBe(true);
      expect(error.data).toMatchObject({ stage: 'request', reason: 'ETIMEDOUT' });
    } finally {
      await server.close();
    }
  });

  it('fails at the protocol stage against an HTTP server (size cap, nothing large buffered)', async () => {
    const server = await startHttpServer((request, response) => {
      sendJson(request, response, 200, {});
    });
    try {
      const error = await probeFailure(probeKafka({ host: server.host, port: server.port }));
      expect(error.data).toMatchObject({ stage: 'protocol', reason: 'frame-size' });
      expect(error.failure).toBe('protocol');
      expect(error.isRetryable).toBe(false);
      expect(error.message).toContain('does not speak Kafka');
    } finally {
      await server.close();
    }
  });

  it('fails at the protocol stage against the sandbox Elasticsearch listener', async () => {
    const url = new URL(sandbox().elasticsearchUrl);
    const error = await probeFailure(probeKafka({ host: url.hostname, port: Number(url.port) }));
    expect(error.data).toMatchObject({ stage: 'protocol' });
  });

  it('refuses a frame larger than maxFrameBytes', async () => {
    const server = await startRawServer((_data, socket) => {
      const size = Buffer.alloc(4);
      size.writeInt32BE(5000);
      socket.write(size);
    });
    try {
      const error = await probeFailure(probeKafka({ host: server.host, port: server.port, maxFrameBytes: 4096 }));
      expect(error.data).toMatchObject({ stage: 'protocol', reason: 'frame-size' });
    } finally {
      await server.close();
    }
  });

  it('reports a peer that closes without answering at the request stage', async () => {
    const broker = await startFakeBroker({ answer: () => undefined });
    try {
      const error = await probeFailure(probeKafka({ host: broker.host, port: broker.port }));
      expect(error.failure).toBe('network');
      expect(error.data).toMatchObject({ stage: 'request' });
    } finally {
      await broker.close();
    }
  });

  it('reports a malformed answer, a wrong correlation id and a Kafka error code at the protocol stage', async () => {
    const cases: [(correlationId: number) => Buffer, string][] = [
      [(id) => Buffer.concat([Buffer.from([0, 0, 0, 6]), Buffer.from([0, 0, 0, id, 0, 0])]), 'malformed'],
      [(id) => buildAnswer(id + 100, 3, 0), 'correlation-id'],
      [(id) => buildAnswer(id, 3, 42, []), 'kafka-error-42'],
      [(id) => buildAnswer(id, 3, 0, []), 'no-apis'],
    ];
    for (const [answer, reason] of cases) {
      const broker = await startFakeBroker({ answer: (request) => answer(request.correlationId) });
      try {
        const error = await probeFailure(probeKafka({ host: broker.host, port: broker.port }));
        expect(error.data, reason).toMatchObject({ stage: 'protocol', reason });
      } finally {
        await broker.close();
      }
    }
  });

  describe('tls', () => {
    it('verifies the broker certificate by default', async () => {
      const broker = await startFakeBroker({ tls: true });
      try {
        const error = await probeFailure(probeKafka({ host: broker.host, port: broker.port, tls: true }));
        expect(error.data).toMatchObject({ stage: 'tls', reason: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
        expect(broker.requests).toHaveLength(0);
      } finally {
        await broker.close();
      }
    });

    it('trusts a given CA, or skips verification only when told', async () => {
      const broker = await startFakeBroker({ tls: true });
      try {
        const trusted = await probeKafka({ host: broker.host, port: broker.port, tls: { ca: testCertificate } });
        expect(trusted).toMatchObject({ tls: true, apiVersionsVersion: 3 });
        expect(trusted.tlsHandshakeMs).toBeGreaterThan(0);
        const unverified = await probeKafka({ host: broker.host, port: broker.port, tls: { rejectUnauthorized: false } });
        expect(unverified.tls).toBe(true);
      } finally {
        await broker.close();
      }
    });

    it('fails at the tls stage against a plain-text broker', async () => {
      const { host, port } = sandbox().kafkaAddress;
      const error = await probeFailure(probeKafka({ host, port, tls: true, timeoutMs: 1000 }));
      expect(error.data).toMatchObject({ stage: 'tls' });
    });
  });

  it('is aborted by a signal', async () => {
    const server = await startSilentServer();
    try {
      const error = await probeFailure(probeKafka({ host: server.host, port: server.port, signal: AbortSignal.timeout(100) }));
      expect(error.failure).toBe('aborted');
    } finally {
      await server.close();
    }
  });

  it('refuses bad options with a ValidationError, before connecting', async () => {
    const error = await probeKafka({ host: '', port: 70000 }).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).fields).toEqual(['host', 'port']);
  });

  it('names an unknown option once, at the top and in tls, and connects to nothing', async () => {
    const server = await startSilentServer();
    try {
      const top = await probeKafka({ host: server.host, port: server.port, tsl: true } as never).catch((caught: unknown) => caught);
      expect(ValidationError.isInstance(top) && top.message).toBe(
        'Parameter validation failed (infra.probe_kafka input): tsl: unknown field "tsl": not a field of probe_kafka (misspelt? it takes host, port, tls, sasl, clientId, timeoutMs, connectTimeoutMs, maxFrameBytes and signal)',
      );
      const nested = await probeKafka({ host: server.host, port: server.port, tls: { rejectUnauthorised: false } } as never).catch((caught: unknown) => caught);
      expect(ValidationError.isInstance(nested) && nested.message).toBe(
        'Parameter validation failed (infra.probe_kafka input): tls.rejectUnauthorised: unknown field "rejectUnauthorised": not a field of tls (misspelt? tls has rejectUnauthorized, ca and servername)',
      );
      expect(server.connections).toBe(0);
    } finally {
      await server.close();
    }
  });
});
