import { ApiResultError, ValidationError } from '@x/errors';
import { describe, expect, it } from 'vitest';
import { useCmsiSandbox } from './test-support/cmsi-sandbox.js';
import { rejection } from './test-support/rejection.js';

const bed = useCmsiSandbox();

describe('sendMsg', () => {
  it('posts send_msg/ with msg_type, title, content, sender and attachments', async () => {
    await bed.cmsi.sendMsg({
      receivers: 'alice,bob',
      msg_type: 'mail',
      title: 'Export ready',
      content: 'done',
      sender: 'bk_log',
      attachments: [{ filename: 'a.txt', content: Buffer.from('A') }],
    });
    expect(bed.calls()[0]).toMatchObject({ method: 'POST', path: '/api/c/compapi/v2/cmsi/send_msg/' });
    expect(bed.calls()[0]?.body).toStrictEqual({
      receiver__username: 'alice,bob',
      msg_type: 'mail',
      title: 'Export ready',
      content: 'done',
      sender: 'bk_log',
      attachments: [{ filename: 'a.txt', content: 'QQ==' }],
      bk_username: 'admin',
      operator: 'admin',
    });
    expect(bed.sandbox.outbox[0]).toMatchObject({ channel: 'msg', receivers: ['alice', 'bob'] });
  });

  it('passes a wecom_robot object and unknown CMSI fields through unchanged', async () => {
    await bed.gateway.sendMsg({ receivers: 'alice', msg_type: 'wecom_robot', content: 'c', wecom_robot: { type: 'markdown', group_receiver: ['wr1'] }, is_content_base64: false, extra_field: 1 });
    expect(bed.calls()[0]).toMatchObject({
      path: '/api/bk-cmsi/prod/v1/send_msg/',
      body: { wecom_robot: { type: 'markdown', group_receiver: ['wr1'] }, is_content_base64: false, extra_field: 1 },
    });
  });

  it.each([
    [{ receivers: 'alice', content: 'c' }, 'msg_type'],
    [{ receivers: 'alice', msg_type: '', content: 'c' }, 'msg_type'],
    [{ receivers: 'alice', msg_type: 'mail' }, 'content'],
    [{ msg_type: 'mail', content: 'c' }, 'receivers'],
  ])('%j is a ValidationError naming %s, and nothing is sent', async (params, field) => {
    const error = await rejection(bed.cmsi.sendMsg(params as never));
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).fields).toContain(field);
    expect(bed.calls()).toHaveLength(0);
  });

  it('an unknown msg_type is refused by CMSI with result false: an ApiResultError naming it', async () => {
    const error = await rejection(bed.cmsi.sendMsg({ receivers: 'alice', msg_type: 'pigeon', content: 'c' }));
    expect(ApiResultError.isInstance(error)).toBe(true);
    expect((error as ApiResultError).code).toBe('1640001');
    expect((error as ApiResultError).message).toContain('pigeon');
  });
});
