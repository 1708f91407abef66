import { runWithContext } from '@x/core-client';
import type { Logger } from '@x/core-client';
import { ApiResultError } from '@x/errors';
import { rejection, useUpstreamServer } from '@x/sandbox/vitest';
import type { UpstreamAnswer, UpstreamRequest, UpstreamServer } from '@x/sandbox/vitest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createCmsi } from './cmsi-client.js';

const SECRET = 'ce-esb-secret-0123456789';

/**
 * A community-edition ESB's app check (TencentBlueKing/legacy-bk-paas master,
 * paas-ce/paas/esb/esb/bkapp/validators.py `AppSecretValidator`): the credentials are read from
 * the request params (`request.g.kwargs`: the query of a GET, the body of a POST), never from
 * `X-Bkapi-Authorization`. `AppAuthValidator` (signature_or_app_secret) refuses a request without
 * them, then `AppSecretValidator` checks code and secret (CommonAPIError, code 1306000).
 */
function communityEsb(request: UpstreamRequest): UpstreamAnswer {
  const params: Record<string, unknown> =
    request.method === 'GET'
      ? Object.fromEntries(new URL(request.path, 'http://esb').searchParams)
      : (JSON.parse(request.text === '' ? '{}' : request.text) as Record<string, unknown>);
  if (params.bk_app_secret === undefined && params.bk_signature === undefined) {
    return {
      body: { result: false, code: 1306000, data: null, message: 'Signature [bk_signature] and APP Secret [bk_app_secret] cannot be empty at the same time' },
    };
  }
  if (params.bk_app_code === undefined) return { body: { result: false, code: 1306000, data: null, message: 'APP Code [bk_app_code] cannot be empty' } };
  if (params.bk_app_secret !== SECRET) {
    // A careless component echoing what it got: the secret must still not reach an error.
    return {
      body: {
        result: false,
        code: 1306000,
        data: null,
        message: `APP Secret verification failed: ${JSON.stringify(params)} bk_app_secret=${String(params.bk_app_secret)}`,
      },
    };
  }
  if (request.path.includes('get_msg_type')) return { body: { result: true, code: 0, message: '', data: [{ type: 'mail', label: 'mail', is_active: true }] } };
  return { body: { result: true, code: 0, message: 'OK', data: null } };
}

function recordingLogger(): Logger & { records: unknown[] } {
  const records: unknown[] = [];
  const push = (record: Record<string, unknown>, message?: string): void => {
    records.push({ record, message });
  };
  return { records, debug: push, info: push, warn: push, error: push };
}

const serve = useUpstreamServer();
let server: UpstreamServer;
beforeEach(async () => {
  server = await serve(communityEsb);
});

describe('credentialsInBody, for a community-edition ESB', () => {
  it('is off by default: the credentials travel only in X-Bkapi-Authorization, which that ESB does not read', async () => {
    const cmsi = createCmsi({ apiHost: server.url, gatewayMode: 'legacy', appCode: 'bk_log', appSecret: SECRET, username: 'admin' });
    const error = await rejection(cmsi.sendMail({ receivers: 'alice', title: 't', content: 'c' }));
    expect(ApiResultError.isInstance(error)).toBe(true);
    expect((error as ApiResultError).message).toBe('Signature [bk_signature] and APP Secret [bk_app_secret] cannot be empty at the same time');
    expect(JSON.parse(server.requests[0]?.text ?? '{}')).not.toHaveProperty('bk_app_secret');
    expect(server.requests[0]?.headers['x-bkapi-authorization']).toContain(SECRET);
    await cmsi.close();
  });

  it('sends bk_app_code and bk_app_secret in the body of a send and the query of get_msg_type', async () => {
    const cmsi = createCmsi({ apiHost: server.url, gatewayMode: 'legacy', appCode: 'bk_log', appSecret: SECRET, username: 'admin', credentialsInBody: true });
    await cmsi.sendMail({ receivers: 'alice', title: 't', content: 'c' });
    await cmsi.sendWeixin({ receivers: 'alice', title: 't', content: 'c' });
    expect(await cmsi.getMsgType()).toEqual([{ type: 'mail', label: 'mail', is_active: true }]);
    const [mail, weixin, msgType] = server.requests;
    expect(mail?.body).toStrictEqual({
      receiver__username: 'alice',
      title: 't',
      content: 'c',
      bk_username: 'admin',
      operator: 'admin',
      bk_app_code: 'bk_log',
      bk_app_secret: SECRET,
    });
    expect(weixin?.body).toMatchObject({ data: { heading: 't', message: 'c' }, bk_app_code: 'bk_log', bk_app_secret: SECRET });
    expect(new URL(msgType?.path ?? '', 'http://esb').searchParams.get('bk_app_secret')).toBe(SECRET);
    await cmsi.close();
  });

  it('keeps the secret out of log records and errors, even when the server echoes it', async () => {
    const logger = recordingLogger();
    const cmsi = createCmsi({
      apiHost: server.url,
      gatewayMode: 'legacy',
      appCode: 'bk_log',
      appSecret: SECRET,
      username: 'admin',
      credentialsInBody: true,
      logger,
    });
    await cmsi.sendSms({ receivers: 'alice', content: 'c' });
    await cmsi.getMsgType();
    expect(logger.records.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(logger.records)).not.toContain(SECRET);

    // The same secret with one character changed reaches the echoing branch; the real one is scrubbed.
    server.answer((request) => communityEsb({ ...request, text: request.text.replace(SECRET, `${SECRET}-x`) }));
    const error = await rejection(cmsi.sendSms({ receivers: 'alice', content: 'c' }));
    expect(ApiResultError.isInstance(error)).toBe(true);
    expect((error as ApiResultError).message).toContain('APP Secret verification failed');
    expect(JSON.stringify(error)).not.toContain(SECRET);
    expect(String((error as Error).stack)).not.toContain(SECRET);
    expect(JSON.stringify(logger.records)).not.toContain(SECRET);
    server.answer(communityEsb);
    await cmsi.close();
  });
});

describe('a failed send echoing the user tokens', () => {
  it('keeps the tokens of the call or its request context out of the error built from the answer', async () => {
    // A component echoing the X-Bkapi-Authorization it got into a result-false answer.
    const echo = await serve((request) => ({
      body: { result: false, code: 1306000, data: null, message: `refused for ${String(request.headers['x-bkapi-authorization'])}` },
    }));
    const cmsi = createCmsi({ apiHost: echo.url, gatewayMode: 'legacy', appCode: 'bk_log', appSecret: SECRET, username: 'admin' });
    const fromContext = await runWithContext({ bkToken: 'ctx-bk-token-2468', accessToken: 'ctx-access-token-1357' }, () =>
      rejection(cmsi.sendSms({ receivers: 'alice', content: 'c' })),
    );
    const fromOptions = await rejection(cmsi.sendSms({ receivers: 'alice', content: 'c' }, { bkToken: 'opt-bk-token-9753', bkTicket: 'opt-ticket-8642' }));
    for (const error of [fromContext, fromOptions]) {
      expect(ApiResultError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain('refused for');
      const surface = `${JSON.stringify(error)}${String((error as Error).stack)}`;
      for (const secret of [SECRET, 'ctx-bk-token-2468', 'ctx-access-token-1357', 'opt-bk-token-9753', 'opt-ticket-8642'])
        expect(surface).not.toContain(secret);
    }
    await cmsi.close();
  });
});
