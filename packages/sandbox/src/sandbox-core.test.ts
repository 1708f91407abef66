import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from './index.js';
import type { Sandbox } from './index.js';
import { authorization, getJson, sendJson } from './test-support/blueking-fetch.js';
import type { Envelope } from './test-support/blueking-fetch.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ recordCount: 300, appCode: 'demo_app', appSecret: 'demo-secret' });
});
afterAll(async () => {
  await sandbox.close();
});

describe('startSandbox', () => {
  it('listens on 127.0.0.1 with an ephemeral port and exposes the roots of spec §0.2/§0.3', () => {
    const host = sandbox.url;
    expect(host).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.apiHost).toBe(host);
    expect(sandbox.roots.legacy).toEqual({
      cmsi: `${host}/api/c/compapi/v2/cmsi/`,
      wework: `${host}/api/c/compapi/v2/wework/`,
      bkdataAccess: `${host}/api/c/compapi/data/v3/access/`,
      bkdataQuery: `${host}/api/c/compapi/data/v3/queryengine/`,
      bkdataDatabus: `${host}/api/c/compapi/data/v3/databus/`,
      bkdataDatabusV4: `${host}/api/bk-base/prod/v4/databus/`,
      unifyQuery: `${host}/api/bk-unify-query/`,
      metadata: `${host}/api/c/compapi/v2/monitor_v3/`,
    });
    expect(sandbox.roots.gateway).toEqual({
      cmsi: `${host}/api/bk-cmsi/prod/v1/`,
      wework: `${host}/api/bk-wework/prod/`,
      bkdataAccess: `${host}/api/bk-base/prod/v3/access/`,
      bkdataQuery: `${host}/api/bk-base/prod/v3/queryengine/`,
      bkdataDatabus: `${host}/api/bk-base/prod/v3/databus/`,
      bkdataDatabusV4: `${host}/api/bk-base/prod/v4/databus/`,
      unifyQuery: `${host}/api/bk-unify-query/`,
      metadata: `${host}/api/bk-monitor/prod/app/metadata/`,
    });
    expect(sandbox.webhookUrl).toBe(`${host}/cgi-bin/webhook/send?key=sandbox-robot-key`);
    expect(sandbox.kafkaAddress.host).toBe('127.0.0.1');
    expect(sandbox.elasticsearchUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('accepts any stage on gateway routes', async () => {
    for (const stage of ['prod', 'stag', 'dev']) {
      const answer = await getJson<Envelope>(sandbox, `${sandbox.url}/api/bk-cmsi/${stage}/v1/get_msg_type/`);
      expect(answer.body.result, stage).toBe(true);
    }
  });

  it('serves /healthz without auth and with a request id', async () => {
    const response = await fetch(`${sandbox.url}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-bkapi-request-id')).toMatch(UUID);
    expect(await response.json()).toMatchObject({ status: 'ok', name: '@x/sandbox' });
  });

  it('answers an unknown API with a gateway-style 404', async () => {
    const response = await fetch(`${sandbox.url}/api/c/compapi/v2/cmsi/no_such_api/`, { headers: authorization(sandbox) });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-bkapi-error-code')).toBe('1640404');
    expect(await response.json()).toMatchObject({ result: false, code: 1640404, code_name: 'API_NOT_FOUND', data: null });
  });
});

describe('auth', () => {
  const url = (): string => `${sandbox.roots.legacy.cmsi}get_msg_type/`;

  it('answers 401 with gateway headers when X-Bkapi-Authorization is missing', async () => {
    const response = await fetch(url());
    expect(response.status).toBe(401);
    expect(response.headers.get('x-bkapi-request-id')).toMatch(UUID);
    expect(response.headers.get('x-bkapi-error-code')).toBe('1640401');
    expect(response.headers.get('x-bkapi-error-message')).toContain('missing');
    expect(await response.json()).toEqual({ result: false, code: 1640401, code_name: 'UNAUTHORIZED', message: expect.any(String) as string, data: null });
  });

  it('answers 401 when the header is not JSON', async () => {
    const response = await fetch(url(), { headers: { 'x-bkapi-authorization': 'bk_app_code=demo_app' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('x-bkapi-error-message')).toContain('JSON');
  });

  it('answers 403 for a wrong secret or a wrong app code', async () => {
    for (const credentials of [
      { bk_app_code: 'demo_app', bk_app_secret: 'nope' },
      { bk_app_code: 'other', bk_app_secret: 'demo-secret' },
    ]) {
      const response = await fetch(url(), { headers: { 'x-bkapi-authorization': JSON.stringify(credentials) } });
      expect(response.status).toBe(403);
      expect(response.headers.get('x-bkapi-error-code')).toBe('1640301');
      expect(response.headers.get('x-bkapi-request-id')).toMatch(UUID);
      expect(await response.json()).toMatchObject({ result: false, code: 1640301, code_name: 'APP_NO_PERMISSION', data: null });
    }
  });

  it('accepts the configured credentials', async () => {
    const answer = await getJson<Envelope>(sandbox, url());
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ result: true, code: 0, message: 'OK' });
    expect(answer.body.request_id).toBe(answer.headers.get('x-bkapi-request-id'));
  });
});

describe('calls', () => {
  it('records method, path, query, lower-case headers, JSON body, tenant, language, request id and route', async () => {
    sandbox.reset();
    const answer = await sendJson<Envelope>(
      sandbox,
      `${sandbox.roots.gateway.cmsi}send_mail/?bklog_request_id=abc&tag=1&tag=2`,
      { receiver__username: 'admin', title: 't', content: 'c' },
      { headers: { 'X-Bk-Tenant-Id': 'tenant-a', 'Blueking-Language': 'en', 'X-Request-Id': 'rid-1' } },
    );
    expect(answer.body.result).toBe(true);
    const call = sandbox.lastCall('send_mail');
    expect(call).toMatchObject({
      method: 'POST',
      path: '/api/bk-cmsi/prod/v1/send_mail/',
      query: { bklog_request_id: 'abc', tag: ['1', '2'] },
      body: { receiver__username: 'admin', title: 't', content: 'c' },
      tenantId: 'tenant-a',
      language: 'en',
      route: 'cmsi.send_mail',
      requestId: answer.headers.get('x-bkapi-request-id'),
    });
    expect(call?.headers['x-request-id']).toBe('rid-1');
    expect(typeof call?.at).toBe('number');
    expect(sandbox.calls.filter((entry) => entry.route === 'cmsi.send_mail')).toHaveLength(1);
  });

  it('records calls that fail auth, with their route', async () => {
    sandbox.reset();
    await fetch(`${sandbox.roots.legacy.cmsi}get_msg_type/`);
    expect(sandbox.calls).toHaveLength(1);
    expect(sandbox.lastCall()?.route).toBe('cmsi.get_msg_type');
  });

  it('records multipart bodies as form fields', async () => {
    sandbox.reset();
    const form = new FormData();
    form.append('receiver__username', 'admin');
    form.append('title', 'with file');
    form.append('content', 'see attachment');
    form.append('attachment', new Blob(['hello'], { type: 'text/plain' }), 'hello.txt');
    const response = await fetch(`${sandbox.roots.legacy.cmsi}send_mail/`, { method: 'POST', headers: authorization(sandbox), body: form });
    expect(((await response.json()) as Envelope).result).toBe(true);
    expect(sandbox.lastCall('send_mail')?.body).toEqual({
      receiver__username: 'admin',
      title: 'with file',
      content: 'see attachment',
      attachment: { filename: 'hello.txt', size: 5, type: 'text/plain' },
    });
  });

  it('does not record control routes and serves calls and outbox as JSON', async () => {
    sandbox.reset();
    await sendJson(sandbox, `${sandbox.roots.legacy.cmsi}send_sms/`, { receiver__username: 'admin', content: 'code 1234' });
    await fetch(`${sandbox.url}/healthz`);
    const calls = (await (await fetch(`${sandbox.url}/__sandbox/calls`)).json()) as { route: string }[];
    expect(calls.map((call) => call.route)).toEqual(['cmsi.send_sms']);
    const outbox = (await (await fetch(`${sandbox.url}/__sandbox/outbox`)).json()) as { channel: string; content: string }[];
    expect(outbox).toMatchObject([{ channel: 'sms', content: 'code 1234' }]);
  });

  it('reset() clears calls and outbox in place', async () => {
    const { calls, outbox } = sandbox;
    await sendJson(sandbox, `${sandbox.roots.legacy.cmsi}send_sms/`, { receiver__username: 'admin', content: 'x' });
    expect(outbox.length).toBeGreaterThan(0);
    sandbox.reset();
    expect(calls).toHaveLength(0);
    expect(outbox).toHaveLength(0);
    expect(sandbox.calls).toBe(calls);
  });
});

describe('close', () => {
  it('stops every listener and can be called twice', async () => {
    const other = await startSandbox({ recordCount: 10 });
    await Promise.all([other.close(), other.close()]);
    await expect(fetch(`${other.url}/healthz`)).rejects.toThrow();
  });
});
