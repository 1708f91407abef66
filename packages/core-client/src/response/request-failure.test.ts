import { ApiRequestError } from '@x/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../client/create-client.js';
import { defineEndpoint } from '../endpoint/define-endpoint.js';
import { json, startTestServer, unusedPort, type TestServer } from '../test-support/start-test-server.js';
import { parseRetryAfter } from './request-failure.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const send = defineEndpoint({ module: 'cmsi', name: 'send_mail', method: 'POST', path: 'send_mail/' });
const settings = { appCode: 'app', appSecret: 'secret-value', retry: false } as const;

async function failure(promise: Promise<unknown>): Promise<ApiRequestError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!ApiRequestError.isInstance(error)) throw new Error(`expected an ApiRequestError, got ${String(error)}`);
  return error;
}

describe('whether a failed request may have reached the server', () => {
  it('is false when the connection was refused: a send can safely be repeated', async () => {
    const client = createClient({ ...settings, baseUrl: `http://127.0.0.1:${await unusedPort()}/` });
    const error = await failure(client.call(send, { title: 't' }));
    expect(error.failure).toBe('network');
    expect(error.requestSent).toBe(false);
    await client.close();
  });

  it('is true when the server dropped the connection after reading the request', async () => {
    const client = createClient({ ...settings, baseUrl: server.url });
    server.queue((_request, response) => {
      response.socket?.destroy();
    });
    const error = await failure(client.call(send, { title: 't' }));
    expect(error.failure).toBe('network');
    expect(error.requestSent).toBe(true);
    expect(server.requests).toHaveLength(1);
    await client.close();
  });

  it('is true for an HTTP error, which carries the Retry-After the server asked for', async () => {
    const client = createClient({ ...settings, baseUrl: server.url });
    server.queue(json({ message: 'slow down' }, 429, { 'retry-after': '7' }));
    const error = await failure(client.call(send, { title: 't' }));
    expect(error.status).toBe(429);
    expect(error.requestSent).toBe(true);
    expect(error.retryAfterMs).toBe(7000);
    await client.close();
  });

  it('is true for a timeout, since the server may have the request', async () => {
    const client = createClient({ ...settings, baseUrl: server.url });
    server.queue((_request, response) => {
      setTimeout(() => response.end('{}'), 500);
    });
    const error = await failure(client.call(send, { title: 't' }, { timeout: 50 }));
    expect(error.failure).toBe('timeout');
    expect(error.requestSent).toBe(true);
    await client.close();
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates, and ignores the rest', () => {
    const now = Date.parse('2026-11-28T12:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 12:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
