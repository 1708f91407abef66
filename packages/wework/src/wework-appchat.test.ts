import { runWithContext } from '@x/core-client';
import { ApiRequestError, ApiResultError, ValidationError } from '@x/errors';
import { authorizationOf, rejection, useClosing, useSandbox } from '@x/sandbox/vitest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WeworkAppchatMessage } from './wework-appchat.js';
import { VERSION } from './version.js';
import type { WeworkClient } from './wework-client.js';
import type { WeworkSettings } from './wework-settings.js';
import { WEWORK_SANDBOX, weworkOnSandbox } from './test-support/wework-on-sandbox.js';

/** A message without its chat id (Omit over each member, so every message type keeps its own fields). */
type MessageBody = WeworkAppchatMessage extends infer Message ? (Message extends unknown ? Omit<Message, 'chatid'> : never) : never;

const sandbox = useSandbox(WEWORK_SANDBOX);
const track = useClosing();
const create = (settings?: WeworkSettings): WeworkClient => track(weworkOnSandbox(sandbox(), settings));
let wework: WeworkClient;
beforeAll(() => {
  wework = create();
});

describe('createAppchat', () => {
  it('posts create_appchat/ with name, userlist, the client user as owner and the user fields; returns the chat id', async () => {
    const created = await wework.createAppchat({ name: 'Log platform help', userlist: ['alice', 'bob'] });
    expect(created).toStrictEqual({ chatid: expect.stringMatching(/^wr[0-9a-f]{30}$/) as unknown });
    expect(sandbox().calls).toHaveLength(1);
    const call = sandbox().calls[0];
    expect(call).toMatchObject({
      method: 'POST',
      path: '/api/c/compapi/v2/wework/create_appchat/',
      query: {},
      tenantId: 'system',
      route: 'wework.create_appchat',
    });
    expect(call?.body).toStrictEqual({ name: 'Log platform help', userlist: ['alice', 'bob'], owner: 'admin', bk_username: 'admin', operator: 'admin' });
    expect(call?.headers['user-agent']).toContain(`x-wework/${VERSION}`);
    expect(authorizationOf(sandbox().calls[0])).toStrictEqual({ bk_app_code: 'bk_sandbox', bk_app_secret: 'sandbox-secret', bk_username: 'admin' });
  });

  it('takes the owner from the context user, and keeps an explicit owner and chat id', async () => {
    await runWithContext({ username: 'alice' }, () => wework.createAppchat({ name: 'a', userlist: ['bob'] }));
    const created = await wework.createAppchat({ name: 'b', userlist: ['bob'], owner: 'carol', chatid: 'wrfixed1' });
    expect(created).toEqual({ chatid: 'wrfixed1' });
    expect(sandbox().calls.map((call) => call.body)).toMatchObject([
      { owner: 'alice', bk_username: 'alice', operator: 'alice' },
      { owner: 'carol', chatid: 'wrfixed1', bk_username: 'admin' },
    ]);
  });

  it('uses the gateway root in gateway mode', async () => {
    await create({ gatewayMode: 'gateway', stage: 'stag' }).createAppchat({ name: 'a', userlist: ['bob'] });
    expect(sandbox().calls[0]?.path).toBe('/api/bk-wework/stag/create_appchat/');
  });

  it('a WeCom failure in the envelope is an ApiResultError with the errcode and errmsg', async () => {
    await wework.createAppchat({ name: 'a', userlist: ['bob'], chatid: 'wrtaken' });
    const error = await rejection(wework.createAppchat({ name: 'a', userlist: ['bob'], chatid: 'wrtaken' }));
    expect(ApiResultError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: '40058', module: 'wework', endpoint: 'create_appchat' });
    expect((error as ApiResultError).message).toContain('already exists');
  });

  it.each([
    [{ name: 'a', userlist: [] }, 'userlist'],
    [{ name: 'a' }, 'userlist'],
    [{ name: ' ', userlist: ['bob'] }, 'name'],
    [{ userlist: ['bob'] }, 'name'],
    [{ name: 'a', userlist: ['bob', ''] }, 'userlist[1]'],
    // WeCom appchat/create (document/path/90245): chatid is at most 32 characters of 0-9a-zA-Z.
    [{ name: 'a', userlist: ['bob'], chatid: 'has-dash' }, 'chatid'],
    [{ name: 'a', userlist: ['bob'], chatid: 'x'.repeat(33) }, 'chatid'],
  ])('%j is a ValidationError naming %s, and nothing is sent', async (params, field) => {
    const error = await rejection(wework.createAppchat(params as never));
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).fields).toEqual([field]);
    expect(sandbox().calls).toHaveLength(0);
  });

  it('is not retried after a 502: one attempt, one error', async () => {
    sandbox().inject({ kind: 'status', status: 502, route: 'create_appchat' });
    const error = await rejection(wework.createAppchat({ name: 'a', userlist: ['bob'] }));
    expect(ApiRequestError.isInstance(error)).toBe(true);
    expect(sandbox().calls).toHaveLength(1);
  });
});

describe('sendAppchat', () => {
  async function chat(): Promise<string> {
    const { chatid } = await wework.createAppchat({ name: 'Oncall', userlist: ['alice', 'bob'] });
    return chatid;
  }

  it('sendText posts send_appchat/ with msgtype text and the user fields', async () => {
    const chatid = await chat();
    const result = await wework.sendText(chatid, 'Your archive restore has finished');
    expect(result).toMatchObject({ errcode: 0, errmsg: 'ok' });
    const call = sandbox().calls[1];
    expect(call).toMatchObject({ method: 'POST', path: '/api/c/compapi/v2/wework/send_appchat/' });
    expect(call?.body).toStrictEqual({
      chatid,
      msgtype: 'text',
      text: { content: 'Your archive restore has finished' },
      bk_username: 'admin',
      operator: 'admin',
    });
    expect(sandbox().outbox).toMatchObject([
      { channel: 'appchat', receivers: ['admin', 'alice', 'bob'], title: 'Oncall', content: 'Your archive restore has finished' },
    ]);
  });

  it('sendMarkdown posts msgtype markdown', async () => {
    const chatid = await chat();
    await wework.sendMarkdown(chatid, '**Export ready**');
    expect(sandbox().calls[1]?.body).toMatchObject({ chatid, msgtype: 'markdown', markdown: { content: '**Export ready**' } });
    expect(sandbox().outbox[0]?.content).toBe('**Export ready**');
  });

  it.each<[string, MessageBody]>([
    ['text with safe', { msgtype: 'text', text: { content: 'secret' }, safe: 1 }],
    ['image', { msgtype: 'image', image: { media_id: 'MEDIA_1' } }],
    ['file', { msgtype: 'file', file: { media_id: 'MEDIA_2' }, safe: 0 }],
    ['textcard', { msgtype: 'textcard', textcard: { title: 'Export ready', description: '3 files', url: 'https://bk.example.com/export/7', btntxt: 'Open' } }],
    [
      'news',
      {
        msgtype: 'news',
        news: { articles: [{ title: 'Release', description: 'v2', url: 'https://bk.example.com/r', picurl: 'https://bk.example.com/p.png' }] },
      },
    ],
  ])('sends %s in WeCom shape, as given', async (_name, message) => {
    const chatid = await chat();
    await wework.sendAppchat({ chatid, ...message });
    expect(sandbox().calls[1]?.body).toStrictEqual({ chatid, ...message, bk_username: 'admin', operator: 'admin' });
    expect(sandbox().outbox).toHaveLength(1);
  });

  // WeCom's appchat/send takes voice, video and mpnews too (https://developer.work.weixin.qq.com/document/path/90248).
  it.each<[string, MessageBody]>([
    ['voice', { msgtype: 'voice', voice: { media_id: 'M' } }],
    ['video', { msgtype: 'video', video: { media_id: 'M', title: 't' } }],
    ['mpnews', { msgtype: 'mpnews', mpnews: { articles: [{ title: 't', thumb_media_id: 'T', content: '<p>x</p>' }] } }],
  ])('sends %s too, which WeCom takes', async (_name, message) => {
    const chatid = await chat();
    await expect(wework.sendAppchat({ chatid, ...message })).resolves.toMatchObject({ errcode: 0 });
    expect(sandbox().calls[1]?.body).toMatchObject({ chatid, ...message });
  });

  it('an unknown chat is an ApiResultError carrying WeCom errcode 86003', async () => {
    const error = await rejection(wework.sendText('wrmissing', 'hi'));
    expect(error).toMatchObject({ name: 'ApiResultError', code: '86003' });
    expect((error as ApiResultError).message).toContain('chatid not found');
  });

  it.each([
    [{ chatid: 'wr1', msgtype: 'text', text: { content: '' } }, 'text.content'],
    [{ chatid: '', msgtype: 'text', text: { content: 'x' } }, 'chatid'],
    [{ chatid: 'wr1', msgtype: 'sticker', sticker: {} }, 'msgtype'],
    [{ chatid: 'wr1', msgtype: 'text', text: { content: 'x' }, safe: 2 }, 'safe'],
    [{ chatid: 'wr1', msgtype: 'textcard', textcard: { title: 't', description: 'd' } }, 'textcard.url'],
    [{ chatid: 'wr1', msgtype: 'news', news: { articles: Array.from({ length: 9 }, () => ({ title: 't' })) } }, 'news.articles'],
    [{ chatid: 'wr1', msgtype: 'image', image: {} }, 'image.media_id'],
  ])('%j is a ValidationError naming %s, and nothing is sent', async (message, field) => {
    const error = await rejection(wework.sendAppchat(message as never));
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).fields).toEqual([field]);
    expect(sandbox().calls).toHaveLength(0);
  });

  it('HTTP 504 is one attempt and one ApiRequestError', async () => {
    const chatid = await chat();
    sandbox().inject({ kind: 'status', status: 504, route: 'send_appchat' });
    const error = await rejection(wework.sendText(chatid, 'hi'));
    expect(error).toMatchObject({ name: 'ApiRequestError', status: 504, endpoint: 'send_appchat' });
    expect(sandbox().calls.filter((call) => call.route === 'wework.send_appchat')).toHaveLength(1);
    expect(sandbox().outbox).toHaveLength(0);
  });

  it('a reset after the request reached the server is one attempt and nothing sent twice', async () => {
    const chatid = await chat();
    sandbox().inject({ kind: 'reset', route: 'send_appchat' });
    const error = await rejection(wework.sendText(chatid, 'hi'));
    expect(ApiRequestError.isInstance(error)).toBe(true);
    expect(sandbox().calls.filter((call) => call.route === 'wework.send_appchat')).toHaveLength(1);
    expect(sandbox().outbox).toHaveLength(0);
  });
});
