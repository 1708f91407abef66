import { ApiResultError, PartialDeliveryError, ValidationError } from '@x/errors';
import { rejection, useClosing, useSandbox } from '@x/sandbox/vitest';
import { beforeAll, describe, expect, it } from 'vitest';
import { base64Content } from './cmsi-base64-content.js';
import type { CmsiClient } from './cmsi-client.js';
import type { CmsiSettings } from './cmsi-settings.js';
import { CMSI_SANDBOX, cmsiOnSandbox } from './test-support/cmsi-on-sandbox.js';

const sandbox = useSandbox(CMSI_SANDBOX);
const track = useClosing();
const create = (settings?: CmsiSettings): CmsiClient => track(cmsiOnSandbox(sandbox(), settings));
let legacy: CmsiClient;
let gateway: CmsiClient;
beforeAll(() => {
  legacy = create();
  gateway = create({ gatewayMode: 'gateway', stage: 'prod' });
});

describe('sendSms', () => {
  it('posts send_sms/ with user names as a comma string', async () => {
    const result = await legacy.sendSms({ receivers: ['alice', 'bob'], content: 'disk full' });
    // send_sms.py answers no data (its provider's result): null.
    expect(result).toBeNull();
    expect(sandbox().calls[0]).toMatchObject({
      method: 'POST',
      path: '/api/c/compapi/v2/cmsi/send_sms/',
      body: { receiver__username: 'alice,bob', content: 'disk full', bk_username: 'admin', operator: 'admin' },
    });
    expect(sandbox().outbox[0]).toMatchObject({ channel: 'sms', receivers: ['alice', 'bob'], content: 'disk full' });
  });

  it('posts phone numbers as a comma string, without receiver__username', async () => {
    await legacy.sendSms({ receiver: ['13800000000', '13900000000'], content: 'disk full' });
    expect(sandbox().calls[0]?.body).toStrictEqual({ receiver: '13800000000,13900000000', content: 'disk full', bk_username: 'admin', operator: 'admin' });
    expect(sandbox().outbox[0]).toMatchObject({ channel: 'sms', receivers: ['13800000000', '13900000000'] });
  });

  it('uses the gateway path in gateway mode and accepts base64 content', async () => {
    await gateway.sendSms({ receivers: 'alice', ...base64Content('磁盘已满') });
    expect(sandbox().calls[0]).toMatchObject({ path: '/api/bk-cmsi/prod/v1/send_sms/', body: { is_content_base64: true } });
    expect(sandbox().outbox[0]?.content).toBe('磁盘已满');
  });

  it.each([
    [{ content: 'c' }, 'receivers'],
    [{ receivers: 'alice' }, 'content'],
    [{ receiver: '12ab34', content: 'c' }, 'receiver'],
    [{ receiver: '1234', content: 'c' }, 'receiver'],
    [{ receiver: `+${'1'.repeat(20)}`, content: 'c' }, 'receiver'],
    [{ receiver: 'alice@example.com', content: 'c' }, 'receiver'],
    // The README's old example: legacy-bk-paas 2.14.69 send_sms.py crashes on it ("Component error").
    [{ receiver: '+8613800000000', content: 'c' }, 'receiver'],
    // Digits, but with a country prefix: the component adds 86 itself (toolkit/tools.py group_by_nation_code).
    [{ receiver: '008613800000000', content: 'c' }, 'receiver'],
    [{ receiver: '8613800000000', content: 'c' }, 'receiver'],
    [{ receiver: '138 0000 0000', content: 'c' }, 'receiver'],
    // send_sms.py Form.clean: receiver wins, receiver__username is dropped.
    [{ receivers: 'alice', receiver: '13800000000', content: 'c' }, 'receivers'],
    [{ receiver__username: 'alice', receiver: '13800000000', content: 'c' }, 'receiver__username'],
  ])('%j is a ValidationError naming %s, and nothing is sent', async (params, field) => {
    const error = await rejection(legacy.sendSms(params as never));
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).fields).toEqual([field]);
    expect(sandbox().calls).toHaveLength(0);
  });

  it('a known and an unknown user: a PartialDeliveryError naming the unknown one (send_sms.py answers no data)', async () => {
    const error = await rejection(legacy.sendSms({ receivers: 'alice,bad name!', content: 'c' }));
    expect(PartialDeliveryError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: '1306000', refused: ['bad name!'], data: undefined, isRetryable: false });
    expect(sandbox().outbox.map((message) => message.receivers)).toEqual([['alice']]);
  });

  it('result false is an ApiResultError', async () => {
    sandbox().inject({ kind: 'result-false', route: 'send_sms' });
    const error = await rejection(legacy.sendSms({ receivers: 'alice', content: 'c' }));
    expect(ApiResultError.isInstance(error)).toBe(true);
    expect(sandbox().calls).toHaveLength(1);
  });
});
