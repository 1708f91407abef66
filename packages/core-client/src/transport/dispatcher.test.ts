import { readFileSync } from 'node:fs';
import { ApiRequestError } from '@x/errors';
import { Agent, MockAgent } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../client/create-client.js';
import { defineEndpoint } from '../endpoint/define-endpoint.js';
import { envelope, startTestServer, type TestServer } from '../test-support/start-test-server.js';

const ping = defineEndpoint({ module: 'test', name: 'ping', method: 'GET', path: 'ping/' });
const fixture = (name: string) => readFileSync(new URL(`../test-support/__fixtures__/${name}`, import.meta.url), 'utf8');
const credentials = { appCode: 'a', appSecret: 'dispatcher-secret', retry: false } as const;

async function waitUntil(check: () => boolean, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  return check();
}

/** The connections (server-side socket numbers) that carried the requests under `pathPrefix`. */
function socketsOf(server: TestServer, pathPrefix: string): Set<number> {
  return new Set(server.requests.filter((request) => request.path.startsWith(pathPrefix)).map((request) => request.socket));
}

describe('the dispatcher setting', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    server.fallback(async (_request, response) => {
      // A short wait keeps calls in flight together, so a pool has to open its connections.
      await new Promise((resolve) => setTimeout(resolve, 5));
      envelope('pong')(_request, response);
    });
  });
  afterEach(() => {
    server.reset();
  });
  afterAll(async () => {
    await server.close();
  });

  it('lets two clients share one undici Agent: one pool, its connections carry both clients', async () => {
    const agent = new Agent({ connections: 2, pipelining: 1 });
    const before = server.connections();
    const cmsi = createClient({ ...credentials, baseUrl: `${server.url}/cmsi/`, dispatcher: agent });
    const bkdata = createClient({ ...credentials, baseUrl: `${server.url}/bkdata/`, dispatcher: agent });
    try {
      // One after the other: the kept-alive connection of the first client's call carries the second's.
      expect(await cmsi.call(ping)).toBe('pong');
      expect(await bkdata.call(ping)).toBe('pong');
      // Then together (every third call is cmsi's, so neither client keeps to one connection).
      const calls = Array.from({ length: 42 }, async (_, index) => (index % 3 === 0 ? cmsi : bkdata).call(ping));
      expect(new Set(await Promise.all(calls))).toEqual(new Set(['pong']));
      expect(server.requests).toHaveLength(44);
      // One pool of at most 2 connections to the origin, and the same connections serve both clients.
      expect(server.connections() - before).toBeLessThanOrEqual(2);
      const shared = [...socketsOf(server, '/cmsi/')].filter((socket) => socketsOf(server, '/bkdata/').has(socket));
      expect(shared.length).toBeGreaterThan(0);
    } finally {
      await Promise.all([cmsi.close(), bkdata.close()]);
      await agent.close();
    }
  });

  it('gives each client its own pool without one (the contrast)', async () => {
    const before = server.connections();
    const cmsi = createClient({ ...credentials, baseUrl: `${server.url}/cmsi/`, maxConnections: 2 });
    const bkdata = createClient({ ...credentials, baseUrl: `${server.url}/bkdata/`, maxConnections: 2 });
    try {
      await Promise.all(Array.from({ length: 40 }, async (_, index) => (index % 2 === 0 ? cmsi : bkdata).call(ping)));
      expect(server.connections() - before).toBeGreaterThan(2);
      const shared = [...socketsOf(server, '/cmsi/')].filter((socket) => socketsOf(server, '/bkdata/').has(socket));
      expect(shared).toEqual([]);
    } finally {
      await Promise.all([cmsi.close(), bkdata.close()]);
    }
  });

  it('leaves a given dispatcher open on close(): its connections stay and other clients keep using it', async () => {
    const agent = new Agent({ connections: 4 });
    const first = createClient({ ...credentials, baseUrl: server.url, dispatcher: agent });
    const second = createClient({ ...credentials, baseUrl: server.url, dispatcher: agent });
    try {
      expect(await first.call(ping)).toBe('pong');
      await first.close();
      await expect(first.call(ping)).rejects.toThrow(/closed/);
      // An own pool's close() ends its kept-alive connections at once (transport.test.ts); this
      // one is still open a while later.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(server.openConnections()).toBeGreaterThan(0);
      expect(await second.call(ping)).toBe('pong');
      await second.close();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(server.openConnections()).toBeGreaterThan(0);
      expect(agent.closed).toBe(false);
    } finally {
      await agent.close();
    }
    // Its owner closes it.
    expect(await waitUntil(() => server.openConnections() === 0)).toBe(true);
  });

  it('follows redirects within the origin only', async () => {
    const elsewhere = await startTestServer();
    elsewhere.fallback(envelope('elsewhere'));
    const agent = new Agent();
    const client = createClient({ ...credentials, baseUrl: server.url, dispatcher: agent });
    try {
      server.queue((_request, response) => {
        response.writeHead(302, { location: '/moved/' }).end();
      });
      expect(await client.call(ping)).toBe('pong');
      expect(server.requests.map((request) => request.path)).toEqual(['/ping/', '/moved/']);
      // The app secret's header must not follow a redirect to another origin.
      server.queue((_request, response) => {
        response.writeHead(302, { location: `${elsewhere.url}/ping/` }).end();
      });
      const error = await client.call(ping).catch((caught: unknown) => caught);
      expect(ApiRequestError.isInstance(error)).toBe(true);
      expect((error as ApiRequestError).status).toBe(302);
      expect(elsewhere.requests).toHaveLength(0);
    } finally {
      await client.close();
      await agent.close();
      await elsewhere.close();
    }
  });

  it('plugs in undici MockAgent (no network)', async () => {
    const mock = new MockAgent();
    mock.disableNetConnect();
    mock
      .get('http://bk.invalid')
      .intercept({ path: '/api/ping/', method: 'GET' })
      .reply(200, { result: true, code: 0, message: 'OK', data: 'mocked' }, { headers: { 'content-type': 'application/json' } });
    const client = createClient({ ...credentials, baseUrl: 'http://bk.invalid/api/', dispatcher: mock });
    try {
      expect(await client.call(ping)).toBe('mocked');
      mock.assertNoPendingInterceptors();
    } finally {
      await client.close();
      await mock.close();
    }
  });
});

describe('TLS and connection limits with a dispatcher', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ tls: { key: fixture('test-key.pem'), cert: fixture('test-cert.pem') } });
    server.fallback(envelope('secure'));
  });
  afterAll(async () => {
    await server.close();
  });

  it("are the dispatcher's: its CA is trusted, the client's tls setting does not apply", async () => {
    const trusting = new Agent({ connect: { ca: fixture('test-cert.pem') } });
    const strict = new Agent();
    const viaTrusting = createClient({ ...credentials, baseUrl: server.url, dispatcher: trusting });
    // `tls` would accept any certificate, but the given Agent verifies: the dispatcher decides.
    const viaStrict = createClient({ ...credentials, baseUrl: server.url, dispatcher: strict, tls: { rejectUnauthorized: false } });
    try {
      expect(await viaTrusting.call(ping)).toBe('secure');
      const error = await viaStrict.call(ping).catch((caught: unknown) => caught);
      expect(ApiRequestError.isInstance(error)).toBe(true);
      expect((error as ApiRequestError).failure).toBe('network');
    } finally {
      await Promise.all([viaTrusting.close(), viaStrict.close()]);
      await Promise.all([trusting.close(), strict.close()]);
    }
  });
});
