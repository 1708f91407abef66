import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { ApiResultError } from '@x/errors';
import { rejection } from '@x/sandbox/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weworkCreateAppchatOutputSchema, weworkSendResultSchema } from './wework-appchat.js';
import { createWework } from './wework-client.js';
import type { WeworkClient } from './wework-client.js';
import { createWeworkRobot } from './wework-robot.js';
import { weworkRobotResultSchema } from './wework-robot-endpoint.js';
import type { WeworkRobot } from './wework-robot.js';

// WeCom's own answers (each fixture names its source), served raw by a node:http server as
// WeCom serves them: HTTP 200, no BlueKing envelope. The real client calls parse them through
// the endpoints' output schemas.
interface UpstreamSample {
  readonly source: string;
  readonly note: string;
  readonly body: Record<string, unknown>;
}

const sample = (name: string): UpstreamSample => JSON.parse(readFileSync(join(import.meta.dirname, '__fixtures__', 'upstream', `${name}.json`), 'utf8')) as UpstreamSample;

const answers = new Map<string, UpstreamSample>();
let server: Server;
let wework: WeworkClient;
let robot: WeworkRobot;

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
      const answer = answers.get(path);
      response.writeHead(answer === undefined ? 404 : 200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer?.body ?? { errcode: 404, errmsg: 'no sample' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  wework = createWework({ baseUrl: `http://127.0.0.1:${port}/wework/`, appCode: 'app', appSecret: 'secret-value', username: 'admin', retry: false });
  robot = createWeworkRobot({ webhookUrl: `http://127.0.0.1:${port}/cgi-bin/webhook/send?key=robot-key`, retry: false });
});
afterAll(async () => {
  await Promise.all([wework.close(), robot.close()]);
  await new Promise<void>((resolve) => server.close(() => { resolve(); }));
});

describe('WeCom samples through the output schemas', () => {
  it.each([
    ['appchat-create', weworkCreateAppchatOutputSchema],
    ['appchat-send', weworkSendResultSchema],
    ['robot-send', weworkRobotResultSchema],
  ] as const)('%s parses', (name, schema) => {
    expect(schema.safeParse(sample(name).body).success).toBe(true);
  });

  it('createAppchat returns the chatid of WeCom’s documented answer', async () => {
    answers.set('/wework/create_appchat/', sample('appchat-create'));
    await expect(wework.createAppchat({ name: 'Log platform help', userlist: ['alice', 'bob'] })).resolves.toEqual({ chatid: 'CHATID' });
  });

  it('a recorded WeCom refusal (errcode 60011, HTTP 200) is an ApiResultError with WeCom’s code and message', async () => {
    const refusal = sample('appchat-create-no-privilege');
    answers.set('/wework/create_appchat/', refusal);
    const error = await rejection(wework.createAppchat({ name: 'Log platform help', userlist: ['alice', 'bob'] }));
    expect(ApiResultError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: '60011', endpoint: 'create_appchat', message: expect.stringContaining('no privilege') as unknown });
  });

  it('sendAppchat returns WeCom’s documented answer', async () => {
    answers.set('/wework/send_appchat/', sample('appchat-send'));
    await expect(wework.sendText('CHATID', 'hello')).resolves.toMatchObject({ errcode: 0, errmsg: 'ok' });
  });

  it('a robot send returns WeCom’s documented answer', async () => {
    answers.set('/cgi-bin/webhook/send', sample('robot-send'));
    await expect(robot.sendMarkdown('**done**', { chatids: ['wrA', 'wrB'] })).resolves.toEqual({ errcode: 0, errmsg: 'ok' });
  });
});
