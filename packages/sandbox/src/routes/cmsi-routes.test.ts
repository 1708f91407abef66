import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../index.js';
import type { Sandbox } from '../index.js';
import { getJson, sendJson } from '../test-support/blueking-fetch.js';
import type { Envelope } from '../test-support/blueking-fetch.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ recordCount: 100 });
});
beforeEach(() => {
  sandbox.reset();
});
afterAll(async () => {
  await sandbox.close();
});

const send = (path: string, body: unknown, tenant = 'system'): Promise<Envelope<Record<string, unknown> | null>> =>
  sendJson<Envelope<Record<string, unknown> | null>>(sandbox, `${sandbox.roots.legacy.cmsi}${path}`, body, { headers: { 'x-bk-tenant-id': tenant } }).then((answer) => {
    expect(answer.status).toBe(200);
    return answer.body;
  });

describe('CMSI sends', () => {
  it('send_mail lands in the outbox with receivers, title, content, request id and tenant', async () => {
    const answer = await send('send_mail/', { receiver__username: 'admin,alice', title: '【日志平台】', content: '<b>done</b>', body_format: 'Html' }, 'tenant-x');
    expect(answer).toMatchObject({ result: true, code: 0, message: 'OK', data: { username_check: { invalid: [] } } });
    expect(sandbox.outbox).toHaveLength(1);
    expect(sandbox.outbox[0]).toMatchObject({ id: 'msg-1', channel: 'mail', receivers: ['admin', 'alice'], title: '【日志平台】', content: '<b>done</b>', tenantId: 'tenant-x', requestId: answer.request_id });
    expect(sandbox.outbox[0]?.body).toMatchObject({ body_format: 'Html' });
  });

  it('send_mail accepts external addresses in receiver and list-shaped receivers (APIGW style)', async () => {
    expect((await send('send_mail/', { receiver: 'a@example.com', title: 't', content: 'c', email_type: 'SEND_TO_INTERNET' })).result).toBe(true);
    expect((await send('send_mail/', { receiver__username: ['bob', 'carol'], title: 't', content: 'c' })).result).toBe(true);
    expect(sandbox.outbox.map((message) => message.receivers)).toEqual([['a@example.com'], ['bob', 'carol']]);
  });

  it('decodes base64 content into the outbox when is_content_base64 is set', async () => {
    await send('send_mail/', { receiver__username: 'admin', title: 't', content: Buffer.from('héllo').toString('base64'), is_content_base64: true });
    expect(sandbox.outbox[0]?.content).toBe('héllo');
  });

  it.each([
    ['send_mail/', { title: 't', content: 'c' }, 'receiver'],
    ['send_mail/', { receiver__username: '', title: 't', content: 'c' }, 'receiver'],
    ['send_mail/', { receiver__username: 'admin', content: 'c' }, 'title'],
    ['send_mail/', { receiver__username: 'admin', title: 't' }, 'content'],
    ['send_sms/', { receiver__username: 'admin' }, 'content'],
    ['send_voice_msg/', { receiver__username: 'admin', content: 'c' }, 'auto_read_message'],
    ['send_weixin', { receiver__username: 'admin', data: { heading: 'h' } }, 'data.message'],
    ['send_weixin', { receiver__username: 'admin', data: { message: 'm' } }, 'data.heading'],
    ['send_msg/', { receiver__username: 'admin', content: 'c' }, 'msg_type'],
    ['send_msg/', { receiver__username: 'admin', content: 'c', msg_type: 'pigeon' }, 'msg_type'],
  ])('%s rejects %j (missing %s) with result false and sends nothing', async (path, body, missing) => {
    const answer = await send(path, body);
    expect(answer).toMatchObject({ result: false, code: 1640001, data: null });
    expect(answer.message).toContain(missing);
    expect(sandbox.outbox).toHaveLength(0);
  });

  it('reports invalid user names in data.username_check.invalid and fails when none is valid', async () => {
    const partly = await send('send_sms/', { receiver__username: 'admin,bad name!', content: 'c' });
    expect(partly).toMatchObject({ result: true, data: { username_check: { invalid: ['bad name!'] } } });
    expect(sandbox.outbox[0]?.receivers).toEqual(['admin']);
    const none = await send('send_sms/', { receiver__username: 'bad name!', content: 'c' });
    expect(none).toMatchObject({ result: false, code: 1640002, errors: { username_check: { invalid: ['bad name!'] } } });
  });

  it('send_voice_msg takes auto_read_message, and receivers from user_list_information', async () => {
    expect((await send('send_voice_msg/', { user_list_information: [{ username: 'admin', mobile_phone: '1' }], auto_read_message: 'alarm' })).result).toBe(true);
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

  it('send_msg needs a known msg_type and lands on the msg channel', async () => {
    expect((await send('send_msg/', { receiver__username: 'admin', title: 't', content: 'c', msg_type: 'wecom_robot', wecom_robot: { type: 'text' } })).result).toBe(true);
    expect(sandbox.outbox[0]).toMatchObject({ channel: 'msg', title: 't', content: 'c' });
  });

  it('serves the gateway root too', async () => {
    const answer = await sendJson<Envelope>(sandbox, `${sandbox.roots.gateway.cmsi}send_sms/`, { receiver__username: 'admin', content: 'c' });
    expect(answer.body.result).toBe(true);
  });
});

describe('CMSI get_msg_type', () => {
  it('lists weixin, mail, sms, voice and wecom_robot with label, icon and is_active', async () => {
    const answer = await getJson<Envelope<{ type: string; label: string; icon: string; is_active: boolean }[]>>(sandbox, `${sandbox.roots.legacy.cmsi}get_msg_type/`);
    expect(answer.body.data.map((item) => item.type)).toEqual(['weixin', 'mail', 'sms', 'voice', 'wecom_robot']);
    for (const item of answer.body.data) {
      expect(item.label).not.toBe('');
      expect(item.icon).toMatch(/^[A-Za-z0-9+/=]+$/);
      expect(item.is_active).toBe(true);
    }
  });

  it('is GET only', async () => {
    const answer = await sendJson(sandbox, `${sandbox.roots.legacy.cmsi}get_msg_type/`, {});
    expect(answer.status).toBe(404);
  });
});
