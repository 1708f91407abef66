import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../index.js';
import type { Sandbox } from '../index.js';
import { getJson, sendJson } from '../test-support/blueking-fetch.js';
import type { Envelope } from '../test-support/blueking-fetch.js';

// Expected answers follow TencentBlueKing/legacy-bk-paas 2.14.69,
// paas2/esb/components/generic/templates/cmsi/*.py and toolkit/tools.py, with the envelope of
// paas2/esb/esb/channel/base.py and paas2/esb/esb/response.py (code 1306000 for every failure).

let sandbox: Sandbox;
let minimal: Sandbox;
beforeAll(async () => {
  [sandbox, minimal] = await Promise.all([startSandbox({ recordCount: 100 }), startSandbox({ recordCount: 100, answers: 'minimal' })]);
});
beforeEach(() => {
  sandbox.reset();
  minimal.reset();
});
afterAll(async () => {
  await Promise.all([sandbox.close(), minimal.close()]);
});

type Answer = Envelope<Record<string, unknown> | null> & { readonly request_id: string };

const send = (path: string, body: unknown, tenant = 'system', target: Sandbox = sandbox): Promise<Answer> =>
  sendJson<Answer>(target, `${target.roots.legacy.cmsi}${path}`, body, { headers: { 'x-bk-tenant-id': tenant } }).then((answer) => {
    expect(answer.status).toBe(200);
    return answer.body;
  });

describe('CMSI sends', () => {
  it('send_mail lands in the outbox with receivers, title, content, request id and tenant', async () => {
    const answer = await send(
      'send_mail/',
      { receiver__username: 'admin,alice', title: '【日志平台】', content: '<b>done</b>', body_format: 'Html' },
      'tenant-x',
    );
    expect(answer).toMatchObject({ result: true, code: 0, message: 'Succeeded to send mail', data: { username_check: { invalid: [] } } });
    expect(sandbox.outbox).toHaveLength(1);
    expect(sandbox.outbox[0]).toMatchObject({
      id: 'msg-1',
      channel: 'mail',
      receivers: ['admin', 'alice'],
      title: '【日志平台】',
      content: '<b>done</b>',
      tenantId: 'tenant-x',
      requestId: answer.request_id,
    });
    expect(sandbox.outbox[0]?.body).toMatchObject({ body_format: 'Html' });
  });

  it('send_mail accepts external addresses in receiver and list-shaped receivers (APIGW style)', async () => {
    expect((await send('send_mail/', { receiver: 'a@example.com', title: 't', content: 'c', email_type: 'SEND_TO_INTERNET' })).result).toBe(true);
    expect((await send('send_mail/', { receiver__username: ['bob', 'carol'], title: 't', content: 'c' })).result).toBe(true);
    expect(sandbox.outbox.map((message) => message.receivers)).toEqual([['a@example.com'], ['bob', 'carol']]);
  });

  it('send_mail and send_sms use receiver and drop receiver__username when both are given ("receiver wins")', async () => {
    await send('send_mail/', { receiver: 'ops@example.com', receiver__username: 'alice', title: 't', content: 'c' });
    await send('send_sms/', { receiver: '13800000000', receiver__username: 'alice', content: 'c' });
    await send('send_weixin', { receiver: 'wx-id-1', receiver__username: 'alice', data: { heading: 'h', message: 'm' } });
    expect(sandbox.outbox.map((message) => message.receivers)).toEqual([['ops@example.com'], ['13800000000'], ['wx-id-1']]);
  });

  it('decodes base64 content into the outbox when is_content_base64 is set', async () => {
    await send('send_mail/', { receiver__username: 'admin', title: 't', content: Buffer.from('héllo').toString('base64'), is_content_base64: true });
    expect(sandbox.outbox[0]?.content).toBe('héllo');
  });

  it.each([
    ['send_mail/', { title: 't', content: 'c' }, 'Receiver [receiver, receiver__username] shall not be empty at the same time'],
    ['send_mail/', { receiver__username: '', title: 't', content: 'c' }, 'Receiver [receiver, receiver__username] shall not be empty at the same time'],
    ['send_mail/', { receiver__username: 'admin', content: 'c' }, 'email subject [title] This field is required.'],
    ['send_mail/', { receiver__username: 'admin', title: 't' }, 'email content [content] This field is required.'],
    ['send_mail/', { receiver: 'not-an-address', title: 't', content: 'c' }, 'The following users contact format are incorrect: not-an-address'],
    ['send_sms/', { receiver__username: 'admin' }, 'message content [content] This field is required.'],
    ['send_voice_msg/', { receiver__username: 'admin', content: 'c' }, 'auto voice reading info [auto_read_message] This field is required.'],
    [
      'send_voice_msg/',
      { receiver: '13800000000', auto_read_message: 'a' },
      'The parameters [user_list_information and receiver__username] shall not be empty at the same time',
    ],
    [
      'send_voice_msg/',
      { user_list_information: [{ username: 'admin', mobile_phone: '+8613800000000' }], auto_read_message: 'a' },
      'Mobile phone [mobile_phone] of the person notified must be a number',
    ],
    ['send_weixin', { receiver__username: 'admin', data: { heading: 'h' } }, 'notification text [message] This field is required.'],
    ['send_weixin', { receiver__username: 'admin', data: { message: 'm' } }, 'notification header text [heading] This field is required.'],
    ['send_msg/', { receiver__username: 'admin', title: 't', content: 'c' }, 'msg type [msg_type] This field is required.'],
    ['send_msg/', { receiver__username: 'admin', content: 'c', msg_type: 'sms' }, 'subject [title] This field is required.'],
    ['send_msg/', { receiver: 'ops@example.com', title: 't', content: 'c', msg_type: 'mail' }, 'recipients [receiver__username] This field is required.'],
    ['send_msg/', { receiver__username: 'admin', title: 't', content: 'c', msg_type: 'pigeon' }, 'Unsupported type of msg type'],
  ])('%s refuses %j with result false, code 1306000, data null and sends nothing', async (path, body, message) => {
    const answer = await send(path, body);
    expect(answer).toMatchObject({ result: false, code: 1306000, data: null });
    expect(answer.message).toContain(message);
    expect(answer).not.toHaveProperty('errors');
    expect(sandbox.outbox).toHaveLength(0);
  });

  it('send_sms answers "Component error" for a number with + (2.14.69 crashes in validate_receiver) and sends nothing', async () => {
    const answer = await send('send_sms/', { receiver: '+8613800000000', content: 'c' });
    expect(answer).toMatchObject({
      result: false,
      code: 1306000,
      message: 'Component error, please contact the component developer to handle it.',
      data: null,
    });
    expect(sandbox.outbox).toHaveLength(0);
  });

  it('a known and an unknown user: delivered to the known one, answered as a failure naming the unknown one', async () => {
    const answer = await send('send_mail/', { receiver__username: 'alice,bad name!', title: 't', content: 'c' });
    expect(answer).toMatchObject({
      result: false,
      code: 1306000,
      message: 'Some users failed to send email. The following users are not blueking users: bad name!',
      data: { username_check: { invalid: ['bad name!'] } },
    });
    expect(sandbox.outbox.map((message) => message.receivers)).toEqual([['alice']]);
    const sms = await send('send_sms/', { receiver__username: 'alice,bad name!', content: 'c' });
    expect(sms).toMatchObject({
      result: false,
      code: 1306000,
      message: 'Some users failed to send sms. The following users are not blueking users: bad name!',
      data: null,
    });
    const weixin = await send('send_weixin', { receiver__username: 'alice,bad name!', data: { heading: 'h', message: 'm' } });
    expect(weixin).toMatchObject({
      result: false,
      message: 'Some users failed to send wechat message. The following users are not blueking users: bad name!',
      data: { username_check: { invalid: ['bad name!'] } },
    });
    expect(sandbox.outbox).toHaveLength(3);
  });

  it('only unknown users: nothing sent, "All users message failed to be sent"', async () => {
    const answer = await send('send_mail/', { receiver__username: 'bad name!', title: 't', content: 'c' });
    expect(answer).toMatchObject({
      result: false,
      code: 1306000,
      message: 'All users message failed to be sent. The following users are not blueking users: bad name!',
      data: { username_check: { invalid: ['bad name!'] } },
    });
    const voice = await send('send_voice_msg/', { receiver__username: 'bad name!', auto_read_message: 'a' });
    expect(voice).toMatchObject({
      result: false,
      message: 'All users contact information failed to get, The following users are not blueking users: bad name!',
    });
    expect(sandbox.outbox).toHaveLength(0);
  });

  it('minimal answers leave out username_check (the community edition answers data: null) and get_msg_type icons', async () => {
    expect(await send('send_mail/', { receiver__username: 'alice', title: 't', content: 'c' }, 'system', minimal)).toMatchObject({
      result: true,
      code: 0,
      data: null,
    });
    expect(await send('send_mail/', { receiver__username: 'alice,bad name!', title: 't', content: 'c' }, 'system', minimal)).toMatchObject({
      result: false,
      code: 1306000,
      data: null,
    });
    expect(await send('send_voice_msg/', { receiver__username: 'alice', auto_read_message: 'a' }, 'system', minimal)).toMatchObject({
      result: true,
      data: null,
    });
    const types = await getJson<Envelope<Record<string, unknown>[]>>(minimal, `${minimal.roots.legacy.cmsi}get_msg_type/`);
    expect(types.body.data.map((item) => Object.keys(item).sort())).toEqual(Array.from({ length: 4 }, () => ['is_active', 'label', 'type']));
  });

  it('send_voice_msg takes auto_read_message, and user_list_information wins over receiver__username', async () => {
    const answer = await send('send_voice_msg/', {
      user_list_information: [{ username: 'admin', mobile_phone: '13800000000' }],
      receiver__username: 'alice',
      auto_read_message: 'alarm',
    });
    expect(answer).toMatchObject({ result: true, data: { instance_id: expect.any(String) as unknown } });
    expect(sandbox.outbox[0]).toMatchObject({ channel: 'voice', receivers: ['admin'], content: 'alarm' });
  });

  it('send_weixin is served without a trailing slash (as bklog calls it) and with one', async () => {
    for (const path of ['send_weixin', 'send_weixin/']) {
      expect((await send(path, { receiver__username: 'admin', data: { heading: 'H', message: 'M' }, bk_biz_id: 2 })).result).toBe(true);
    }
    expect(sandbox.outbox.map((message) => [message.channel, message.title, message.content])).toEqual([
      ['weixin', 'H', 'M'],
      ['weixin', 'H', 'M'],
    ]);
  });

  it('send_msg hands its form fields to the channel component and lands on the msg channel', async () => {
    expect((await send('send_msg/', { receiver__username: 'admin', title: 't', content: 'c', msg_type: 'weixin' })).result).toBe(true);
    expect((await send('send_msg/', { receiver__username: 'admin', title: 't', content: 'read me', msg_type: 'voice' })).result).toBe(true);
    expect(sandbox.outbox.map((message) => [message.channel, message.title, message.content])).toEqual([
      ['msg', 't', 'c'],
      ['msg', undefined, 'read me'],
    ]);
  });

  it('serves the gateway root too', async () => {
    const answer = await sendJson<Envelope>(sandbox, `${sandbox.roots.gateway.cmsi}send_sms/`, { receiver__username: 'admin', content: 'c' });
    expect(answer.body.result).toBe(true);
  });
});

describe('CMSI get_msg_type', () => {
  it('lists weixin, mail, sms and voice (toolkit/configs.py) with label, icon and is_active', async () => {
    const answer = await getJson<Envelope<{ type: string; label: string; icon: string; is_active: boolean }[]>>(
      sandbox,
      `${sandbox.roots.legacy.cmsi}get_msg_type/`,
    );
    expect(answer.body.data.map((item) => [item.type, item.label])).toEqual([
      ['weixin', 'weixin'],
      ['mail', 'mail'],
      ['sms', 'sms'],
      ['voice', 'voice'],
    ]);
    for (const item of answer.body.data) {
      expect(item.icon).toMatch(/^[A-Za-z0-9+/=]+$/);
      expect(item.is_active).toBe(true);
    }
    const chinese = await getJson<Envelope<{ label: string }[]>>(sandbox, `${sandbox.roots.legacy.cmsi}get_msg_type/`, {}, { 'blueking-language': 'zh-hans' });
    expect(chinese.body.data.map((item) => item.label)).toEqual(['微信', '邮件', '短信', '语音']);
  });

  it('is GET only', async () => {
    const answer = await sendJson(sandbox, `${sandbox.roots.legacy.cmsi}get_msg_type/`, {});
    expect(answer.status).toBe(404);
  });
});
