import type { Logger } from '@x/core-client';
import { ApiRequestError, ApiResultError } from '@x/errors';
import { rejection, useClosing, useSandbox } from '@x/sandbox/vitest';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { cmsiSendMailEndpoint } from './cmsi-mail.js';
import { cmsiGetMsgTypeEndpoint } from './cmsi-msg-type.js';
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

function recordingLogger(): Logger & { records: Record<string, unknown>[] } {
  const records: Record<string, unknown>[] = [];
  const push = (record: Record<string, unknown>): void => {
    records.push(record);
  };
  return { records, debug: push, info: push, warn: push, error: push };
}

describe('core settings pass through createCmsi', () => {
  it('headers, tenantId, language and userAgent reach the wire', async () => {
    const cmsi = create({ headers: { 'X-Team': 'log' }, tenantId: 'tenant-t', language: 'en', userAgent: 'my-app/1.0' });
    await cmsi.sendMail({ receivers: 'alice', title: 't', content: 'c' });
    const call = sandbox().calls[0];
    expect(call).toMatchObject({ tenantId: 'tenant-t', language: 'en' });
    expect(call?.headers['x-team']).toBe('log');
    expect(call?.headers['user-agent']).toMatch(/^my-app\/1\.0 x-cmsi\/\S+ x-core-client\/\S+$/);
  });

  it('the logger receives one record per call, without the app secret', async () => {
    const logger = recordingLogger();
    const cmsi = create({ logger });
    await cmsi.sendMail({ receivers: 'alice', title: 't', content: 'c' });
    sandbox().inject({ kind: 'status', status: 502, route: 'send_sms' });
    await rejection(cmsi.sendSms({ receivers: 'alice', content: 'c' }));
    expect(logger.records.map((record) => [record.module, record.endpoint, record.result])).toEqual([
      ['cmsi', 'send_mail', true],
      ['cmsi', 'send_sms', false],
    ]);
    expect(JSON.stringify(logger.records)).not.toContain(sandbox().credentials.appSecret);
  });

  it('a per-attempt timeout on a send is one attempt and one ApiRequestError', async () => {
    sandbox().inject({ kind: 'latency', ms: 500, route: 'send_mail' });
    const error = await rejection(create({ timeout: 100 }).sendMail({ receivers: 'alice', title: 't', content: 'c' }));
    expect(ApiRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ failure: 'timeout', requestSent: true });
    // The server still delivers it after the client gave up: exactly why a timed-out send is not retried.
    await vi.waitFor(() => {
      expect(sandbox().outbox).toHaveLength(1);
    });
    expect(sandbox().calls).toHaveLength(1);
  });

  it('the exported endpoints work with client.call, raw envelopes included', async () => {
    const envelope = await legacy.client.call(cmsiSendMailEndpoint, { receivers: 'alice', title: 't', content: 'c' }, { raw: true });
    expect(envelope).toMatchObject({ result: true, code: 0 });
    const channels = await legacy.client.call(cmsiGetMsgTypeEndpoint);
    expect(channels.length).toBeGreaterThan(0);
  });

  it('sends are defined as not idempotent, get_msg_type as idempotent and cached', () => {
    expect(cmsiSendMailEndpoint).toMatchObject({ method: 'POST', idempotent: false, cacheTtl: undefined });
    expect(cmsiGetMsgTypeEndpoint).toMatchObject({ method: 'GET', idempotent: true, cacheTtl: 300 });
  });
});

// One valid call per send, for the failure rules every send shares.
const sends: [string, (cmsi: CmsiClient) => Promise<unknown>][] = [
  ['send_mail', async (cmsi) => cmsi.sendMail({ receivers: 'alice', title: 't', content: 'c' })],
  ['send_msg', async (cmsi) => cmsi.sendMsg({ receivers: 'alice', msg_type: 'mail', title: 't', content: 'c' })],
  ['send_sms', async (cmsi) => cmsi.sendSms({ receivers: 'alice', content: 'c' })],
  ['send_voice_msg', async (cmsi) => cmsi.sendVoiceMsg({ receivers: 'alice', content: 'c' })],
  ['send_weixin', async (cmsi) => cmsi.sendWeixin({ receivers: 'alice', title: 't', content: 'c' })],
];

describe.each(sends)('%s failures', (route, send) => {
  it.each([502, 504])('HTTP %i: one attempt, one ApiRequestError, nothing in the outbox', async (status) => {
    sandbox().inject({ kind: 'status', status, route });
    const error = await rejection(send(gateway));
    expect(ApiRequestError.isInstance(error)).toBe(true);
    // The server may have processed it: a caller must not blindly resend.
    expect(error).toMatchObject({ status, module: 'cmsi', endpoint: route, requestSent: true });
    expect(sandbox().calls).toHaveLength(1);
    expect(sandbox().outbox).toHaveLength(0);
  });

  it('result false: one attempt, one ApiResultError with the remote code', async () => {
    sandbox().inject({ kind: 'result-false', route });
    const error = await rejection(send(legacy));
    expect(ApiResultError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: '1650500', endpoint: route });
    expect(sandbox().calls).toHaveLength(1);
  });

  it('succeeds once the fault is gone, reaching the outbox exactly once', async () => {
    await send(legacy);
    expect(sandbox().calls).toHaveLength(1);
    expect(sandbox().outbox).toHaveLength(1);
  });
});
