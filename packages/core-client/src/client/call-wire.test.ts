import { ApiRequestError, ValidationError, type BkError } from '@x/errors';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { captureLogger } from '@x/test-services';
import { runWithContext } from '../context/request-context.js';
import { defineEndpoint } from '../endpoint/define-endpoint.js';
import { addAppInfo, addEsbInfo } from '../helpers/before-request.js';
import { envelope, json, startTestServer, type Handler, type TestServer } from '../test-support/start-test-server.js';
import { VERSION } from '../version.js';
import { createClient, type BkClient } from './create-client.js';

let server: TestServer;
let client: BkClient;

beforeAll(async () => {
  server = await startTestServer();
  client = createClient({ baseUrl: `${server.url}/api/c/compapi/v2/cmsi/`, appCode: 'bk_log', appSecret: 'app-secret-value', username: 'admin', retry: false });
});
afterAll(async () => {
  await client.close();
  await server.close();
});
afterEach(() => {
  server.reset();
});

const getMsgType = defineEndpoint({ module: 'cmsi', name: 'get_msg_type', method: 'GET', path: 'get_msg_type/' });
const sendMail = defineEndpoint({
  module: 'cmsi',
  name: 'send_mail',
  method: 'POST',
  path: 'send_mail/',
  input: z.object({ receiver__username: z.string(), title: z.string(), content: z.string() }).loose(),
  before: (params, context) => addAppInfo(addEsbInfo(params, context), context),
});

function last() {
  const request = server.requests.at(-1);
  if (request === undefined) throw new Error('no request recorded');
  return request;
}

describe('wire contract: headers', () => {
  it('sends the auth JSON, tenant, request id twice, language and the user agent', async () => {
    server.queue(envelope([{ type: 'mail' }]));
    const data = await runWithContext({ language: 'zh-hans' }, () => client.call(getMsgType));
    expect(data).toEqual([{ type: 'mail' }]);
    const request = last();
    expect(request.method).toBe('GET');
    expect(request.path).toBe('/api/c/compapi/v2/cmsi/get_msg_type/');
    expect(JSON.parse(String(request.headers['x-bkapi-authorization']))).toEqual({
      bk_app_code: 'bk_log',
      bk_app_secret: 'app-secret-value',
      bk_username: 'admin',
    });
    expect(request.headers['x-bk-tenant-id']).toBe('system');
    expect(request.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(request.headers['x-data-request-id']).toBe(request.headers['x-request-id']);
    expect(request.headers['blueking-language']).toBe('zh-hans');
    expect(request.headers['user-agent']).toBe(`x-core-client/${VERSION}`);
    expect(request.headers['x-method-override']).toBeUndefined();
    // bklog's own `bklog_request_id` query parameter is not part of the contract.
    expect(request.url).toBe('/api/c/compapi/v2/cmsi/get_msg_type/');
  });

  it('adds the context tokens to the auth header and the context user', async () => {
    await runWithContext(
      { username: 'alice', bkToken: 'token-of-alice', accessToken: 'access-of-alice', bkTicket: 'ticket-of-alice', requestId: 'req-ctx-1' },
      () => client.call(getMsgType),
    );
    const request = last();
    expect(JSON.parse(String(request.headers['x-bkapi-authorization']))).toEqual({
      bk_app_code: 'bk_log',
      bk_app_secret: 'app-secret-value',
      bk_username: 'alice',
      bk_token: 'token-of-alice',
      access_token: 'access-of-alice',
      bk_ticket: 'ticket-of-alice',
    });
    expect(request.headers['x-request-id']).toBe('req-ctx-1');
    expect(request.headers['x-data-request-id']).toBe('req-ctx-1');
  });

  it('takes the user and tokens of one call from its options, over the context, and redacts them', async () => {
    const logger = captureLogger();
    const perCall = createClient({
      baseUrl: `${server.url}/api/c/compapi/v2/cmsi/`,
      appCode: 'bk_log',
      appSecret: 'app-secret-value',
      username: 'admin',
      retry: false,
      logger,
    });
    const users: (string | undefined)[] = [];
    const seeUser = defineEndpoint({
      module: 'cmsi',
      name: 'see_user',
      method: 'GET',
      path: 'get_msg_type/',
      before: (params, context) => {
        users.push(`${context.username ?? '-'}/${context.requestUsername ?? '-'}`);
        return params;
      },
    });
    server.queue(envelope([]), envelope([]), envelope([]));
    await runWithContext({ username: 'alice', bkToken: 'token-of-alice' }, () =>
      perCall.call(seeUser, {}, { username: 'bob', bkToken: 'token-of-bob-1234', accessToken: 'access-of-bob-1234', bkTicket: 'ticket-of-bob-1234' }),
    );
    expect(JSON.parse(String(last().headers['x-bkapi-authorization']))).toEqual({
      bk_app_code: 'bk_log',
      bk_app_secret: 'app-secret-value',
      bk_username: 'bob',
      bk_token: 'token-of-bob-1234',
      access_token: 'access-of-bob-1234',
      bk_ticket: 'ticket-of-bob-1234',
    });
    await runWithContext({ username: 'alice' }, () => perCall.call(seeUser));
    await perCall.call(seeUser);
    // The request's user is the call's or the context's; the client's username is a backend account.
    expect(users).toEqual(['bob/bob', 'alice/alice', 'admin/-']);
    server.queue(json({ message: 'denied for token-of-bob-1234' }, 403));
    const error = await perCall.call(seeUser, {}, { bkToken: 'token-of-bob-1234' }).catch((caught: unknown) => caught);
    expect(JSON.stringify((error as BkError).toJSON()) + logger.text()).not.toContain('token-of-bob-1234');
    await perCall.close();
  });

  it('lets params override auth keys, as bklog does, and keeps them in the body', async () => {
    const echo = defineEndpoint({ module: 'test', name: 'echo', method: 'POST', path: 'echo/' });
    await client.call(echo, { bk_username: 'bob', bk_token: 'param-token' });
    const request = last();
    expect(JSON.parse(String(request.headers['x-bkapi-authorization']))).toMatchObject({ bk_username: 'bob', bk_token: 'param-token' });
    expect(request.json).toEqual({ bk_username: 'bob', bk_token: 'param-token' });
  });

  it('resolves the tenant: call option > endpoint > context > client > system', async () => {
    const fixed = defineEndpoint({ module: 'test', name: 'fixed', method: 'GET', path: 'fixed/', tenant: 'endpoint-tenant' });
    const free = defineEndpoint({ module: 'test', name: 'free', method: 'GET', path: 'free/' });
    await runWithContext({ tenantId: 'context-tenant' }, async () => {
      await client.call(fixed, {}, { tenantId: 'call-tenant' });
      expect(last().headers['x-bk-tenant-id']).toBe('call-tenant');
      await client.call(fixed);
      expect(last().headers['x-bk-tenant-id']).toBe('endpoint-tenant');
      await client.call(free);
      expect(last().headers['x-bk-tenant-id']).toBe('context-tenant');
    });
    const tenantClient = createClient({ baseUrl: server.url, appCode: 'a', appSecret: 'secret-2', tenantId: 'client-tenant' });
    await tenantClient.call(free);
    expect(last().headers['x-bk-tenant-id']).toBe('client-tenant');
    await tenantClient.close();
  });

  it('uses the call request id, prepends a custom user agent and sends the method override', async () => {
    const overridden = defineEndpoint({ module: 'test', name: 'patchy', method: 'POST', path: 'p/', methodOverride: 'PATCH' });
    const custom = createClient({
      baseUrl: server.url,
      appCode: 'a',
      appSecret: 'secret-2',
      userAgent: 'x-cmsi/1.2.3',
      headers: { 'X-Extra': 'yes', 'X-Request-Id': 'ignored' },
    });
    await custom.call(overridden, {}, { requestId: 'my-request' });
    const request = last();
    expect(request.headers['user-agent']).toBe(`x-cmsi/1.2.3 x-core-client/${VERSION}`);
    expect(request.headers['x-method-override']).toBe('PATCH');
    expect(request.headers['x-extra']).toBe('yes');
    expect(request.headers['x-request-id']).toBe('my-request');
    await custom.close();
  });
});

describe('wire contract: header safety', () => {
  it("sends a user outside ASCII as \\u escapes in the auth JSON, as bklog's json.dumps does", async () => {
    const named = defineEndpoint({ module: 'cmsi', name: 'send_mail', method: 'POST', path: 'send/' });
    await client.call(named, { bk_username: '张三', title: 'é' });
    const request = last();
    const header = String(request.headers['x-bkapi-authorization']);
    expect(header).toContain('"bk_username":"\\u5f20\\u4e09"');
    expect(/^[\x20-\x7e]*$/.test(header)).toBe(true);
    expect(JSON.parse(header)).toMatchObject({ bk_username: '张三' });
    expect(JSON.parse(request.body)).toMatchObject({ bk_username: '张三', title: 'é' });
    await runWithContext({ username: 'ユーザー' }, () => client.call(getMsgType));
    expect(JSON.parse(String(last().headers['x-bkapi-authorization']))).toMatchObject({ bk_username: 'ユーザー' });
  });

  it('refuses CR/LF or a bad name in the headers and userAgent settings, naming the setting but not the value', async () => {
    const hostile = [
      { settings: { headers: { 'X-Trace': 'abc\r\nX-Injected: hidden-value' } }, field: 'headers.X-Trace' },
      { settings: { headers: { 'Bad Name': 'ok' } }, field: 'headers.Bad Name' },
      { settings: { headers: { 'X-Wide': '张三' } }, field: 'headers.X-Wide' },
      { settings: { userAgent: 'my-app/1.0\nX-Injected: hidden-value' }, field: 'userAgent' },
    ];
    for (const { settings, field } of hostile) {
      const refusing = createClient({ baseUrl: server.url, appCode: 'a', appSecret: 'secret-2', ...settings });
      const error = await refusing.call(getMsgType).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).fields).toEqual([field]);
      expect(JSON.stringify((error as ValidationError).toJSON())).not.toContain('hidden-value');
      expect((error as ValidationError).message).not.toContain('hidden-value');
      await refusing.close();
    }
    expect(server.requests).toHaveLength(0);
  });
});

describe('wire contract: redirects', () => {
  it('follows a redirect within the origin, and fails one to another origin without sending anything there', async () => {
    const elsewhere = await startTestServer();
    try {
      server.queue(
        (_request, response) => {
          response.writeHead(301, { location: '/api/c/compapi/v2/cmsi/get_msg_type/moved/' });
          response.end();
        },
        envelope(['moved']),
      );
      expect(await client.call(getMsgType)).toEqual(['moved']);
      expect(server.requests.map((request) => request.path)).toEqual(['/api/c/compapi/v2/cmsi/get_msg_type/', '/api/c/compapi/v2/cmsi/get_msg_type/moved/']);
      expect(JSON.parse(String(last().headers['x-bkapi-authorization']))).toMatchObject({ bk_app_secret: 'app-secret-value' });

      const away = `${elsewhere.url.replace('127.0.0.1', 'localhost')}/collect?bk_token=from-location`;
      const redirecting: Handler = (_request, response) => {
        response.writeHead(307, { location: away });
        response.end();
      };
      server.queue(redirecting);
      const error = (await client.call(sendMail, { receiver__username: 'a', title: 't', content: 'c' }).catch((caught: unknown) => caught)) as ApiRequestError;
      expect(ApiRequestError.isInstance(error)).toBe(true);
      expect(error.status).toBe(307);
      expect(error.message).toContain(`redirected to ${new URL(away).origin}, which is not followed`);
      expect(error.message).not.toContain('from-location');
      expect(elsewhere.requests).toHaveLength(0);

      // A custom fetch is asked not to follow any redirect (it could not be checked).
      const custom = createClient({ baseUrl: server.url, appCode: 'a', appSecret: 'secret-2', retry: false, fetch: globalThis.fetch });
      server.queue(redirecting);
      const customError = (await custom.call(getMsgType).catch((caught: unknown) => caught)) as ApiRequestError;
      expect(customError.status).toBe(307);
      expect(elsewhere.requests).toHaveLength(0);
      await custom.close();
    } finally {
      await elsewhere.close();
    }
  });
});

describe('wire contract: params', () => {
  it('puts GET params in the query: arrays repeated, null dropped, booleans, objects as JSON', async () => {
    const list = defineEndpoint({ module: 'test', name: 'list', method: 'GET', path: 'list/' });
    await client.call(list, { ids: [1, 2], name: 'a b', gone: null, missing: undefined, flag: false, nested: { a: 1 } });
    const request = last();
    expect(request.query.getAll('ids')).toEqual(['1', '2']);
    expect(request.query.get('name')).toBe('a b');
    expect(request.query.has('gone')).toBe(false);
    expect(request.query.has('missing')).toBe(false);
    expect(request.query.get('flag')).toBe('false');
    expect(request.query.get('nested')).toBe('{"a":1}');
    expect(request.body).toBe('');
  });

  it('sends other methods as a UTF-8 JSON body, with esb and app info from the helpers', async () => {
    await client.call(sendMail, { receiver__username: 'alice', title: '标题', content: 'hi' });
    const request = last();
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(request.json).toEqual({ receiver__username: 'alice', title: '标题', content: 'hi', bk_username: 'admin', operator: 'admin', bk_app_code: 'bk_log' });
    // The X-Bk-App-Code param moved to a header and left the body.
    expect(request.headers['x-bk-app-code']).toBe('bk_log');
  });

  it('sends DELETE, PUT and PATCH as JSON bodies too', async () => {
    for (const method of ['DELETE', 'PUT', 'PATCH'] as const) {
      const endpoint = defineEndpoint({ module: 'test', name: method.toLowerCase(), method, path: 'x/' });
      await client.call(endpoint, { a: 1 });
      expect(last().method).toBe(method);
      expect(last().json).toEqual({ a: 1 });
      expect(last().headers['content-type']).toBe('application/json; charset=utf-8');
    }
  });

  it('moves headerKeys params into headers and out of the body', async () => {
    const endpoint = defineEndpoint({ module: 'test', name: 'hk', method: 'POST', path: 'hk/', headerKeys: ['X-Bkdata-Token'] });
    await client.call(endpoint, { 'X-Bkdata-Token': 'abc', keep: 1 });
    expect(last().headers['x-bkdata-token']).toBe('abc');
    expect(last().json).toEqual({ keep: 1 });
  });

  it('sends multipart when a param is a file', async () => {
    const upload = defineEndpoint({ module: 'test', name: 'upload', method: 'POST', path: 'upload/' });
    await client.call(upload, { file: new Blob(['hello file']), name: 'n', bytes: new Uint8Array([104, 105]), stream: new Blob(['streamed']).stream() });
    const request = last();
    expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(request.body).toContain('hello file');
    expect(request.body).toContain('name="name"');
    expect(request.body).toContain('streamed');
    expect(request.body).toContain('hi');
  });
});

describe('wire contract: url keys', () => {
  const storage = defineEndpoint({ module: 'bkdata', name: 'storage', method: 'PUT', path: 'data_storages/{result_table_id}/' });

  it('percent-encodes url keys and keeps them in the body, as bklog does', async () => {
    await client.call(storage, { result_table_id: '2_a b/c', x: 1 });
    expect(last().url).toBe('/api/c/compapi/v2/cmsi/data_storages/2_a%20b%2Fc/');
    expect(last().json).toEqual({ result_table_id: '2_a b/c', x: 1 });
  });

  it('can leave url keys out of the body', async () => {
    const slim = defineEndpoint({ module: 'bkdata', name: 'slim', method: 'PUT', path: 's/{id}/', keepUrlKeysInParams: false });
    await client.call(slim, { id: 7, x: 1 });
    expect(last().path).toBe('/api/c/compapi/v2/cmsi/s/7/');
    expect(last().json).toEqual({ x: 1 });
  });

  it('never lets a value change the path', async () => {
    await client.call(storage, { result_table_id: '../../admin' });
    expect(last().path).toBe('/api/c/compapi/v2/cmsi/data_storages/..%2F..%2Fadmin/');
    await client.call(storage, { result_table_id: '%2F' });
    expect(last().path).toBe('/api/c/compapi/v2/cmsi/data_storages/%252F/');
    const before = server.requests.length;
    await expect(client.call(storage, { result_table_id: '..' })).rejects.toBeInstanceOf(ValidationError);
    expect(server.requests.length).toBe(before);
  });

  it('refuses a missing url key or CR/LF before sending anything', async () => {
    const before = server.requests.length;
    const missing = await client.call(storage, {}).catch((error: unknown) => error);
    expect(ValidationError.isInstance(missing)).toBe(true);
    expect((missing as ValidationError).fields).toEqual(['result_table_id']);
    await expect(client.call(storage, { result_table_id: 'a\r\nX-Evil: 1' })).rejects.toBeInstanceOf(ValidationError);
    const header = defineEndpoint({ module: 'test', name: 'h', method: 'POST', path: 'h/', headerKeys: ['X-Custom'] });
    await expect(client.call(header, { 'X-Custom': 'a\nb' })).rejects.toBeInstanceOf(ValidationError);
    await expect(client.call(getMsgType, {}, { tenantId: 'bad\r\ntenant' })).rejects.toBeInstanceOf(ValidationError);
    expect(server.requests.length).toBe(before);
  });
});

describe('input validation and settings', () => {
  it('validates input before sending and names the field', async () => {
    const before = server.requests.length;
    const error = await client.call(sendMail, { receiver__username: 'a', title: 1 as unknown as string, content: 'c' }).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).direction).toBe('input');
    expect((error as ValidationError).fields).toEqual(['title']);
    expect(server.requests.length).toBe(before);
  });

  it('names each unknown field of a strict input by its own path, before sending', async () => {
    const strict = defineEndpoint({
      module: 'cmsi',
      name: 'send_mail',
      method: 'POST',
      path: 'send_mail/',
      input: z.strictObject({ title: z.string(), attachments: z.array(z.strictObject({ filename: z.string() })).optional() }),
    });
    const before = server.requests.length;
    const error = await client
      .call(strict, { title: 't', body_fromat: 'Html', attachments: [{ filename: 'a', typ: 'png' }] } as never)
      .catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).fields).toEqual(expect.arrayContaining(['body_fromat', 'attachments[0].typ']));
    expect((error as ValidationError).fields).toHaveLength(2);
    expect((error as ValidationError).message).toContain('unknown field "body_fromat"');
    expect(server.requests.length).toBe(before);
  });

  it.each([
    ['NaN', { value: Number.NaN }, ['value']],
    ['Infinity', { nested: { limit: Number.POSITIVE_INFINITY } }, ['nested', 'limit']],
    ['a function', { list: [1, () => 2] }, ['list', 1]],
    ['a Symbol', { tag: Symbol('t') }, ['tag']],
    ['a Map', { fields: new Map([['a', 1]]) }, ['fields']],
    ['a Set', { ids: new Set([1]) }, ['ids']],
    ['a BigInt', { id: 10n }, ['id']],
  ])('refuses %s in the params of an endpoint without an input schema, naming the path, before sending', async (_name, params, path) => {
    const post = defineEndpoint({ module: 'cmsi', name: 'free_form', method: 'POST', path: 'free_form/' });
    const before = server.requests.length;
    const error = await client.call(post, params).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).issues).toEqual([expect.objectContaining({ path, code: 'unsendable_value' })]);
    expect(server.requests.length).toBe(before);
  });

  it('refuses a root URL with credentials, naming the setting and never the password, before sending', async () => {
    for (const settings of [
      { baseUrl: `http://user:pw-in-url@127.0.0.1:1/api/` },
      { baseUrl: server.url, roots: { v4: () => 'http://user:pw-in-url@127.0.0.1:1/v4/' } },
    ]) {
      const logger = captureLogger();
      const withCredentials = createClient({ ...settings, appCode: 'a', appSecret: 'secret-5', logger });
      const endpoint = defineEndpoint({ module: 'm', name: 'n', method: 'GET', path: 'x/', ...('roots' in settings ? { root: 'v4' } : {}) });
      const before = server.requests.length;
      const error = await withCredentials.call(endpoint).catch((caught: unknown) => caught);
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).issues[0]).toMatchObject({ path: ['roots' in settings ? 'roots.v4' : 'baseUrl'], code: 'credentials_in_url' });
      expect(JSON.stringify((error as ValidationError).toJSON()) + (error as Error).message + String((error as Error).stack)).not.toContain('pw-in-url');
      expect(logger.text()).not.toContain('pw-in-url');
      expect(server.requests.length).toBe(before);
      await withCredentials.close();
    }
  });

  it('creating never throws; the first call names the environment variables to set', async () => {
    vi.stubEnv('BK_APP_CODE', '');
    vi.stubEnv('BKPAAS_APP_ID', '');
    vi.stubEnv('APP_ID', '');
    const bare = createClient({ baseUrl: server.url, appSecret: 'secret-3' });
    const error = await bare.call(getMsgType).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('BK_APP_CODE');
    expect((error as Error).message).toContain('BKPAAS_APP_ID');
    expect((error as Error).message).toContain('APP_ID');
    await bare.close();
  });

  it('falls back to the environment for app code and secret', async () => {
    vi.stubEnv('BK_APP_CODE', '');
    vi.stubEnv('BKPAAS_APP_ID', 'env-app');
    vi.stubEnv('BK_APP_SECRET', '');
    vi.stubEnv('BKPAAS_APP_SECRET', '');
    vi.stubEnv('APP_TOKEN', 'env-secret');
    const fromEnv = createClient({ baseUrl: server.url });
    await fromEnv.call(getMsgType);
    expect(JSON.parse(String(last().headers['x-bkapi-authorization']))).toMatchObject({ bk_app_code: 'env-app', bk_app_secret: 'env-secret' });
    await fromEnv.close();
  });

  it('uses named roots and resolves lazy URLs at the first call', async () => {
    const lazy = vi.fn(() => `${server.url}/v4/databus/`);
    const rooted = createClient({ baseUrl: server.url, roots: { databusV4: lazy }, appCode: 'a', appSecret: 'secret-4' });
    expect(lazy).not.toHaveBeenCalled();
    const v4 = defineEndpoint({ module: 'bkdata', name: 'v4', method: 'GET', path: 'tasks/', root: 'databusV4' });
    await rooted.call(v4);
    await rooted.call(v4);
    expect(last().path).toBe('/v4/databus/tasks/');
    expect(lazy).toHaveBeenCalledTimes(1);
    const unknownRoot = defineEndpoint({ module: 'bkdata', name: 'v5', method: 'GET', path: 'x/', root: 'nope' });
    await expect(rooted.call(unknownRoot)).rejects.toThrow(/roots\.nope/);
    await rooted.close();
  });

  it('returns defaultReturnValue without sending anything', async () => {
    const stub = defineEndpoint({
      module: 'test',
      name: 'stub',
      method: 'POST',
      path: 'stub/',
      output: z.object({ ok: z.boolean() }),
      defaultReturnValue: { ok: true },
    });
    const before = server.requests.length;
    expect(await client.call(stub)).toEqual({ ok: true });
    expect(await client.call(stub, {}, { raw: true })).toEqual({ result: true, code: 0, message: '', data: { ok: true } });
    expect(server.requests.length).toBe(before);
  });

  it('refuses calls after close', async () => {
    const closing = createClient({ baseUrl: server.url, appCode: 'a', appSecret: 'secret-5' });
    await closing.close();
    await expect(closing.call(getMsgType)).rejects.toThrow(/closed/);
  });
});

describe('prototype pollution', () => {
  it('drops __proto__ keys from params and responses', async () => {
    const echo = defineEndpoint({ module: 'test', name: 'echo2', method: 'POST', path: 'echo/' });
    server.queue((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"result":true,"code":0,"data":{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"ok":1}}');
    });
    const params = JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":"c","a":1}') as Record<string, unknown>;
    const data = (await client.call(echo, params)) as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(data.ok).toBe(1);
    expect(last().json).toEqual({ constructor: 'c', a: 1 });
  });
});
