import { runWithContext } from '@x/core-client';
import { ApiRequestError, RetryError } from '@x/errors';
import { rejection, useClosing, useSandbox } from '@x/sandbox/vitest';
import { describe, expect, it } from 'vitest';
import { cmsiGetMsgTypeEndpoint } from './cmsi-msg-type.js';
import type { CmsiClient } from './cmsi-client.js';
import type { CmsiSettings } from './cmsi-settings.js';
import { CMSI_SANDBOX, cmsiOnSandbox } from './test-support/cmsi-on-sandbox.js';

const sandbox = useSandbox(CMSI_SANDBOX);
const track = useClosing();
const create = (settings?: CmsiSettings): CmsiClient => track(cmsiOnSandbox(sandbox(), settings));

describe('getMsgType', () => {
  it('GETs get_msg_type/ with bk_username and operator in the query, and returns the channels', async () => {
    const client = create();
    const channels = await client.getMsgType();
    expect(channels.map((channel) => channel.type)).toEqual(['weixin', 'mail', 'sms', 'voice']);
    expect(channels[0]).toMatchObject({ type: 'weixin', label: 'weixin', is_active: true });
    expect(sandbox().calls).toHaveLength(1);
    expect(sandbox().calls[0]).toMatchObject({
      method: 'GET',
      path: '/api/c/compapi/v2/cmsi/get_msg_type/',
      query: { bk_username: 'admin', operator: 'admin' },
      body: undefined,
    });
  });

  it('uses the gateway path in gateway mode', async () => {
    const client = create({ gatewayMode: 'gateway', stage: 'stag' });
    await client.getMsgType();
    expect(sandbox().calls[0]?.path).toBe('/api/bk-cmsi/stag/v1/get_msg_type/');
  });

  it('is cached five minutes by default: a second call does not reach CMSI', async () => {
    const client = create();
    const first = await client.getMsgType();
    const second = await client.getMsgType();
    expect(second).toEqual(first);
    expect(sandbox().calls).toHaveLength(1);
    expect(cmsiGetMsgTypeEndpoint.cacheTtl).toBe(300);
  });

  it('caches per user: another context user is asked for separately', async () => {
    const client = create();
    await client.getMsgType();
    await runWithContext({ username: 'alice' }, () => client.getMsgType());
    expect(sandbox().calls.map((call) => call.query.bk_username)).toEqual(['admin', 'alice']);
  });

  it('cacheTtl: 0 turns the cache off', async () => {
    const client = create({ cacheTtl: 0 });
    await client.getMsgType();
    await client.getMsgType();
    expect(sandbox().calls).toHaveLength(2);
  });

  it('a configured cacheTtl expires', async () => {
    const client = create({ cacheTtl: 0.05 });
    await client.getMsgType();
    await new Promise((resolve) => setTimeout(resolve, 120));
    await client.getMsgType();
    expect(sandbox().calls).toHaveLength(2);
  });

  it('is idempotent, so a 503 is retried and then succeeds', async () => {
    sandbox().inject({ kind: 'status', status: 503, route: 'get_msg_type', times: 1 });
    const channels = await create().getMsgType();
    expect(channels).toHaveLength(4);
    expect(sandbox().calls).toHaveLength(2);
  });

  it('gives up after the configured attempts with the last HTTP error', async () => {
    sandbox().inject({ kind: 'status', status: 502, route: 'get_msg_type' });
    const error = await rejection(create({ retry: { attempts: 2, backoff: { initialDelay: 1 } } }).getMsgType());
    expect(RetryError.isInstance(error)).toBe(true);
    expect((error as RetryError).attempts).toBe(2);
    expect(ApiRequestError.isInstance((error as RetryError).lastError)).toBe(true);
    expect(sandbox().calls).toHaveLength(2);
  });

  it('a failed result is not cached', async () => {
    sandbox().inject({ kind: 'result-false', route: 'get_msg_type', times: 1 });
    const client = create();
    await expect(client.getMsgType()).rejects.toMatchObject({ name: 'ApiResultError' });
    await expect(client.getMsgType()).resolves.toHaveLength(4);
    expect(sandbox().calls).toHaveLength(2);
  });
});
