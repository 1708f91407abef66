import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type BkClient } from '../client/create-client.js';
import { runWithContext } from '../context/request-context.js';
import { defineEndpoint } from '../endpoint/define-endpoint.js';
import { captureLogger, type CaptureLogger } from '../test-support/capture-logger.js';
import { envelope, json, startTestServer, type TestServer } from '../test-support/start-test-server.js';

let server: TestServer;
let logger: CaptureLogger;
let client: BkClient;

beforeAll(async () => {
  server = await startTestServer();
  logger = captureLogger();
  client = createClient({ baseUrl: server.url, appCode: 'bk_log', appSecret: 'log-secret-value', logger, maxLogLength: 100, retry: { attempts: 2, backoff: { initialDelay: 10, jitter: false } } });
});
afterAll(async () => {
  await client.close();
  await server.close();
});
afterEach(() => {
  server.reset();
  logger.records.length = 0;
});

const search = defineEndpoint({ module: 'bk_log', name: 'search', method: 'GET', path: 'search/', cacheTtl: 30 });

describe('call log', () => {
  it('writes one structured record per call', async () => {
    server.queue(json({ message: 'busy' }, 503), envelope({ rows: 'x'.repeat(500) }));
    await runWithContext({ username: 'alice', requestId: 'log-req-1' }, () => client.call(search, { keyword: 'error', size: 10 }));
    const calls = logger.records.filter((entry) => entry.record.event === 'bk-api-call');
    expect(calls).toHaveLength(1);
    const [entry] = calls;
    expect(entry?.level).toBe('info');
    expect(entry?.message).toBe('[BKAPI] bk_log.search GET');
    expect(entry?.record).toMatchObject({
      module: 'bk_log',
      endpoint: 'search',
      method: 'GET',
      url: `${server.url}/search/?keyword=error&size=10`,
      status: 200,
      result: true,
      code: 0,
      attempts: 2,
      requestId: 'log-req-1',
      username: 'alice',
      tenantId: 'system',
      cached: false,
      params: '{"keyword":"error","size":10}',
    });
    expect(typeof entry?.record.durationMs).toBe('number');
    const retries = logger.records.filter((record) => record.record.event === 'bk-api-retry');
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ level: 'debug', record: { attempt: 2, requestId: 'log-req-1', error: { name: 'ApiRequestError', status: 503 } } });
    expect(String(entry?.record.response)).toContain('truncated');
    expect(String(entry?.record.response).length).toBeLessThan(140);
  });

  it('marks cache hits and logs failures as errors with the error summary', async () => {
    server.queue(envelope([1]));
    await client.call(search, { keyword: 'cached' });
    await client.call(search, { keyword: 'cached' });
    expect(logger.records.map((entry) => entry.record.cached)).toEqual([false, true]);
    server.queue(json({ result: false, code: 1306, message: 'denied' }));
    const failing = defineEndpoint({ module: 'cmsi', name: 'send', method: 'POST', path: 'send/' });
    await expect(client.call(failing, { a: 1 })).rejects.toThrow('denied');
    const last = logger.records.at(-1);
    expect(last?.level).toBe('error');
    expect(last?.record).toMatchObject({ result: false, code: 1306, error: { name: 'ApiResultError', code: '1306', message: 'denied' } });
  });

  it('never logs the auth header, and redacts secret params', async () => {
    const send = defineEndpoint({ module: 'cmsi', name: 'send_mail', method: 'POST', path: 'send/' });
    server.queue(envelope(null));
    await client.call(send, { password: 'p4ssw0rd-value', auth_info: { username: 'u', password: 'x' }, title: 't' });
    const text = logger.text();
    expect(text).not.toContain('log-secret-value');
    expect(text).not.toContain('p4ssw0rd-value');
    expect(text).not.toMatch(/authorization/i);
  });
});
