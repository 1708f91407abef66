import { ValidationError } from '@x/errors';
import { rejection, useClosing, useUpstreamServer } from '@x/sandbox/vitest';
import type { UpstreamServer } from '@x/sandbox/vitest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createCmsi } from './cmsi-client.js';
import type { CmsiClient } from './cmsi-client.js';
import { cmsiGetMsgTypeEndpoint } from './cmsi-msg-type.js';

// What a plain JavaScript caller can pass (TypeScript refuses these at compile time: see
// cmsi-client.test-d.ts). A real node:http server on 127.0.0.1 proves nothing left the client.

const serve = useUpstreamServer();
const track = useClosing();
let server: UpstreamServer;
let cmsi: CmsiClient;
beforeEach(async () => {
  server = await serve({ body: { result: true, code: 0, message: 'OK', data: null } });
  cmsi = track(
    createCmsi({
      apiHost: server.url,
      gatewayMode: 'legacy',
      appCode: 'bk_log',
      appSecret: 'fixture-secret-value',
      username: 'admin',
      retry: false,
      cacheTtl: 0,
    }),
  );
});

/** Params TypeScript would refuse, as a JavaScript caller passes them. */
function untyped(params: Record<string, unknown>): never {
  return params as never;
}

async function validationError(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await rejection(promise);
  expect(ValidationError.isInstance(error)).toBe(true);
  return error as ValidationError;
}

describe('an unknown field is a ValidationError naming it, and nothing is sent', () => {
  it.each<[string, (client: CmsiClient) => Promise<unknown>, string, string]>([
    ['mail', async (client) => client.sendMail(untyped({ receivers: 'alice', title: 't', content: 'c', body_fromat: 'Html' })), 'body_fromat', 'send_mail'],
    ['sms', async (client) => client.sendSms(untyped({ receivers: 'alice', content: 'c', is_content_base46: true })), 'is_content_base46', 'send_sms'],
    ['voice', async (client) => client.sendVoiceMsg(untyped({ receivers: 'alice', content: 'c', auto_read_msg: 'x' })), 'auto_read_msg', 'send_voice_msg'],
    ['weixin', async (client) => client.sendWeixin(untyped({ receivers: 'alice', title: 't', content: 'c', bk_bizid: 2 })), 'bk_bizid', 'send_weixin'],
    [
      'msg',
      async (client) => client.sendMsg(untyped({ receivers: 'alice', msg_type: 'mail', title: 't', content: 'c', cc_username: 'bob' })),
      'cc_username',
      'send_msg',
    ],
    ['msg type', async (client) => client.client.call(cmsiGetMsgTypeEndpoint, untyped({ bk_usernme: 'alice' })), 'bk_usernme', 'get_msg_type'],
  ])('%s', async (_family, send, field, endpoint) => {
    const error = await validationError(send(cmsi));
    expect(error).toMatchObject({ direction: 'input', module: 'cmsi', endpoint });
    expect(error.issues).toMatchObject([{ code: 'unrecognized_keys' }]);
    expect(error.message).toContain(`unknown field "${field}": not a field of ${endpoint}`);
    expect(server.requests).toHaveLength(0);
  });

  it('in nested objects too: an attachment, a voice receiver, the weixin data', async () => {
    const attachment = await validationError(
      cmsi.sendMail(
        untyped({ receivers: 'alice', title: 't', content: 'c', attachments: [{ filename: 'a.png', content: Buffer.from('A'), contentId: 'logo' }] }),
      ),
    );
    expect(attachment.fields).toEqual(['attachments[0].contentId']);
    expect(attachment.message).toContain('contentId');
    const voice = await validationError(cmsi.sendVoiceMsg(untyped({ user_list_information: [{ username: 'alice', mobile: '13800000000' }], content: 'c' })));
    expect(voice.fields).toEqual(['user_list_information[0].mobile']);
    const weixin = await validationError(cmsi.sendWeixin(untyped({ receivers: 'alice', data: { heading: 'h', message: 'm', remarks: 'r' } })));
    expect(weixin.fields).toEqual(['data.remarks']);
    expect(server.requests).toHaveLength(0);
  });

  it('a value outside a closed set is refused: msg_type, body_format, email_type, disposition', async () => {
    const base = { receivers: 'alice', title: 't', content: 'c' };
    expect((await validationError(cmsi.sendMsg(untyped({ ...base, msg_type: 'wecom' })))).fields).toEqual(['msg_type']);
    expect((await validationError(cmsi.sendMail(untyped({ ...base, body_format: 'html' })))).fields).toEqual(['body_format']);
    expect((await validationError(cmsi.sendMail(untyped({ receiver: 'ops@example.com', title: 't', content: 'c', email_type: 'INTERNET' })))).fields).toEqual([
      'email_type',
    ]);
    expect(
      (await validationError(cmsi.sendMail(untyped({ ...base, attachments: [{ filename: 'a.csv', content: Buffer.from('A'), disposition: 'download' }] }))))
        .fields,
    ).toEqual(['attachments[0].disposition']);
    expect(server.requests).toHaveLength(0);
  });
});

// The whole message, pinned: the call's validation names the key (`unknown field "<key>": `) and
// the schema's error map says the rest, so a map that names the key too would repeat it.
describe('the message names an unknown field once', () => {
  it.each<[string, (client: CmsiClient) => Promise<unknown>, string]>([
    [
      'at the top level',
      async (client) => client.sendMail(untyped({ receivers: 'alice', title: 't', content: 'c', body_fromat: 'Html' })),
      'Parameter validation failed (cmsi.send_mail input): body_fromat: unknown field "body_fromat": not a field of send_mail (misspelt? wire fields the SDK does not model go in extra)',
    ],
    [
      'in an attachment',
      async (client) =>
        client.sendMail(
          untyped({ receivers: 'alice', title: 't', content: 'c', attachments: [{ filename: 'a.png', content: Buffer.from('A'), contentId: 'logo' }] }),
        ),
      'Parameter validation failed (cmsi.send_mail input): attachments[0].contentId: unknown field "contentId": not a field of an attachment (misspelt? an attachment has filename, content, type, disposition and content_id)',
    ],
    [
      'in the weixin data',
      async (client) => client.sendWeixin(untyped({ receivers: 'alice', data: { heading: 'h', message: 'm', remarks: 'r' } })),
      'Parameter validation failed (cmsi.send_weixin input): data.remarks: unknown field "remarks": not a field of send_weixin data (misspelt? data has heading, message, date, remark and is_message_base64)',
    ],
  ])('%s', async (_where, send, message) => {
    const error = await validationError(send(cmsi));
    expect(error.message).toBe(message);
    expect(server.requests).toHaveLength(0);
  });
});

describe('extra: the one way to send a field the SDK does not model', () => {
  it('sends its fields as given, next to the modelled ones', async () => {
    await cmsi.sendWeixin({ receivers: 'alice', title: 'h', content: 'm', extra: { wx_qy_agentid: '1000002', wx_qy_corpsecret: 'corp' } });
    expect(server.requests[0]?.body).toStrictEqual({
      receiver__username: 'alice',
      data: { message: 'm', heading: 'h' },
      wx_qy_agentid: '1000002',
      wx_qy_corpsecret: 'corp',
      bk_username: 'admin',
      operator: 'admin',
    });
  });

  it('refuses a key that is a modelled field, or the app credentials, naming extra.<key>; nothing is sent', async () => {
    const modelled = await validationError(cmsi.sendMail({ receivers: 'alice', title: 't', content: 'c', extra: { title: 'other', bk_username: 'mallory' } }));
    expect(modelled.fields).toEqual(['extra.title', 'extra.bk_username']);
    expect(modelled.message).toContain('is a field of send_mail: give it as title, not in extra');
    const secret = await validationError(cmsi.sendSms({ receivers: 'alice', content: 'c', extra: { bk_app_secret: 'x' } }));
    expect(secret.fields).toEqual(['extra.bk_app_secret']);
    expect(server.requests).toHaveLength(0);
  });

  it('takes JSON values only', async () => {
    const error = await validationError(cmsi.sendSms(untyped({ receivers: 'alice', content: 'c', extra: { when: new Date(0) } })));
    expect(error.fields).toEqual(['extra.when']);
    expect(server.requests).toHaveLength(0);
  });
});

describe('results keep the known fields only', () => {
  it('a field CMSI adds is dropped, not a failure', async () => {
    server.answer({ body: { result: true, code: 0, message: 'OK', data: { username_check: { invalid: [], checked: 2 }, delivered_at: '2025-01-01' } } });
    await expect(cmsi.sendMail({ receivers: 'alice', title: 't', content: 'c' })).resolves.toStrictEqual({ username_check: { invalid: [] } });
    server.answer({ body: { result: true, data: [{ type: 'mail', label: 'Mail', is_active: true, label_en: 'mail' }] } });
    await expect(cmsi.getMsgType()).resolves.toStrictEqual([{ type: 'mail', label: 'Mail', is_active: true }]);
  });
});
