// The listener held to a real client: @platformatic/kafka's Admin connects, authenticates and
// reads the cluster, as it would against a broker.
import { Admin, Connection, metadataV0, metadataV1, metadataV9 } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../index.js';
import type { Sandbox } from '../index.js';
import { SANDBOX_KAFKA_CLUSTER_ID } from './kafka-listener.js';

function admin(sandbox: Sandbox, sasl?: ConstructorParameters<typeof Admin>[0]['sasl']): Admin {
  const { host, port } = sandbox.kafkaAddress;
  return new Admin({
    clientId: 'sandbox-test',
    bootstrapBrokers: [{ host, port }],
    retries: 0,
    connectTimeout: 2000,
    requestTimeout: 2000,
    ...(sasl === undefined ? {} : { sasl }),
  });
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('the call succeeded');
    },
    (error: unknown) => error as Error,
  );
}

function messages(error: unknown): string {
  const seen: string[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (!(value instanceof Error) || depth > 6) return;
    seen.push(value.message);
    const serverMessage = (value as { serverErrorMessage?: unknown }).serverErrorMessage;
    if (typeof serverMessage === 'string') seen.push(serverMessage);
    visit(value.cause, depth + 1);
    if (value instanceof AggregateError) for (const inner of value.errors) visit(inner, depth + 1);
  };
  visit(error, 0);
  return seen.join(' | ');
}

describe('Kafka listener with @platformatic/kafka (PLAINTEXT)', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ recordCount: 10 });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('lists the APIs and reads the cluster metadata', async () => {
    const client = admin(sandbox);
    try {
      const apis = await client.listApis();
      expect(apis).toContainEqual({ apiKey: 3, name: 'Metadata', minVersion: 0, maxVersion: 12 });
      expect(apis).toContainEqual({ apiKey: 36, name: 'SaslAuthenticate', minVersion: 0, maxVersion: 2 });
      const metadata = await client.metadata({ topics: [] });
      expect(metadata.id).toBe(SANDBOX_KAFKA_CLUSTER_ID);
      expect(metadata.controllerId).toBe(1);
      expect([...metadata.brokers.entries()]).toEqual([[1, { host: sandbox.kafkaAddress.host, port: sandbox.kafkaAddress.port, rack: null }]]);
    } finally {
      await client.close();
    }
  });

  it('answers the older Metadata layouts the library speaks (v0, v1, v9) and unknown topics', async () => {
    const connection = new Connection('sandbox-test');
    try {
      await connection.connect(sandbox.kafkaAddress.host, sandbox.kafkaAddress.port);
      const v0 = await metadataV0.api.async(connection, []);
      expect(v0.brokers).toMatchObject([{ nodeId: 1, host: sandbox.kafkaAddress.host, port: sandbox.kafkaAddress.port }]);
      const v1 = await metadataV1.api.async(connection, []);
      expect(v1).toMatchObject({ controllerId: 1, topics: [] });
      const v9 = await metadataV9.api.async(connection, [], false, false, false);
      expect(v9).toMatchObject({ clusterId: SANDBOX_KAFKA_CLUSTER_ID, controllerId: 1, throttleTimeMs: 0 });
      const unknown = await failure(metadataV9.api.async(connection, ['logs'], false, false, false));
      expect(messages(unknown)).toMatch(/does not host this topic-partition|UNKNOWN_TOPIC_OR_PARTITION/i);
    } finally {
      await connection.close();
    }
  });

  it('refuses SASL on a PLAINTEXT listener as KafkaApis does (ILLEGAL_SASL_STATE)', async () => {
    const client = admin(sandbox, { mechanism: 'PLAIN', username: 'admin', password: 'kafka-secret' });
    try {
      const error = await failure(client.metadata({ topics: [] }));
      expect(messages(error)).toMatch(/suitable SASL mechanism/);
    } finally {
      await client.close();
    }
  });
});

describe('Kafka listener with @platformatic/kafka (SASL_PLAINTEXT)', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      recordCount: 10,
      kafka: { saslRequired: true, users: { bklog: 'kafka-secret' }, mechanisms: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] },
    });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it.each(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const)('authenticates with %s and reads the metadata', async (mechanism) => {
    const client = admin(sandbox, { mechanism, username: 'bklog', password: 'kafka-secret' });
    const handshakes: string[][] = [];
    client.on('client:broker:sasl:handshake', (payload) => handshakes.push(payload.mechanisms));
    try {
      const metadata = await client.metadata({ topics: [] });
      expect(metadata.id).toBe(SANDBOX_KAFKA_CLUSTER_ID);
      expect(handshakes[0]).toEqual(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']);
    } finally {
      await client.close();
    }
  });

  it.each(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const)('refuses a wrong password with %s (SASL_AUTHENTICATION_FAILED)', async (mechanism) => {
    const client = admin(sandbox, { mechanism, username: 'bklog', password: 'wrong' });
    try {
      const error = await failure(client.metadata({ topics: [] }));
      expect(messages(error)).toMatch(/SASL authentication failed/);
      expect(messages(error)).toMatch(/Invalid (username or password|user credentials)/);
    } finally {
      await client.close();
    }
  });

  it('refuses an unknown user with SCRAM without saying which part was wrong', async () => {
    const client = admin(sandbox, { mechanism: 'SCRAM-SHA-512', username: 'nobody', password: 'kafka-secret' });
    try {
      expect(messages(await failure(client.metadata({ topics: [] })))).toMatch(/Invalid user credentials/);
    } finally {
      await client.close();
    }
  });

  it('closes the connection when a client skips authentication', async () => {
    const client = admin(sandbox);
    try {
      // ApiVersions is allowed before authentication (KIP-43); Metadata is not.
      expect((await client.listApis()).length).toBeGreaterThan(10);
      const error = await failure(client.metadata({ topics: [] }));
      expect(messages(error)).toMatch(/Connection closed/);
    } finally {
      await client.close();
    }
  });
});

describe('Kafka listener with one mechanism enabled', () => {
  it('answers UNSUPPORTED_SASL_MECHANISM with the enabled list', async () => {
    const sandbox = await startSandbox({ recordCount: 10, kafka: { saslRequired: true, mechanisms: ['SCRAM-SHA-512'] } });
    const client = admin(sandbox, { mechanism: 'PLAIN', username: 'admin', password: 'kafka-secret' });
    try {
      const error = await failure(client.metadata({ topics: [] }));
      expect(messages(error)).toMatch(/suitable SASL mechanism/);
      expect(messages(error)).toMatch(/does not support the requested SASL mechanism/);
    } finally {
      await client.close();
      await sandbox.close();
    }
  });
});
