import { createServer } from 'node:net';
import type { Logger } from '@x/core-client';
import { ApiRequestError, ApiResultError, RetryError, ValidationError } from '@x/errors';
import { rejection, useClosing, useSandbox } from '@x/sandbox/vitest';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWeworkRobot } from './wework-robot.js';
import type { WeworkRobot } from './wework-robot.js';
import type { WeworkClient } from './wework-client.js';
import type { WeworkSettings } from './wework-settings.js';
import { ROBOT_KEY, WEWORK_SANDBOX, weworkOnSandbox } from './test-support/wework-on-sandbox.js';

const sandbox = useSandbox(WEWORK_SANDBOX);
const track = useClosing();
const create = (settings?: WeworkSettings): WeworkClient => track(weworkOnSandbox(sandbox(), settings));
let wework: WeworkClient;
beforeAll(() => {
  wework = create();
});
const key = ROBOT_KEY;

function recordingLogger(): Logger & { records: Record<string, unknown>[] } {
  const records: Record<string, unknown>[] = [];
  const push = (record: Record<string, unknown>): void => {
    records.push(record);
  };
  return { records, debug: push, info: push, warn: push, error: push };
}

/** Everything an error exposes: message, stack, JSON and its cause chain. */
function exposed(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth += 1) {
    parts.push((current as Error).message, String((current as Error).stack), JSON.stringify(current));
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join('\n');
}

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return `http://127.0.0.1:${port}/cgi-bin/webhook/send?key=${key}`;
}

const robots: WeworkRobot[] = [];
function robot(settings: Partial<Parameters<typeof createWeworkRobot>[0]> = {}): WeworkRobot {
  const created = createWeworkRobot({ webhookUrl: sandbox().webhookUrl, retry: { backoff: { initialDelay: 1 } }, ...settings });
  robots.push(created);
  return created;
}

beforeEach(async () => {
  await Promise.all(robots.splice(0).map(async (created) => created.close()));
  // A robot needs no BlueKing app: prove it with none in the environment either.
  for (const name of ['BK_APP_CODE', 'BKPAAS_APP_ID', 'APP_ID', 'BK_APP_SECRET', 'BKPAAS_APP_SECRET', 'APP_TOKEN']) vi.stubEnv(name, '');
});

describe('group-robot webhook', () => {
  it("sendRobotMarkdown posts bklog's body to the webhook URL, without BlueKing credentials", async () => {
    const result = await wework.sendRobotMarkdown({ chatids: ['wrA', 'wrB'], content: '**New log pattern** in index set 12' });
    expect(result).toEqual({ errcode: 0, errmsg: 'ok' });
    const call = sandbox().calls[0];
    expect(sandbox().calls).toHaveLength(1);
    expect(call).toMatchObject({ method: 'POST', path: '/cgi-bin/webhook/send', query: { key }, route: 'wework.robot_webhook' });
    expect(call?.body).toStrictEqual({ chatid: 'wrA|wrB', msgtype: 'markdown', markdown: { content: '**New log pattern** in index set 12' } });
    expect(call?.headers['x-bkapi-authorization']).toBeUndefined();
    expect(JSON.stringify(call?.headers)).not.toContain(sandbox().credentials.appSecret);
    expect(call?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(sandbox().outbox).toMatchObject([{ channel: 'robot', receivers: ['wrA', 'wrB'], content: '**New log pattern** in index set 12' }]);
  });

  it('a robot works with no app code or secret anywhere, and without chat ids', async () => {
    await robot().sendMarkdown('# Alert');
    await robot().sendText('deploy done', { chatids: 'wrC' });
    expect(sandbox().calls.map((call) => call.body)).toStrictEqual([
      { msgtype: 'markdown', markdown: { content: '# Alert' } },
      { msgtype: 'text', text: { content: 'deploy done' }, chatid: 'wrC' },
    ]);
  });

  it('send takes any robot message type, and the call may name another webhook', async () => {
    await create({ webhookUrl: undefined }).sendRobot({
      webhookUrl: sandbox().webhookUrl,
      msgtype: 'news',
      news: { articles: [{ title: 'Release', url: 'https://bk.example.com/r' }] },
    });
    expect(sandbox().calls[0]?.body).toStrictEqual({ msgtype: 'news', news: { articles: [{ title: 'Release', url: 'https://bk.example.com/r' }] } });
  });

  it('errcode != 0 is an ApiResultError with WeCom errcode and errmsg, never holding the key', async () => {
    const logger = recordingLogger();
    const wrong = sandbox().webhookUrl.replace(key, 'wrong-key-5b1d2e');
    const error = await rejection(robot({ webhookUrl: wrong, logger }).sendMarkdown('x'));
    expect(ApiResultError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: '93000', module: 'wework', endpoint: 'robot_send' });
    expect((error as ApiResultError).message).toContain('invalid webhook url');
    expect(exposed(error)).not.toContain('wrong-key-5b1d2e');
    expect(JSON.stringify(logger.records)).not.toContain('wrong-key-5b1d2e');
    expect(sandbox().outbox).toHaveLength(0);
  });

  it('never writes the key into a log record: success, HTTP failure and network failure', async () => {
    const logger = recordingLogger();
    await robot({ logger }).sendMarkdown('ok');
    sandbox().inject({ kind: 'status', status: 502, route: 'webhook' });
    const httpError = await rejection(robot({ logger }).sendMarkdown('x'));
    const networkError = await rejection(robot({ logger, webhookUrl: await closedPortUrl() }).sendMarkdown('x'));
    expect(ApiRequestError.isInstance(httpError)).toBe(true);
    expect((httpError as ApiRequestError).status).toBe(502);
    // A refused connection cannot have delivered anything, so even a send is retried; all attempts fail.
    expect(RetryError.isInstance(networkError)).toBe(true);
    const attempts = (networkError as RetryError).errors as ApiRequestError[];
    expect(attempts.map((attempt) => attempt.failure)).toEqual(['network', 'network', 'network']);
    const calls = logger.records.filter((record) => record.event === 'bk-api-call');
    expect(calls).toHaveLength(3);
    expect(calls[0]?.url).toBe(sandbox().webhookUrl.replace(key, '[REDACTED]'));
    for (const error of [httpError, ...attempts]) expect((error as ApiRequestError).url).toContain('key=[REDACTED]');
    for (const error of [httpError, networkError]) expect(exposed(error)).not.toContain(key);
    expect(JSON.stringify(logger.records)).not.toContain(key);
  });

  it('is not idempotent: a 503 is one attempt', async () => {
    sandbox().inject({ kind: 'status', status: 503, route: 'webhook' });
    await rejection(robot().sendMarkdown('x'));
    expect(sandbox().calls).toHaveLength(1);
  });

  it('a missing or malformed webhook URL is a ValidationError naming webhookUrl, without the URL in it', async () => {
    const missing = await rejection(create({ webhookUrl: undefined }).sendRobotMarkdown({ content: 'x' }));
    expect((missing as ValidationError).fields).toEqual(['webhookUrl']);
    const malformed = await rejection(robot({ webhookUrl: `qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}` }).sendMarkdown('x'));
    expect(ValidationError.isInstance(malformed)).toBe(true);
    expect((malformed as ValidationError).fields).toEqual(['webhookUrl']);
    expect(exposed(malformed)).not.toContain(key);
    const ftp = await rejection(robot({ webhookUrl: `ftp://example.com/?key=${key}` }).sendMarkdown('x'));
    expect((ftp as ValidationError).fields).toEqual(['webhookUrl']);
    expect(sandbox().calls).toHaveLength(0);
  });

  it.each([
    [{ msgtype: 'markdown', markdown: { content: '' } }, 'markdown.content'],
    [{ msgtype: 'markdown', markdown: { content: 'x' }, chatid: [] }, 'chatid'],
    [{ msgtype: 'image', image: { base64: 'AAAA' } }, 'image.md5'],
    [{ msgtype: 'voice', voice: {} }, 'msgtype'],
  ])('%j is a ValidationError naming %s, and nothing is sent', async (message, field) => {
    const error = await rejection(robot().send(message as never));
    expect((error as ValidationError).fields).toEqual([field]);
    expect(sandbox().calls).toHaveLength(0);
  });
});
