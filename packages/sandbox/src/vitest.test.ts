import { describe, expect, it } from 'vitest';
import { authorization } from './test-support/blueking-fetch.js';
import {
  authorizationOf,
  bodyOf,
  callsTo,
  onlyCall,
  rejection,
  upstreamFixtures,
  useClosing,
  usesMinimalAnswers,
  useSandbox,
  useUpstreamServer,
} from './vitest.js';
import type { UpstreamServer } from './vitest.js';

const sandbox = useSandbox({ recordCount: 10, appCode: 'hooked_app' });

describe('useSandbox', () => {
  it('starts the sandbox before the tests', async () => {
    expect(sandbox().credentials.appCode).toBe('hooked_app');
    const response = await fetch(`${sandbox().roots.legacy.cmsi}send_sms/`, {
      method: 'POST',
      headers: { ...authorization(sandbox()), 'content-type': 'application/json' },
      body: JSON.stringify({ receiver__username: 'admin', content: 'x' }),
    });
    expect(response.status).toBe(200);
    expect(sandbox().outbox).toHaveLength(1);
  });

  it('resets it after each test', () => {
    expect(sandbox().outbox).toHaveLength(0);
    expect(sandbox().calls).toHaveLength(0);
  });
});

describe('test helpers', () => {
  const track = useClosing();
  let closed = 0;

  it('track hands back what it closes after the file', () => {
    const value = { close: () => void (closed += 1) };
    expect(track(value)).toBe(value);
    expect(closed).toBe(0);
  });

  it('onlyCall and callsTo read the recorder; authorizationOf parses the header', async () => {
    await fetch(`${sandbox().roots.legacy.cmsi}send_sms/`, {
      method: 'POST',
      headers: { ...authorization(sandbox()), 'content-type': 'application/json' },
      body: JSON.stringify({ receiver__username: 'admin', content: 'x' }),
    });
    const call = onlyCall(sandbox(), 'send_sms');
    expect(callsTo(sandbox(), 'send_sms')).toEqual([call]);
    expect(authorizationOf(call)).toMatchObject({ bk_app_code: 'hooked_app', bk_username: 'admin' });
    expect(bodyOf(call)).toMatchObject({ content: 'x' });
    expect(() => onlyCall(sandbox(), 'send_mail')).toThrow(/expected one call to send_mail, saw 0: cmsi\.send_sms/);
    expect(authorizationOf(undefined)).toEqual({});
  });

  it('rejection returns the error and refuses a success', async () => {
    const failure = new Error('boom');
    await expect(rejection(Promise.reject(failure))).resolves.toBe(failure);
    await expect(rejection(Promise.resolve(1))).rejects.toThrow('expected the call to fail');
  });

  it('usesMinimalAnswers reads X_SANDBOX_ANSWERS', () => {
    expect(usesMinimalAnswers({ X_SANDBOX_ANSWERS: 'minimal' })).toBe(true);
    expect(usesMinimalAnswers({})).toBe(false);
    expect(() => usesMinimalAnswers({ X_SANDBOX_ANSWERS: 'half' })).toThrow(/X_SANDBOX_ANSWERS must be one of/);
  });
});

describe('useUpstreamServer', () => {
  const serve = useUpstreamServer();
  let previous: UpstreamServer | undefined;

  it('answers one body to every request and records method, path, headers and body', async () => {
    const server = await serve({ body: { result: true, data: [1] } });
    const response = await fetch(`${server.url}api/list/?page=2`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-trace': 't1' },
      body: JSON.stringify({ a: 1 }),
    });
    expect([response.status, await response.json()]).toEqual([200, { result: true, data: [1] }]);
    await fetch(`${server.url}api/get/`);
    expect(server.requests.map(({ method, path, text, body }) => ({ method, path, text, body }))).toEqual([
      { method: 'POST', path: '/api/list/?page=2', text: '{"a":1}', body: { a: 1 } },
      { method: 'GET', path: '/api/get/', text: '', body: {} },
    ]);
    expect(server.requests[0]?.headers['x-trace']).toBe('t1');
    previous = server;
  });

  it('closed the server of the previous test', async () => {
    expect(previous).toBeDefined();
    await expect(fetch(previous?.url ?? '')).rejects.toThrow();
  });

  it('decides each answer from its request, status included, and changes answers on answer()', async () => {
    const server = await serve((request) => ({ status: request.path === '/missing/' ? 404 : 200, body: { path: request.path } }));
    const missing = await fetch(`${server.url}missing/`);
    expect([missing.status, await missing.json()]).toEqual([404, { path: '/missing/' }]);
    server.answer({ body: 'next' });
    expect(await (await fetch(`${server.url}missing/`)).json()).toBe('next');
  });

  it('keeps a body that is not a JSON object as text only', async () => {
    const server = await serve({ body: null });
    await fetch(server.url, { method: 'POST', body: 'a=1&b=2' });
    await fetch(server.url, { method: 'POST', body: '[1,2]' });
    expect(server.requests.map(({ text, body }) => [text, body])).toEqual([
      ['a=1&b=2', {}],
      ['[1,2]', {}],
    ]);
  });

  it('upstreamFixtures reads <directory><name>.json', () => {
    const read = upstreamFixtures(new URL('./test-support/__fixtures__/', import.meta.url));
    expect(read<{ data: number[] }>('upstream-sample')).toEqual({ source: 'this test', note: 'a fixture as packages keep them', body: { data: [1, 2] } });
  });
});
