import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { ApiResultError } from '@x/errors';
import { rejection } from '@x/sandbox/vitest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWework } from './wework-client.js';
import type { WeworkClient } from './wework-client.js';

// A gateway that answers WeCom's raw body, or a BlueKing envelope around a failed WeCom body:
// shapes the sandbox does not produce.
let server: Server;
let answer: unknown;
const bodies: unknown[] = [];
let wework: WeworkClient;

beforeAll(async () => {
  server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    request.on('end', () => {
      bodies.push(JSON.parse(text));
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  wework = createWework({ baseUrl: `http://127.0.0.1:${port}/wework/`, appCode: 'app', appSecret: 'secret-value', username: 'admin', retry: false });
});
beforeEach(() => {
  bodies.length = 0;
});
afterAll(async () => {
  await wework.close();
  await new Promise<void>((resolve) => server.close(() => { resolve(); }));
});

describe('WeCom bodies', () => {
  it('a raw WeCom body (no result) with errcode 0 is a success whose fields are the data', async () => {
    answer = { errcode: 0, errmsg: 'ok', chatid: 'wrRAW' };
    await expect(wework.createAppchat({ name: 'a', userlist: ['bob'] })).resolves.toEqual({ chatid: 'wrRAW' });
    answer = { errcode: 0, errmsg: 'ok' };
    await expect(wework.sendText('wrRAW', 'hi')).resolves.toEqual({ errcode: 0, errmsg: 'ok' });
    expect(bodies).toHaveLength(2);
  });

  it('a raw WeCom body with errcode != 0 is an ApiResultError, not a success without result', async () => {
    answer = { errcode: 86003, errmsg: 'chatid not found' };
    const error = await rejection(wework.sendText('wrX', 'hi'));
    expect(ApiResultError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: '86003', message: 'chatid not found', endpoint: 'send_appchat' });
  });

  it('a successful envelope whose data holds errcode != 0 is an ApiResultError with errcode and errmsg', async () => {
    answer = { result: true, code: 0, message: 'OK', data: { errcode: 60011, errmsg: 'no privilege to access/modify contact' }, request_id: 'remote-id' };
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
    answer = { result: true, code: 0, message: 'OK', data: { errcode: 0, errmsg: 'ok' } };
    await expect(wework.createAppchat({ name: 'a', userlist: ['bob'] })).rejects.toMatchObject({ name: 'ValidationError', direction: 'output' });
  });
});
