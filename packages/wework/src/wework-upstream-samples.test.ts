import { ApiResultError } from '@x/errors';
import { rejection, upstreamFixtures, useClosing, useUpstreamServer } from '@x/sandbox/vitest';
import type { UpstreamFixture } from '@x/sandbox/vitest';
import { beforeEach, describe, expect, it } from 'vitest';
import { weworkCreateAppchatOutputSchema, weworkSendResultSchema } from './wework-appchat.js';
import { createWework } from './wework-client.js';
import type { WeworkClient } from './wework-client.js';
import { createWeworkRobot } from './wework-robot.js';
import { weworkRobotResultSchema } from './wework-robot-endpoint.js';
import type { WeworkRobot } from './wework-robot.js';

// WeCom's own answers (each fixture names its source), served raw by a node:http server as
// WeCom serves them: HTTP 200, no BlueKing envelope. The real client calls parse them through
// the endpoints' output schemas.
const serve = useUpstreamServer();
const track = useClosing();
const sample = upstreamFixtures(new URL('__fixtures__/upstream/', import.meta.url));

/** The sample answered on a path; any other path is a 404. */
const answers = new Map<string, UpstreamFixture>();
let wework: WeworkClient;
let robot: WeworkRobot;

beforeEach(async () => {
  answers.clear();
  const server = await serve((request) => {
    const answer = answers.get(new URL(request.path, 'http://127.0.0.1').pathname);
    return answer === undefined ? { status: 404, body: { errcode: 404, errmsg: 'no sample' } } : { body: answer.body };
  });
  wework = track(createWework({ baseUrl: `${server.url}wework/`, appCode: 'app', appSecret: 'secret-value', username: 'admin', retry: false }));
  robot = track(createWeworkRobot({ webhookUrl: `${server.url}cgi-bin/webhook/send?key=robot-key`, retry: false }));
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
