import { ApiResultError, PartialDeliveryError } from '@x/errors';
import { rejection, upstreamFixtures, useClosing, useUpstreamServer } from '@x/sandbox/vitest';
import type { UpstreamServer } from '@x/sandbox/vitest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createCmsi } from './cmsi-client.js';
import { cmsiSendSmsEndpoint } from './cmsi-sms.js';
import type { CmsiClient } from './cmsi-client.js';

// Answers taken from, or assembled from, the CMSI components' own source and docs
// (src/__fixtures__/upstream/*.json name each source), served by a plain node:http server and
// read through the real client and its output schemas.

const upstream = useUpstreamServer();
const track = useClosing();
const upstreamFixture = upstreamFixtures(new URL('__fixtures__/upstream/', import.meta.url));
const settings = { appCode: 'bk_log', appSecret: 'fixture-secret-value', username: 'admin', gatewayMode: 'legacy' } as const;
let server: UpstreamServer;
let cmsi: CmsiClient;
beforeEach(async () => {
  server = await upstream({ body: { result: true, code: 0, message: 'OK', data: null } });
  cmsi = track(createCmsi({ ...settings, apiHost: server.url, retry: false }));
});

function serve(name: string): unknown {
  const fixture = upstreamFixture(name);
  expect(fixture.source).toMatch(/^TencentBlueKing\/legacy-bk-paas\/.+@.+$/);
  server.answer({ body: fixture.body });
  return fixture.body;
}

describe('successful answers parse through the output schemas', () => {
  it('send_mail without a data key (apidocs/en/send_mail.md) returns null', async () => {
    serve('send-mail-success-apidoc');
    await expect(cmsi.sendMail({ receivers: 'alice', title: 't', content: 'c' })).resolves.toBeNull();
  });

  it('send_sms with code "00" and no data (send_sms.py docstring) succeeds', async () => {
    serve('send-sms-success-docstring');
    await expect(cmsi.sendSms({ receivers: 'alice', content: 'c' })).resolves.toBeNull();
  });

  it("send_voice_msg's provider data (send_voice_msg.py docstring) is returned as is", async () => {
    serve('send-voice-msg-success-docstring');
    await expect(cmsi.sendVoiceMsg({ receivers: 'alice', content: 'c' })).resolves.toEqual({ instance_id: '2662152044' });
  });

  it("send_msg's data: [] (apidocs/en/send_msg.md) is accepted and returned as null", async () => {
    serve('send-msg-success-apidoc');
    await expect(cmsi.sendMsg({ receivers: 'alice', msg_type: 'mail', title: 't', content: 'c' })).resolves.toBeNull();
  });

  it('send_weixin without a data key (apidocs/en/send_weixin.md) returns null', async () => {
    serve('send-weixin-success-apidoc');
    await expect(cmsi.sendWeixin({ receivers: 'alice', title: 't', content: 'c' })).resolves.toBeNull();
  });

  it('get_msg_type with icons (apidocs/en/get_msg_type.md) and without them (community edition)', async () => {
    serve('get-msg-type-apidoc');
    const uncached = createCmsi({ ...settings, apiHost: server.url, cacheTtl: 0 });
    expect((await uncached.getMsgType()).map((channel) => channel.type)).toEqual(['weixin', 'mail', 'sms', 'voice']);
    serve('get-msg-type-community');
    expect(await uncached.getMsgType()).toEqual([
      { type: 'weixin', label: 'weixin', is_active: false },
      { type: 'mail', label: 'mail', is_active: true },
    ]);
    await uncached.close();
  });
});

describe('partial deliveries are surfaced as what they are', () => {
  it('2.14.69: one known and one unknown user is a PartialDeliveryError naming the unknown user, with the data', async () => {
    const body = serve('send-mail-partial-2.14.69') as { message: string; request_id: string };
    const error = await rejection(cmsi.sendMail({ receivers: 'alice,ghost', title: 't', content: 'c' }));
    expect(PartialDeliveryError.isInstance(error)).toBe(true);
    // Still an ApiResultError: code that treats every failed result as final keeps doing so.
    expect(ApiResultError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      name: 'PartialDeliveryError',
      code: '1306000',
      message: body.message,
      refused: ['ghost'],
      data: { username_check: { invalid: ['ghost'] } },
      requestId: body.request_id,
      module: 'cmsi',
      endpoint: 'send_mail',
      isRetryable: false,
    });
    expect(server.requests).toHaveLength(1);
  });

  it('community edition: the refused names come from the message (no data), unusable contacts included', async () => {
    serve('send-mail-partial-community');
    const error = await rejection(cmsi.sendMail({ receivers: 'alice,ghost,nomail', title: 't', content: 'c' }));
    expect(PartialDeliveryError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: '1306000', refused: ['ghost', 'nomail'], data: undefined });
  });

  it('voice through QCloud: the failed user names follow the message prefix', async () => {
    serve('send-voice-partial-2.14.69');
    const error = await rejection(cmsi.sendVoiceMsg({ receivers: 'alice,bob', content: 'c' }));
    expect(error).toMatchObject({ name: 'PartialDeliveryError', refused: ['bob'], data: { failed: [{ username: 'bob' }] } });
  });

  it('only unknown users: a plain ApiResultError that keeps data.username_check', async () => {
    serve('send-mail-no-valid-user-2.14.69');
    const error = await rejection(cmsi.sendMail({ receivers: 'ghost', title: 't', content: 'c' }));
    expect(ApiResultError.isInstance(error)).toBe(true);
    expect(PartialDeliveryError.isInstance(error)).toBe(false);
    expect(error).toMatchObject({ code: '1306000', data: { username_check: { invalid: ['ghost'] } } });
  });

  it('the component crash on "+86…" (2.14.69 send_sms.py) is never reached: the number is refused before sending', async () => {
    serve('send-sms-plus-number-2.14.69');
    const error = await rejection(cmsi.sendSms({ receiver: '+8613800000000', content: 'c' }));
    expect(error).toMatchObject({ name: 'ValidationError', direction: 'input' });
    expect(server.requests).toHaveLength(0);
    // What the server would have said: a failure with no hint of the cause.
    // (The endpoint without its input schema sends it anyway.)
    const raw = await cmsi.client.call(
      { ...cmsiSendSmsEndpoint, input: undefined },
      { receiver: '+8613800000000', content: 'c' },
      { raw: true, throwOnResultFalse: false },
    );
    expect(raw).toMatchObject({ result: false, code: 1306000, message: 'Component error, please contact the component developer to handle it.' });
  });
});
