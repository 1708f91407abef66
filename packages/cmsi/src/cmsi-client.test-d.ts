import { describe, expectTypeOf, it } from 'vitest';
import type {
  CmsiAttachmentInput,
  CmsiClient,
  CmsiExtra,
  CmsiMailInput,
  CmsiMsgInput,
  CmsiMsgType,
  CmsiMsgTypeName,
  CmsiSendResult,
  CmsiSmsInput,
  CmsiVoiceInput,
  CmsiWeixinInput,
} from './index.js';
import { cmsiGetMsgTypeEndpoint, cmsiSendMailEndpoint } from './endpoints.js';
import { createCmsi } from './index.js';

/** `true` when `T` has a string index signature (`[x: string]: ...`), which switches off excess-property checks. */
type HasIndexSignature<T> = string extends keyof T ? true : false;

describe('public types', () => {
  const cmsi = createCmsi();

  it('sends return the CMSI send result, getMsgType the channels', () => {
    expectTypeOf<CmsiClient['sendMail']>().returns.resolves.toEqualTypeOf<CmsiSendResult>();
    expectTypeOf<CmsiClient['getMsgType']>().returns.resolves.toEqualTypeOf<CmsiMsgType[]>();
    expectTypeOf<CmsiMsgType>().toHaveProperty('type').toEqualTypeOf<string>();
  });

  it('mail input uses the wire names and accepts lists as arrays or strings', () => {
    expectTypeOf<{ receivers: string[]; title: string; content: string }>().toExtend<CmsiMailInput>();
    expectTypeOf<{ receiver: string; email_type: 'SEND_TO_INTERNET'; title: string; content: string; body_format: 'Text' }>().toExtend<CmsiMailInput>();
    expectTypeOf<{ receivers: string; title: string }>().not.toExtend<CmsiMailInput>();
    expectTypeOf<{ body_format: 'Markdown'; title: string; content: string }>().not.toExtend<CmsiMailInput>();
  });

  it('attachments take bytes or a path', () => {
    expectTypeOf<{ filename: string; content: Buffer }>().toExtend<CmsiAttachmentInput>();
    expectTypeOf<{ content: string }>().toExtend<CmsiAttachmentInput>();
    expectTypeOf<{ content: number }>().not.toExtend<CmsiAttachmentInput>();
  });

  it('weixin accepts bk_biz_id as a number or a string', () => {
    expectTypeOf<{ receivers: string; title: string; content: string; bk_biz_id: number }>().toExtend<CmsiWeixinInput>();
  });

  it('client.call infers the endpoint types', () => {
    expectTypeOf(cmsi.client.call(cmsiSendMailEndpoint, { receivers: 'a', title: 't', content: 'c' })).resolves.toEqualTypeOf<CmsiSendResult>();
  });

  it('a misspelled field does not compile, in every endpoint family', async () => {
    // @ts-expect-error mail: body_fromat is not a field
    await cmsi.sendMail({ receivers: ['alice'], title: 't', content: 'c', body_fromat: 'Html' });
    // @ts-expect-error sms: is_content_base46 is not a field
    await cmsi.sendSms({ receivers: 'alice', content: 'c', is_content_base46: true });
    // @ts-expect-error voice: auto_read_msg is not a field
    await cmsi.sendVoiceMsg({ receivers: 'alice', content: 'c', auto_read_msg: 'c' });
    // @ts-expect-error weixin: bk_bizid is not a field
    await cmsi.sendWeixin({ receivers: 'alice', title: 't', content: 'c', bk_bizid: 2 });
    // @ts-expect-error msg: cc_username is not a field
    await cmsi.sendMsg({ receivers: 'alice', msg_type: 'mail', title: 't', content: 'c', cc_username: 'bob' });
    // @ts-expect-error msg type: bk_usernme is not a field
    await cmsi.client.call(cmsiGetMsgTypeEndpoint, { bk_usernme: 'alice' });
    // @ts-expect-error voice: send_voice_msg has no receiver (typed receiver?: undefined)
    await cmsi.sendVoiceMsg({ receiver: '13800000000', content: 'c' });
    // @ts-expect-error weixin data: remarks is not a field of data
    await cmsi.sendWeixin({ receivers: 'alice', data: { heading: 'h', message: 'm', remarks: 'r' } });
    // @ts-expect-error an attachment: contentId is not a field
    await cmsi.sendMail({ receivers: 'alice', title: 't', content: 'c', attachments: [{ filename: 'a.png', content: Buffer.from('A'), contentId: 'logo' }] });
  });

  it('closed sets are literal unions', async () => {
    expectTypeOf<CmsiMsgTypeName>().toEqualTypeOf<'mail' | 'weixin' | 'sms' | 'voice'>();
    expectTypeOf<CmsiMsgInput['msg_type']>().toEqualTypeOf<CmsiMsgTypeName>();
    expectTypeOf<CmsiMailInput['email_type']>().toEqualTypeOf<'SEND_TO_INTERNET' | undefined>();
    expectTypeOf<CmsiMailInput['body_format']>().toEqualTypeOf<'Html' | 'Text' | undefined>();
    expectTypeOf<CmsiAttachmentInput['disposition']>().toEqualTypeOf<'attachment' | 'inline' | undefined>();
    // @ts-expect-error msg_type: not a channel of send_msg
    await cmsi.sendMsg({ receivers: 'alice', msg_type: 'wecom', title: 't', content: 'c' });
  });

  it('no input or result type has an index signature', () => {
    expectTypeOf<HasIndexSignature<CmsiMailInput>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<CmsiSmsInput>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<CmsiVoiceInput>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<CmsiWeixinInput>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<NonNullable<CmsiWeixinInput['data']>>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<CmsiMsgInput>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<CmsiAttachmentInput>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<NonNullable<CmsiSendResult>>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<CmsiMsgType>>().toEqualTypeOf<false>();
  });

  it('a send returns its known fields, or null', () => {
    expectTypeOf<CmsiSendResult>().toEqualTypeOf<{
      username_check?: { invalid?: string[] | null | undefined } | null | undefined;
      instance_id?: string | number | null | undefined;
    } | null>();
    expectTypeOf<CmsiMsgType>().toEqualTypeOf<{ type: string; label: string; icon?: string | null | undefined; is_active?: boolean | null | undefined }>();
  });

  it('extra takes JSON values and is the only open part', async () => {
    expectTypeOf<{ wx_qy_agentid: string; retries: number; tags: string[]; nested: { a: null } }>().toExtend<CmsiExtra>();
    expectTypeOf<{ when: Date }>().not.toExtend<CmsiExtra>();
    await cmsi.sendWeixin({ receivers: 'alice', title: 't', content: 'c', extra: { wx_qy_agentid: '1000002' } });
  });
});
