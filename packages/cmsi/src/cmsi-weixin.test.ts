import { runWithContext } from '@x/core-client';
import { ApiRequestError, ValidationError } from '@x/errors';
import { rejection, useClosing, useSandbox } from '@x/sandbox/vitest';
import { beforeAll, describe, expect, it } from 'vitest';
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

describe('sendWeixin', () => {
  it('posts send_weixin without a trailing slash in both URL forms', async () => {
    await legacy.sendWeixin({ receivers: 'alice', title: 'H', content: 'M' });
    await gateway.sendWeixin({ receivers: 'alice', title: 'H', content: 'M' });
    expect(sandbox().calls.map((call) => call.path)).toEqual(['/api/c/compapi/v2/cmsi/send_weixin', '/api/bk-cmsi/prod/v1/send_weixin']);
  });

  it('turns title and content into data.heading and data.message (bklog transform) and drops them from the top level', async () => {
    await legacy.sendWeixin({ receivers: ['alice', 'bob'], title: '【日志平台】', content: '你创建的归档回溯已经完成' });
    expect(sandbox().calls[0]?.body).toStrictEqual({
      receiver__username: 'alice,bob',
      data: { message: '你创建的归档回溯已经完成', heading: '【日志平台】' },
      bk_username: 'admin',
      operator: 'admin',
    });
    expect(sandbox().outbox).toMatchObject([{ channel: 'weixin', receivers: ['alice', 'bob'], title: '【日志平台】', content: '你创建的归档回溯已经完成' }]);
  });

  it('uses heading when title is empty, and keeps the other fields of a given data', async () => {
    await legacy.sendWeixin({ receivers: 'alice', title: '', heading: 'Fallback', content: 'M', data: { date: '2026-01-01 10:00', remark: 'r' } });
    expect(sandbox().calls[0]?.body).toMatchObject({ data: { heading: 'Fallback', message: 'M', date: '2026-01-01 10:00', remark: 'r' } });
    expect(sandbox().calls[0]?.body).not.toHaveProperty('heading');
    expect(sandbox().calls[0]?.body).not.toHaveProperty('title');
  });

  it('takes data as CMSI names it when no title/content is given', async () => {
    await legacy.sendWeixin({ receiver__username: 'alice', data: { heading: 'H', message: 'M', is_message_base64: false } });
    expect(sandbox().calls[0]?.body).toMatchObject({ data: { heading: 'H', message: 'M', is_message_base64: false } });
  });

  it('derives the tenant from bk_biz_id through resolveTenant, and keeps bk_biz_id in the body', async () => {
    const lookups: unknown[] = [];
    const client = create({
      resolveTenant: (lookup) => {
        lookups.push(lookup);
        return lookup.bk_biz_id === 2 ? 'tenant-of-2' : undefined;
      },
    });
    await client.sendWeixin({ receivers: 'alice', title: 'H', content: 'M', bk_biz_id: 2 });
    expect(lookups).toEqual([{ bk_biz_id: 2 }]);
    expect(sandbox().calls[0]).toMatchObject({ tenantId: 'tenant-of-2', body: { bk_biz_id: 2 } });
  });

  it('without bk_biz_id uses the context tenant instead of failing (bklog raises a ValueError here)', async () => {
    const client = create({ resolveTenant: () => 'never-used' });
    await runWithContext({ tenantId: 'tenant-ctx' }, () => client.sendWeixin({ receivers: 'alice', title: 'H', content: 'M' }));
    await client.sendWeixin({ receivers: 'alice', title: 'H', content: 'M' });
    expect(sandbox().calls.map((call) => call.tenantId)).toEqual(['tenant-ctx', 'system']);
  });

  it.each([
    [{ title: 'H', content: 'M' }, 'receivers'],
    [{ receivers: 'alice', title: 'H' }, 'content'],
    [{ receivers: 'alice', content: 'M' }, 'title'],
    [{ receivers: 'alice', title: 'H', content: 'M', bk_biz_id: 'two' }, 'bk_biz_id'],
    // send_weixin.py Form.clean uses receiver (WeChat ids) and drops receiver__username.
    [{ receivers: 'alice', receiver: 'wx-id-1', title: 'H', content: 'M' }, 'receivers'],
  ])('%j is a ValidationError naming %s, and nothing is sent', async (params, field) => {
    const error = await rejection(legacy.sendWeixin(params));
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).fields).toContain(field);
    expect(sandbox().calls).toHaveLength(0);
  });

  it('is not retried after a 503', async () => {
    sandbox().inject({ kind: 'status', status: 503, route: 'send_weixin' });
    const error = await rejection(legacy.sendWeixin({ receivers: 'alice', title: 'H', content: 'M' }));
    expect(ApiRequestError.isInstance(error)).toBe(true);
    expect(sandbox().calls).toHaveLength(1);
    expect(sandbox().outbox).toHaveLength(0);
  });
});
