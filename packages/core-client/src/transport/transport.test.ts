import { readFileSync } from 'node:fs';
import { ApiRequestError } from '@x/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../client/create-client.js';
import type { FetchFunction } from '../client/client-settings.js';
import { defineEndpoint } from '../endpoint/define-endpoint.js';
import { envelope, startTestServer, type TestServer } from '../test-support/start-test-server.js';

const ping = defineEndpoint({ module: 'test', name: 'ping', method: 'GET', path: 'ping/' });
const post = defineEndpoint({ module: 'test', name: 'post', method: 'POST', path: 'post/' });
const fixture = (name: string) => readFileSync(new URL(`../test-support/__fixtures__/${name}`, import.meta.url), 'utf8');

describe('keep-alive transport', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    server.fallback(envelope('pong'));
  });
  afterAll(async () => {
    await server.close();
  });

  it('reuses connections across many sequential calls', async () => {
    const client = createClient({ baseUrl: server.url, appCode: 'a', appSecret: 'keepalive-secret' });
    for (let index = 0; index < 30; index += 1) {
      await client.call(index % 2 === 0 ? ping : post, { index });
    }
    expect(server.requests).toHaveLength(30);
    expect(server.connections()).toBeLessThanOrEqual(2);
    expect(server.openConnections()).toBeGreaterThan(0);
    await client.close();
    // close() closes the pool: the kept-alive sockets go away.
    const deadline = Date.now() + 5000;
    while (server.openConnections() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.openConnections()).toBe(0);
  });

  it('uses a fetch given in the settings instead', async () => {
    const seen: string[] = [];
    const fetch: FetchFunction = async (input, init) => {
      const request = input instanceof Request ? input : new Request(input, init);
      seen.push(`${request.method} ${new URL(request.url).pathname}`);
      return globalThis.fetch(request);
    };
    const client = createClient({ baseUrl: server.url, appCode: 'a', appSecret: 'keepalive-secret', fetch });
    expect(await client.call(ping)).toBe('pong');
    expect(seen).toEqual(['GET /ping/']);
    await client.close();
  });
});

describe('TLS', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ tls: { key: fixture('test-key.pem'), cert: fixture('test-cert.pem') } });
    server.fallback(envelope('secure'));
  });
  afterAll(async () => {
    await server.close();
  });

  it('verifies certificates by default', async () => {
    const client = createClient({ baseUrl: server.url, appCode: 'a', appSecret: 'tls-secret', retry: false });
    const error = await client.call(ping).catch((caught: unknown) => caught);
    expect(ApiRequestError.isInstance(error)).toBe(true);
    expect((error as ApiRequestError).failure).toBe('network');
    expect((error as ApiRequestError).message).toMatch(/SELF_SIGNED|CERT|certificate/i);
    await client.close();
  });

  it('trusts an extra CA', async () => {
    const client = createClient({ baseUrl: server.url, appCode: 'a', appSecret: 'tls-secret', tls: { ca: fixture('test-cert.pem') } });
    expect(await client.call(ping)).toBe('secure');
    await client.close();
  });

  it('skips verification only when asked explicitly', async () => {
    const client = createClient({ baseUrl: server.url, appCode: 'a', appSecret: 'tls-secret', tls: { rejectUnauthorized: false } });
    expect(await client.call(ping)).toBe('secure');
    await client.close();
  });
});
