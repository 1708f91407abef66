import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { captureLogger, type CaptureLogger } from '@x/test-services';
import { createClient, type BkClient } from '../client/create-client.js';
import { runWithContext } from '../context/request-context.js';
import { defineEndpoint } from '../endpoint/define-endpoint.js';
import { envelope, json, startTestServer, type TestServer } from '../test-support/start-test-server.js';

let server: TestServer;
let logger: CaptureLogger;
let client: BkClient;

beforeAll(async () => {
  server = await startTestServer();
  logger = captureLogger();
  client = createClient({
    baseUrl: server.url,
    appCode: 'bk_log',
    appSecret: 'log-secret-value',
    logger,
    maxLogLength: 100,
    retry: { attempts: 2, backoff: { initialDelay: 10, jitter: false } },
  });
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

describe('call log: levels', () => {
  function levelLogger(enabled: readonly string[], fail = false): CaptureLogger & { asked: string[] } {
    const capture = captureLogger();
    const asked: string[] = [];
    return Object.assign(capture, {
      asked,
      isLevelEnabled: (level: string) => {
        asked.push(level);
        if (fail) throw new Error('level unknown');
        return enabled.includes(level);
      },
    });
  }

  it('builds no record for a level the logger leaves out, and logs failures at error', async () => {
    const quiet = levelLogger(['warn', 'error']);
    const leveled = createClient({
      baseUrl: server.url,
      appCode: 'bk_log',
      appSecret: 'log-secret-value',
      logger: quiet,
      retry: { attempts: 2, backoff: { initialDelay: 5, jitter: false } },
    });
    server.queue(json({ message: 'busy' }, 503), envelope({ rows: [1, 2] }));
    await leveled.call(search, { keyword: 'quiet' });
    expect(quiet.records).toEqual([]);
    expect(quiet.asked).toEqual(['debug', 'info']);
    server.queue(json({ result: false, code: 7, message: 'denied' }));
    const failing = defineEndpoint({ module: 'cmsi', name: 'send', method: 'POST', path: 'send/' });
    await expect(leveled.call(failing, { a: 1 })).rejects.toThrow('denied');
    expect(quiet.records.map((entry) => [entry.level, entry.record.event, entry.record.code])).toEqual([['error', 'bk-api-call', 7]]);
    await leveled.close();
  });

  it('writes every record when the logger cannot say', async () => {
    const unsure = levelLogger([], true);
    const leveled = createClient({ baseUrl: server.url, appCode: 'bk_log', appSecret: 'log-secret-value', logger: unsure });
    server.queue(envelope('fine'));
    await leveled.call(search, { keyword: 'unsure' });
    expect(unsure.records.map((entry) => entry.record.event)).toEqual(['bk-api-call']);
    await leveled.close();
  });

  it('cuts a large response without serialising it whole, redacted', async () => {
    const rows = Array.from({ length: 20_000 }, (_unused, index) => ({ id: index, token: `row-token-${index}`, note: 'log-secret-value' }));
    server.queue(envelope({ rows }));
    await client.call(defineEndpoint({ module: 'bk_log', name: 'big', method: 'GET', path: 'big/' }));
    const response = String(logger.records.at(-1)?.record.response);
    expect(response.startsWith('{"rows":[{"id":0,"token":"[REDACTED]","note":"[REDACTED]"}')).toBe(true);
    expect(response.endsWith('…[truncated]')).toBe(true);
    expect(response.length).toBeLessThan(140);
    expect(logger.text()).not.toContain('log-secret-value');
    expect(logger.text()).not.toContain('row-token-');
  });
});
