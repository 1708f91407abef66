import { ApiResultError } from '@x/errors';
import { rejection, useClosing, useUpstreamServer } from '@x/sandbox/vitest';
import type { UpstreamServer } from '@x/sandbox/vitest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createWework } from './wework-client.js';
import type { WeworkClient } from './wework-client.js';

// A gateway that answers WeCom's raw body, or a BlueKing envelope around a failed WeCom body:
// shapes the sandbox does not produce.
const serve = useUpstreamServer();
const track = useClosing();
let server: UpstreamServer;
let wework: WeworkClient;

beforeEach(async () => {
  server = await serve({ body: null });
  wework = track(createWework({ baseUrl: `${server.url}wework/`, appCode: 'app', appSecret: 'secret-value', username: 'admin', retry: false }));
});

describe('WeCom bodies', () => {
  it('a raw WeCom body (no result) with errcode 0 is a success whose fields are the data', async () => {
    server.answer({ body: { errcode: 0, errmsg: 'ok', chatid: 'wrRAW' } });
    await expect(wework.createAppchat({ name: 'a', userlist: ['bob'] })).resolves.toEqual({ chatid: 'wrRAW' });
    server.answer({ body: { errcode: 0, errmsg: 'ok' } });
    await expect(wework.sendText('wrRAW', 'hi')).resolves.toEqual({ errcode: 0, errmsg: 'ok' });
    expect(server.requests).toHaveLength(2);
  });

  it('a raw WeCom body with errcode != 0 is an ApiResultError, not a success without result', async () => {
    server.answer({ body: { errcode: 86003, errmsg: 'chatid not found' } });
    const error = await rejection(wework.sendText('wrX', 'hi'));
    expect(ApiResultError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: '86003', message: 'chatid not found', endpoint: 'send_appchat' });
  });

  it('a successful envelope whose data holds errcode != 0 is an ApiResultError with errcode and errmsg', async () => {
    server.answer({
      body: { result: true, code: 0, message: 'OK', data: { errcode: 60011, errmsg: 'no privilege to access/modify contact' }, request_id: 'remote-id' },
    });
    const error = await rejection(wework.createAppchat({ name: 'a', userlist: ['bob'] }));
    expect(ApiResultError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: '60011',
      message: 'no privilege to access/modify contact',
      data: { errcode: 60011, errmsg: 'no privilege to access/modify contact' },
      requestId: 'remote-id',
      module: 'wework',
      endpoint: 'create_appchat',
    });
  });

  it('an envelope without a chatid for create_appchat is an output ValidationError, not an undefined chat', async () => {
    server.answer({ body: { result: true, code: 0, message: 'OK', data: { errcode: 0, errmsg: 'ok' } } });
    await expect(wework.createAppchat({ name: 'a', userlist: ['bob'] })).rejects.toMatchObject({ name: 'ValidationError', direction: 'output' });
  });
});
