import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../index.js';
import type { Sandbox } from '../index.js';
import { sendJson } from '../test-support/blueking-fetch.js';
import type { Envelope } from '../test-support/blueking-fetch.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ recordCount: 100, seed: 7 });
});
beforeEach(() => {
  sandbox.reset();
});
afterAll(async () => {
  await sandbox.close();
});

const call = async (path: string, body: unknown): Promise<Envelope<Record<string, unknown> | null>> =>
  (await sendJson<Envelope<Record<string, unknown> | null>>(sandbox, `${sandbox.roots.legacy.wework}${path}`, body)).body;

describe('WeWork app chats', () => {
  it('creates a chat (BlueKing envelope around the WeCom body) and sends to it', async () => {
    const created = await call('create_appchat/', { name: 'oncall', owner: 'admin', userlist: ['admin', 'alice'] });
    expect(created).toMatchObject({ result: true, code: 0, data: { errcode: 0, errmsg: 'ok', chatid: expect.stringMatching(/^wr[0-9a-f]{30}$/) as string } });
    const chatid = String(created.data?.chatid);
    const sent = await call('send_appchat/', { chatid, msgtype: 'text', text: { content: 'hello group' } });
    expect(sent).toMatchObject({ result: true, data: { errcode: 0, errmsg: 'ok' } });
    expect(sandbox.outbox).toMatchObject([{ channel: 'appchat', receivers: ['admin', 'alice'], title: 'oncall', content: 'hello group' }]);
  });

  it('draws chat ids from the seed: the same after reset()', async () => {
    const first = await call('create_appchat/', { name: 'a', owner: 'admin', userlist: ['admin'] });
    sandbox.reset();
    const again = await call('create_appchat/', { name: 'a', owner: 'admin', userlist: ['admin'] });
    expect(again.data?.chatid).toBe(first.data?.chatid);
  });

  it('keeps a chatid given by the caller and refuses it twice', async () => {
    expect((await call('create_appchat/', { chatid: 'ops', owner: 'admin', userlist: ['admin'] })).data).toMatchObject({ chatid: 'ops' });
    expect(await call('create_appchat/', { chatid: 'ops', owner: 'admin', userlist: ['admin'] })).toMatchObject({ result: false, code: 40058 });
  });

  it.each([
    [{ name: 'x', owner: 'admin', userlist: [] }, 'userlist'],
    [{ name: 'x', owner: 'admin' }, 'userlist'],
    [{ name: 'x', userlist: ['admin'] }, 'owner'],
  ])('refuses create_appchat %j with the WeCom errcode', async (body, field) => {
    const answer = await call('create_appchat/', body);
    expect(answer).toMatchObject({ result: false, code: 40058, data: null });
    expect(answer.message).toContain(field);
  });

  it('refuses a send to an unknown chatid with errcode 86003, and sends nothing', async () => {
    const answer = await call('send_appchat/', { chatid: 'nope', msgtype: 'text', text: { content: 'x' } });
    expect(answer).toMatchObject({ result: false, code: 86003, data: null });
    expect(sandbox.outbox).toHaveLength(0);
  });

  it('refuses an unknown msgtype and a text without content', async () => {
    const chatid = String((await call('create_appchat/', { owner: 'admin', userlist: ['admin'] })).data?.chatid);
    expect(await call('send_appchat/', { chatid, msgtype: 'pigeon' })).toMatchObject({ result: false, code: 40008 });
    expect(await call('send_appchat/', { chatid, msgtype: 'text', text: {} })).toMatchObject({ result: false, code: 40058 });
    expect(sandbox.outbox).toHaveLength(0);
  });

  // WeCom appchat/send (document/path/90248) takes voice, video and mpnews; template_card is a robot-only type (91770).
  it('takes every app-chat message type WeCom documents, and only those', async () => {
    const chatid = String((await call('create_appchat/', { owner: 'admin', userlist: ['admin'] })).data?.chatid);
    expect(await call('send_appchat/', { chatid, msgtype: 'video', video: { media_id: 'm1' } })).toMatchObject({
      result: true,
      data: { errcode: 0, errmsg: 'ok' },
    });
    expect(await call('send_appchat/', { chatid, msgtype: 'mpnews', mpnews: { articles: [{ title: 't', thumb_media_id: 'm', content: 'c' }] } })).toMatchObject(
      { result: true },
    );
    expect(await call('send_appchat/', { chatid, msgtype: 'template_card', template_card: {} })).toMatchObject({ result: false, code: 40008 });
  });

  it('serves the gateway root', async () => {
    const answer = await sendJson<Envelope>(sandbox, `${sandbox.roots.gateway.wework}create_appchat/`, { owner: 'admin', userlist: ['admin'] });
    expect(answer.body.result).toBe(true);
  });
});

describe('WeCom group-robot webhook', () => {
  const post = async (url: string, body: unknown): Promise<{ status: number; body: unknown }> => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: await response.json() };
  };

  it('accepts a markdown message with the right key, without BlueKing auth, and answers raw WeCom JSON', async () => {
    const answer = await post(sandbox.webhookUrl, { chatid: 'id1|id2', msgtype: 'markdown', markdown: { content: '**pattern** changed' } });
    expect(answer).toEqual({ status: 200, body: { errcode: 0, errmsg: 'ok' } });
    expect(sandbox.outbox).toMatchObject([{ channel: 'robot', receivers: ['id1', 'id2'], content: '**pattern** changed' }]);
    expect(sandbox.lastCall()?.route).toBe('wework.robot_webhook');
  });

  it('answers errcode 93000 with HTTP 200 for a wrong key', async () => {
    const answer = await post(`${sandbox.url}/cgi-bin/webhook/send?key=wrong`, { msgtype: 'text', text: { content: 'x' } });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ errcode: 93000 });
    expect(sandbox.outbox).toHaveLength(0);
  });

  it('answers errcode 40008 for a missing msgtype', async () => {
    expect((await post(sandbox.webhookUrl, { text: { content: 'x' } })).body).toMatchObject({ errcode: 40008 });
  });
});
