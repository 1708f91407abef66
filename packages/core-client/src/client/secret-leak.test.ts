import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { BkError } from '@x/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { captureLogger } from '@x/test-services';
import { runWithContext } from '../context/request-context.js';
import { defineEndpoint } from '../endpoint/define-endpoint.js';
import { json, startTestServer, unusedPort, type TestServer } from '../test-support/start-test-server.js';
import { createClient } from './create-client.js';

const APP_SECRET = 'Sup3r-App-Secret-4711';
const USER_TOKEN = 'Us3r-Bk-Token-0815';
const ACCESS_TOKEN = 'Acc3ss-Token-2342';

const exporter = new InMemorySpanExporter();
let server: TestServer;

beforeAll(async () => {
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
  trace.disable();
});

/** Everything an error exposes, nested attempt errors and causes included. */
function everything(error: unknown, depth = 0): string {
  if (!(error instanceof Error) || depth > 5) return JSON.stringify({ value: error });
  const parts = [error.message, error.stack ?? '', String(error), JSON.stringify(error)];
  if (BkError.isInstance(error)) parts.push(JSON.stringify(error.toJSON()));
  parts.push(everything(error.cause, depth + 1));
  const nested = (error as { errors?: unknown }).errors;
  if (Array.isArray(nested)) for (const inner of nested) parts.push(everything(inner, depth + 1));
  const lastError = (error as { lastError?: unknown }).lastError;
  if (lastError !== undefined) parts.push(everything(lastError, depth + 1));
  return parts.join('\n');
}

// The server echoes what it received, auth header included, in every answer: the worst case.
function echo(status: number, body: (received: string) => unknown): Parameters<TestServer['queue']>[0] {
  return (request, response) => {
    json(body(JSON.stringify({ headers: request.headers, url: request.url, body: request.body })), status)(request, response);
  };
}

describe('no secret leaks on any failure path', () => {
  it('keeps the app secret and user tokens out of errors, logs and spans', async () => {
    const logger = captureLogger();
    const settings = { appCode: 'bk_log', appSecret: APP_SECRET, logger, retry: { attempts: 2, backoff: { initialDelay: 5, jitter: false } } } as const;
    const client = createClient({ ...settings, baseUrl: server.url });
    const refused = createClient({ ...settings, baseUrl: `http://127.0.0.1:${await unusedPort()}/` });
    const read = defineEndpoint({ module: 'leak', name: 'read', method: 'GET', path: 'read/', output: z.object({ ok: z.literal(true) }) });
    const write = defineEndpoint({ module: 'leak', name: 'write', method: 'POST', path: 'write/', input: z.object({ title: z.string() }).loose() });

    const attempts: Promise<unknown>[] = [];
    const errors: unknown[] = [];
    await runWithContext({ username: 'alice', bkToken: USER_TOKEN, accessToken: ACCESS_TOKEN }, async () => {
      // network failure, retried then exhausted
      attempts.push(refused.call(read, { bk_token: USER_TOKEN }));
      // timeout
      // Answers long after the 100 ms timeout, even on a loaded machine where timers fire late.
      server.queue((_request, response) => {
        setTimeout(() => response.end('{}'), 10_000).unref();
      });
      attempts.push(client.call(write, { title: 't' }, { timeout: 100 }));
      await Promise.allSettled(attempts);
      // HTTP error echoing the auth header
      server.queue(echo(500, (received) => ({ message: received })));
      attempts.push(client.call(write, { title: 't', bk_token: USER_TOKEN }));
      await Promise.allSettled(attempts);
      // result false whose message quotes the request
      server.queue(echo(200, (received) => ({ result: false, code: 1, message: received, errors: { secret: APP_SECRET } })));
      attempts.push(client.call(write, { title: 't', access_token: ACCESS_TOKEN }));
      await Promise.allSettled(attempts);
      // output schema failure on data that quotes the request
      server.queue(echo(200, (received) => ({ result: true, data: { ok: false, received } })));
      attempts.push(client.call(read, { q: USER_TOKEN }));
      await Promise.allSettled(attempts);
      // retries exhausted on 503s quoting the request
      server.queue(
        echo(503, (received) => ({ message: received })),
        echo(503, (received) => ({ message: received })),
      );
      attempts.push(client.call(read));
      await Promise.allSettled(attempts);
      // input validation failure with the token in params
      attempts.push(client.call(write, { title: 1, bk_token: USER_TOKEN } as unknown as { title: string }));
      // a before hook that throws a foreign error quoting the secret
      const throwing = defineEndpoint({
        module: 'leak',
        name: 'throwing',
        method: 'POST',
        path: 'x/',
        before: () => {
          throw new Error(`boom ${APP_SECRET} ${USER_TOKEN}`);
        },
      });
      attempts.push(client.call(throwing));
      for (const result of await Promise.allSettled(attempts)) {
        expect(result.status).toBe('rejected');
        if (result.status === 'rejected') errors.push(result.reason);
      }
    });

    expect(errors).toHaveLength(8);
    expect(errors.map((error) => (error as Error).name)).toEqual([
      'RetryError',
      'ApiRequestError',
      'ApiRequestError',
      'ApiResultError',
      'ValidationError',
      'RetryError',
      'ValidationError',
      'BkError',
    ]);
    const surfaces = [
      ...errors.map((error) => everything(error)),
      logger.text(),
      JSON.stringify(exporter.getFinishedSpans().map((span) => ({ attributes: span.attributes, events: span.events, status: span.status }))),
    ];
    for (const surface of surfaces) {
      expect(surface).not.toContain(APP_SECRET);
      expect(surface).not.toContain(USER_TOKEN);
      expect(surface).not.toContain(ACCESS_TOKEN);
    }
    // The secrets did reach the server, where they belong: the test would catch a leak.
    expect(JSON.stringify(server.requests.map((request) => request.headers))).toContain(APP_SECRET);
    expect(logger.records.filter((entry) => entry.record.event === 'bk-api-call')).toHaveLength(8);
    expect(exporter.getFinishedSpans()).toHaveLength(8);
    await client.close();
    await refused.close();
  });

  it('scrubs any value sent under a secret key when the server quotes it in free text', async () => {
    const DATA_TOKEN = 'Dat4-Token-9911';
    const PASSWORD = 'Cluster-Passw0rd-77';
    const logger = captureLogger();
    const client = createClient({ appCode: 'bk_log', appSecret: APP_SECRET, logger, baseUrl: server.url });
    const write = defineEndpoint({ module: 'leak', name: 'write', method: 'POST', path: 'write/', input: z.object({}).loose() });
    // Plain prose, not key/value pairs: only literal scrubbing can catch these.
    server.queue(json({ result: false, code: 1, message: `token ${DATA_TOKEN} rejected for user with ${PASSWORD}` }));
    const error = await client
      .call(write, { bkdata_data_token: DATA_TOKEN, auth_info: { username: 'elastic', password: PASSWORD } })
      .catch((caught: unknown) => caught);
    expect(BkError.isInstance(error)).toBe(true);
    for (const surface of [everything(error), logger.text()]) {
      expect(surface).not.toContain(DATA_TOKEN);
      expect(surface).not.toContain(PASSWORD);
    }
    expect(JSON.stringify(server.requests.at(-1)?.body)).toContain(DATA_TOKEN);
    await client.close();
  });
});

// Secrets equal to words of our own messages: scrubbing finished text would put `[REDACTED]` where
// our word was and so reveal the secret (issue: an app secret `failed` gave
// "connection [REDACTED] (ECONNREFUSED)"). Messages are built from parts instead.
describe('redaction by construction', () => {
  const read = defineEndpoint({ module: 'test', name: 'read', method: 'GET', path: 'read/' });

  it.each(['failed', 'connection'])('keeps "connection failed" whole with the app secret %j, in the error and the log record', async (secret) => {
    const port = await unusedPort();
    const logger = captureLogger();
    const client = createClient({ baseUrl: `http://127.0.0.1:${port}/`, appCode: 'bk_log', appSecret: secret, retry: false, logger });
    const error = await client.call(read).catch((caught: unknown) => caught);
    await client.close();
    expect((error as Error).message).toBe('[test-API] connection failed (ECONNREFUSED) (GET read/)');
    // The log record carries the error as built; only foreign text (undici's cause) is scrubbed.
    expect(logger.text()).toContain('"message":"[test-API] connection failed (ECONNREFUSED) (GET read/)"');
  });

  it.each(['HTTP', 'Unauthorized'])('keeps "HTTP 401" whole with the app secret %j, and still scrubs it from the server body', async (secret) => {
    const client = createClient({ baseUrl: server.url, appCode: 'bk_log', appSecret: secret, retry: false });
    server.queue(json({ message: `bad credentials: ${secret}` }, 401));
    const error = await client.call(read).catch((caught: unknown) => caught);
    await client.close();
    expect((error as Error).message).toBe('[test-API] HTTP 401: bad credentials: [REDACTED] (GET read/)');
    expect(JSON.stringify((error as BkError).toJSON())).not.toContain(`credentials: ${secret}`);
  });
});
