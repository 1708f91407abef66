import { ValidationError } from '@x/errors';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import type { TenantLookup } from '../client/client-settings.js';
import { createClient } from '../client/create-client.js';
import { runWithContext } from '../context/request-context.js';
import { defineEndpoint } from '../endpoint/define-endpoint.js';
import { startTestServer, type TestServer } from '../test-support/start-test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  server.reset();
});

const tenantOf = () => server.requests.at(-1)?.headers['x-bk-tenant-id'];

const sendWeixin = defineEndpoint({ module: 'cmsi', name: 'send_weixin', method: 'POST', path: 'send_weixin', tenant: { from: 'bk_biz_id', required: true } });
const byBiz = defineEndpoint({ module: 'cc', name: 'by_biz', method: 'GET', path: 'by_biz/', tenant: { from: 'bk_biz_id' } });
const bySpace = defineEndpoint({ module: 'uq', name: 'by_space', method: 'POST', path: 'by_space/', tenant: { from: 'space_uid' } });
const byTable = defineEndpoint({ module: 'bkdata', name: 'by_rt', method: 'POST', path: 'by_rt/', tenant: { from: 'result_table_id', key: 'table_id' } });

describe('tenant', () => {
  it('derives a tenant through resolveTenant, cached per key', async () => {
    const resolveTenant = vi.fn(async ({ bk_biz_id, space_uid, result_table_id }: TenantLookup) => {
      await Promise.resolve();
      if (bk_biz_id !== undefined) return `biz-${bk_biz_id}`;
      if (space_uid !== undefined) return `space-${space_uid}`;
      return result_table_id === undefined ? undefined : `rt-${result_table_id}`;
    });
    const client = createClient({ baseUrl: server.url, appCode: 'a', appSecret: 'tenant-secret', resolveTenant });
    await client.call(byBiz, { bk_biz_id: 2 });
    expect(tenantOf()).toBe('biz-2');
    await client.call(byBiz, { bk_biz_id: 2 });
    await client.call(bySpace, { space_uid: 'bkcc__2' });
    expect(tenantOf()).toBe('space-bkcc__2');
    await client.call(byTable, { table_id: ['2_bklog.a', '3_bklog.b'] });
    expect(tenantOf()).toBe('rt-2_bklog.a');
    expect(resolveTenant).toHaveBeenCalledTimes(3);
    // The call option still wins.
    await client.call(byBiz, { bk_biz_id: 2 }, { tenantId: 'explicit' });
    expect(tenantOf()).toBe('explicit');
    await client.close();
  });

  it('falls back to the context/client tenant without a resolver or without the field', async () => {
    const client = createClient({ baseUrl: server.url, appCode: 'a', appSecret: 'tenant-secret', tenantId: 'client-tenant' });
    await client.call(byBiz, { bk_biz_id: 2 });
    expect(tenantOf()).toBe('client-tenant');
    await runWithContext({ tenantId: 'context-tenant' }, () => client.call(byBiz, {}));
    expect(tenantOf()).toBe('context-tenant');
    await client.close();
  });

  it('names the missing field of a required derived tenant before sending anything', async () => {
    const client = createClient({ baseUrl: server.url, appCode: 'a', appSecret: 'tenant-secret' });
    const error = await client.call(sendWeixin, { receiver__username: 'alice' }).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).fields).toEqual(['bk_biz_id']);
    expect(server.requests).toHaveLength(0);
    await client.close();
  });

  it('evaluates a tenant function on the validated params', async () => {
    const typed = defineEndpoint({
      module: 'm',
      name: 'typed',
      method: 'POST',
      path: 't/',
      input: z.object({ region: z.string() }),
      tenant: (params, context) => (params.region === 'global' ? undefined : `${params.region}-${context.tenantId}`),
    });
    const client = createClient({ baseUrl: server.url, appCode: 'a', appSecret: 'tenant-secret' });
    await client.call(typed, { region: 'sz' });
    expect(tenantOf()).toBe('sz-system');
    await client.call(typed, { region: 'global' });
    expect(tenantOf()).toBe('system');
    await client.close();
  });
});
