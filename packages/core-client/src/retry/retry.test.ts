import { ApiRequestError, ApiResultError, RetryError } from '@x/errors';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type BkClient } from '../client/create-client.js';
import { defineEndpoint } from '../endpoint/define-endpoint.js';
import { envelope, json, startTestServer, unusedPort, type Handler, type TestServer } from '../test-support/start-test-server.js';

let server: TestServer;
let client: BkClient;
const stamps: number[] = [];

// Fast, deterministic backoff: 50 ms, 100 ms, 200 ms... without jitter.
const fast = { attempts: 3, backoff: { initialDelay: 50, factor: 2, maxDelay: 1000, jitter: false } } as const;

beforeAll(async () => {
  server = await startTestServer();
  client = createClient({ baseUrl: server.url, appCode: 'bk_log', appSecret: 'retry-secret', retry: fast });
});
afterAll(async () => {
  await client.close();
  await server.close();
});
afterEach(() => {
  server.reset();
  stamps.length = 0;
});

const read = defineEndpoint({ module: 'test', name: 'read', method: 'GET', path: 'read/' });
const postRead = defineEndpoint({ module: 'test', name: 'post_read', method: 'POST', path: 'post-read/', idempotent: true });
const send = defineEndpoint({ module: 'cmsi', name: 'send_mail', method: 'POST', path: 'send/' });

function stamped(handler: Handler): Handler {
  return (request, response) => {
    stamps.push(performance.now());
    return handler(request, response);
  };
}
const unavailable = stamped(json({ message: 'busy' }, 503));

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

describe('retries', () => {
  it('retries an idempotent call on 503 with the same request id, waiting the backoff', async () => {
    server.queue(unavailable, unavailable, stamped(envelope({ ok: true })));
    expect(await client.call(read, {}, { requestId: 'same-id' })).toEqual({ ok: true });
    expect(server.requests.map((request) => request.headers['x-request-id'])).toEqual(['same-id', 'same-id', 'same-id']);
    expect(new Set(server.requests.map((request) => request.headers['x-data-request-id']))).toEqual(new Set(['same-id']));
    const [first = 0, second = 0, third = 0] = stamps;
    expect(second - first).toBeGreaterThanOrEqual(45);
    expect(third - second).toBeGreaterThanOrEqual(95);
  });

  it('retries an idempotent POST (retrying is per endpoint, not per method)', async () => {
    server.queue(unavailable, stamped(envelope(1)));
    expect(await client.call(postRead)).toBe(1);
    expect(server.requests).toHaveLength(2);
  });

  it('gives a RetryError with every attempt error when attempts run out', async () => {
    server.queue(unavailable, unavailable, unavailable);
    const error = (await failure(client.call(read))) as RetryError;
    expect(RetryError.isInstance(error)).toBe(true);
    expect(error.reason).toBe('maxAttemptsExceeded');
    expect(error.attempts).toBe(3);
    expect(error.errors.every((attempt) => ApiRequestError.isInstance(attempt) && attempt.status === 503)).toBe(true);
    expect((error.lastError as ApiRequestError).status).toBe(503);
    expect(server.requests).toHaveLength(3);
  });

  it('stops with errorNotRetryable when a later attempt fails for good', async () => {
    server.queue(unavailable, json({ message: 'bad' }, 400));
    const error = (await failure(client.call(read))) as RetryError;
    expect(error.reason).toBe('errorNotRetryable');
    expect(error.attempts).toBe(2);
    expect((error.lastError as ApiRequestError).status).toBe(400);
  });

  it('throws the error itself when a single attempt fails', async () => {
    server.queue(json({ message: 'bad' }, 400));
    const error = await failure(client.call(read));
    expect(ApiRequestError.isInstance(error)).toBe(true);
    expect((error as ApiRequestError).status).toBe(400);
  });

  it('never retries a non-idempotent call the server may have processed', async () => {
    // A retry would reach the fallback handler and succeed.
    server.queue(unavailable);
    const error = await failure(client.call(send));
    expect(ApiRequestError.isInstance(error)).toBe(true);
    expect(server.requests).toHaveLength(1);
    // A connection reset after sending: the mail may be out already.
    server.queue((_request, response) => {
      response.socket?.destroy();
    });
    const reset = await failure(client.call(send));
    expect((reset as ApiRequestError).failure).toBe('network');
    expect(server.requests).toHaveLength(2);
  });

  it('retries a reset for idempotent calls', async () => {
    server.queue((_request, response) => {
      response.socket?.destroy();
    }, envelope('after reset'));
    expect(await client.call(read)).toBe('after reset');
  });

  it('retries a non-idempotent call whose connection was refused (nothing was sent)', async () => {
    const refused = createClient({ baseUrl: `http://127.0.0.1:${await unusedPort()}/`, appCode: 'a', appSecret: 'retry-secret', retry: fast });
    const error = (await failure(refused.call(send))) as RetryError;
    expect(RetryError.isInstance(error)).toBe(true);
    expect(error.attempts).toBe(3);
    expect(error.errors.every((attempt) => (attempt as ApiRequestError).failure === 'network')).toBe(true);
    await refused.close();
  });

  it('honours Retry-After within maxRetryAfter', async () => {
    server.queue(stamped(json({ message: 'slow down' }, 429, { 'retry-after': '60' })), stamped(envelope('ok')));
    const started = performance.now();
    expect(await client.call(read, {}, { retry: { maxRetryAfter: 300 } })).toBe('ok');
    const [first = 0, second = 0] = stamps;
    expect(second - first).toBeGreaterThanOrEqual(280);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('retries a timed-out attempt of an idempotent call', async () => {
    server.queue((_request, response) => {
      setTimeout(() => response.end('{}'), 2000);
    }, envelope('second'));
    expect(await client.call(read, {}, { timeout: 200 })).toBe('second');
  });

  it('bounds a host that never answers by totalTimeout, and says that reason once', async () => {
    // A host that takes the request and never answers (issue: 60 s × 3 attempts of silence).
    const hung: Handler = (_request, response) => {
      setTimeout(() => response.end('{}'), 5000);
    };
    server.fallback(hung);
    const started = performance.now();
    const error = await failure(client.call(read, {}, { timeout: 300, totalTimeout: 500 }));
    const elapsed = performance.now() - started;
    expect(RetryError.isInstance(error)).toBe(true);
    const retry = error as RetryError;
    expect(retry.reason).toBe('totalTimeoutExceeded');
    expect(retry.requestSent).toBe(true);
    expect(retry.lastFailure).toBe('timeout');
    expect(retry.message).toBe(
      "The request failed after 2 attempts (totalTimeoutExceeded): [test-API] no answer within the call's total timeout of 500 ms (attempts and waits included) (GET read/)",
    );
    expect(elapsed).toBeGreaterThanOrEqual(480);
    expect(elapsed).toBeLessThan(2000);
  });

  it('has a 90 s total budget by default, which false turns off', async () => {
    const { normalizeSettings } = await import('../client/normalize-settings.js');
    expect(normalizeSettings({}).totalTimeout).toBe(90_000);
    expect(normalizeSettings({ totalTimeout: false }).totalTimeout).toBe(false);
    expect(normalizeSettings({ totalTimeout: 1234 }).totalTimeout).toBe(1234);
  });

  it('retries a 2xx JSON answer that does not parse on reads only, not an HTML page', async () => {
    const cut: Handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"result":true,"data":{"rows":[1,');
    };
    server.queue(cut, cut, envelope({ rows: [1, 2] }));
    expect(await client.call(read)).toEqual({ rows: [1, 2] });
    expect(server.requests).toHaveLength(3);

    server.reset();
    server.queue(cut, envelope('never'));
    const sent = (await failure(client.call(send, { title: 'once' }))) as ApiRequestError;
    expect(sent.failure).toBe('invalid-json');
    expect(sent.isRetryable).toBe(false);
    expect(server.requests).toHaveLength(1);

    server.reset();
    server.queue((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html>login</html>');
    });
    const page = (await failure(client.call(read))) as ApiRequestError;
    expect(page.failure).toBe('invalid-json');
    expect(server.requests).toHaveLength(1);

    server.reset();
    server.queue(cut, envelope('no retry wanted'));
    const refused = (await failure(client.call(read, {}, { retry: { retryOnInvalidJson: false } }))) as ApiRequestError;
    expect(refused.failure).toBe('invalid-json');
    expect(server.requests).toHaveLength(1);
  });

  it('retries on an envelope predicate (fail_check_functions)', async () => {
    server.queue(json({ result: false, code: 'busy', message: 'system busy' }), envelope('done'));
    const result = await client.call(read, {}, { retry: { shouldRetryResult: (body) => body.code === 'busy' } });
    expect(result).toBe('done');
    expect(server.requests).toHaveLength(2);
    server.queue(json({ result: false, code: 'busy', message: 'system busy' }), json({ result: false, code: 'busy', message: 'system busy' }));
    const error = (await failure(client.call(read, {}, { retry: { attempts: 2, shouldRetryResult: (body) => body.code === 'busy' } }))) as RetryError;
    expect(error.reason).toBe('maxAttemptsExceeded');
    expect(ApiResultError.isInstance(error.lastError)).toBe(true);
  });

  it('stops retrying and waiting at once on abort', async () => {
    server.queue(unavailable, envelope('never'));
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => {
      controller.abort();
    }, 100);
    const error = (await failure(client.call(read, {}, { signal: controller.signal, retry: { backoff: { initialDelay: 10_000 } } }))) as RetryError;
    expect(performance.now() - started).toBeLessThan(2000);
    expect(RetryError.isInstance(error)).toBe(true);
    expect(error.reason).toBe('aborted');
    expect((error.lastError as ApiRequestError).failure).toBe('aborted');
    expect(server.requests).toHaveLength(1);
  });

  it('aborts a request in flight', async () => {
    server.queue((_request, response) => {
      setTimeout(() => response.end('{}'), 2000);
    });
    const controller = new AbortController();
    setTimeout(() => {
      controller.abort();
    }, 100);
    const error = (await failure(client.call(read, {}, { signal: controller.signal }))) as ApiRequestError;
    expect(error.failure).toBe('aborted');
  });

  it('applies a per-call policy to that call only', async () => {
    const single = createClient({ baseUrl: server.url, appCode: 'a', appSecret: 'retry-secret', retry: false });
    server.queue(unavailable, envelope('retried'));
    expect(await single.call(read, {}, { retry: { attempts: 2, backoff: { initialDelay: 10, jitter: false } } })).toBe('retried');
    server.queue(unavailable, envelope('not reached'));
    const error = await failure(single.call(read));
    expect(ApiRequestError.isInstance(error)).toBe(true);
    expect(server.requests).toHaveLength(3);
    server.queue(envelope('drain'));
    await single.call(read);
    await single.close();
  });
});
