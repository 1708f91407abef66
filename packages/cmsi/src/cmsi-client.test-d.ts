import { describe, expectTypeOf, it } from 'vitest';
import type { CmsiAttachmentInput, CmsiClient, CmsiMailInput, CmsiMsgType, CmsiSendResult, CmsiWeixinInput } from './index.js';
import { cmsiSendMailEndpoint, createCmsi } from './index.js';

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
});
