import { ApiResultError, ValidationError } from '@x/errors';
import { describe, expect, it } from 'vitest';
import { base64Content } from './cmsi-attachments.js';
import { useCmsiSandbox } from './test-support/cmsi-sandbox.js';
import { rejection } from './test-support/rejection.js';

const bed = useCmsiSandbox();

describe('sendSms', () => {
  it('posts send_sms/ with user names and phone numbers as comma strings', async () => {
    const result = await bed.cmsi.sendSms({ receivers: ['alice'], receiver: ['+8613800000000', '13900000000'], content: 'disk full' });
    expect(result).toMatchObject({ username_check: { invalid: [] } });
    expect(bed.calls()[0]).toMatchObject({
      method: 'POST',
      path: '/api/c/compapi/v2/cmsi/send_sms/',
      body: { receiver__username: 'alice', receiver: '+8613800000000,13900000000', content: 'disk full', bk_username: 'admin', operator: 'admin' },
    });
    expect(bed.sandbox.outbox[0]).toMatchObject({ channel: 'sms', receivers: ['alice', '+8613800000000', '13900000000'], content: 'disk full' });
  });

  it('uses the gateway path in gateway mode and accepts base64 content', async () => {
    await bed.gateway.sendSms({ receivers: 'alice', ...base64Content('磁盘已满') });
    expect(bed.calls()[0]).toMatchObject({ path: '/api/bk-cmsi/prod/v1/send_sms/', body: { is_content_base64: true } });
    expect(bed.sandbox.outbox[0]?.content).toBe('磁盘已满');
  });

  it.each([
    [{ content: 'c' }, 'receivers'],
    [{ receivers: 'alice' }, 'content'],
    [{ receiver: '12ab34', content: 'c' }, 'receiver'],
    [{ receiver: '1234', content: 'c' }, 'receiver'],
    [{ receiver: `+${'1'.repeat(20)}`, content: 'c' }, 'receiver'],
    [{ receiver: 'alice@example.com', content: 'c' }, 'receiver'],
  ])('%j is a ValidationError naming %s, and nothing is sent', async (params, field) => {
    const error = await rejection(bed.cmsi.sendSms(params as never));
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).fields).toEqual([field]);
    expect(bed.calls()).toHaveLength(0);
  });

  it('a partly invalid receiver list succeeds and reports the invalid names', async () => {
    const result = await bed.cmsi.sendSms({ receivers: 'alice,bad name!', content: 'c' });
    expect(result?.username_check?.invalid).toEqual(['bad name!']);
  });

  it('result false is an ApiResultError', async () => {
    bed.sandbox.inject({ kind: 'result-false', route: 'send_sms' });
    const error = await rejection(bed.cmsi.sendSms({ receivers: 'alice', content: 'c' }));
    expect(ApiResultError.isInstance(error)).toBe(true);
    expect(bed.calls()).toHaveLength(1);
  });
});
