import { ApiResultError } from '@x/errors';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { captureLogger } from '@x/test-services';
import { createClient, type BkClient } from '../client/create-client.js';
import { runWithContext } from '../context/request-context.js';
import { defineEndpoint } from '../endpoint/define-endpoint.js';
import { envelope, json, startTestServer, type TestServer } from '../test-support/start-test-server.js';
import type { CacheStore } from './cache-store.js';
import { createMemoryCacheStore } from './memory-cache-store.js';

let server: TestServer;
let client: BkClient;

beforeAll(async () => {
  server = await startTestServer();
  client = createClient({ baseUrl: server.url, appCode: 'bk_log', appSecret: 'cache-secret', retry: false });
});
afterAll(async () => {
  await client.close();
  await server.close();
});
afterEach(() => {
  server.reset();
});

let counter = 0;
/** A fresh cached endpoint per test, so tests never share cache entries. */
function cachedEndpoint(extra: Partial<{ output: z.ZodType }> = {}) {
  counter += 1;
  return defineEndpoint({ module: 'cc', name: `search_${counter}`, method: 'GET', path: `search/${counter}/`, cacheTtl: 60, ...extra });
}

describe('cache', () => {
  it('serves a repeated call from the cache, as independent copies', async () => {
    const endpoint = cachedEndpoint();
    server.fallback(envelope({ list: [1, 2] }));
    const first = (await client.call(endpoint, { bk_biz_id: 2, fields: ['a', 'b'] })) as { list: number[] };
    first.list.push(99);
    const second = await client.call(endpoint, { fields: ['a', 'b'], bk_biz_id: 2 });
    expect(second).toEqual({ list: [1, 2] });
    expect(server.requests).toHaveLength(1);
  });

  it('keeps users, tenants and params apart', async () => {
    const endpoint = cachedEndpoint();
    server.fallback((request, response) => {
      const auth = JSON.parse(String(request.headers['x-bkapi-authorization'])) as { bk_username?: string };
      envelope({ user: auth.bk_username, tenant: request.headers['x-bk-tenant-id'] })(request, response);
    });
    const alice = await runWithContext({ username: 'alice' }, () => client.call(endpoint, { q: 1 }));
    const bob = await runWithContext({ username: 'bob' }, () => client.call(endpoint, { q: 1 }));
    const otherTenant = await runWithContext({ username: 'alice', tenantId: 'tencent' }, () => client.call(endpoint, { q: 1 }));
    const otherParams = await runWithContext({ username: 'alice' }, () => client.call(endpoint, { q: 2 }));
    const aliceAgain = await runWithContext({ username: 'alice' }, () => client.call(endpoint, { q: 1 }));
    expect(alice).toEqual({ user: 'alice', tenant: 'system' });
    expect(bob).toEqual({ user: 'bob', tenant: 'system' });
    expect(otherTenant).toEqual({ user: 'alice', tenant: 'tencent' });
    expect(otherParams).toEqual({ user: 'alice', tenant: 'system' });
    expect(aliceAgain).toEqual(alice);
    expect(server.requests).toHaveLength(4);
  });

  it('keeps users named by their tokens alone apart, and serves the same token from the cache', async () => {
    const endpoint = cachedEndpoint();
    server.fallback((request, response) => {
      const auth = JSON.parse(String(request.headers['x-bkapi-authorization'])) as { bk_token?: string; access_token?: string; bk_ticket?: string };
      envelope({ who: auth.bk_token ?? auth.access_token ?? auth.bk_ticket ?? 'nobody' })(request, response);
    });
    const first = await runWithContext({ bkToken: 'token-a' }, () => client.call(endpoint, { q: 1 }));
    const second = await runWithContext({ bkToken: 'token-b' }, () => client.call(endpoint, { q: 1 }));
    const access = await runWithContext({ accessToken: 'access-a' }, () => client.call(endpoint, { q: 1 }));
    const ticket = await runWithContext({ bkTicket: 'ticket-a' }, () => client.call(endpoint, { q: 1 }));
    const firstAgain = await runWithContext({ bkToken: 'token-a' }, () => client.call(endpoint, { q: 1 }));
    expect([first, second, access, ticket, firstAgain]).toEqual([
      { who: 'token-a' },
      { who: 'token-b' },
      { who: 'access-a' },
      { who: 'ticket-a' },
      { who: 'token-a' },
    ]);
    expect(server.requests).toHaveLength(4);
  });

  it('caches only successful results', async () => {
    const endpoint = cachedEndpoint();
    server.queue(json({ result: false, code: 1, message: 'nope' }));
    await expect(client.call(endpoint)).rejects.toBeInstanceOf(ApiResultError);
    server.fallback(envelope('fine'));
    expect(await client.call(endpoint)).toBe('fine');
    expect(await client.call(endpoint)).toBe('fine');
    expect(server.requests).toHaveLength(2);
  });

  it('checks output on every hit, so transforms still apply', async () => {
    const endpoint = cachedEndpoint({ output: z.object({ at: z.string().transform((value) => new Date(value)) }) });
    server.fallback(envelope({ at: '2024-01-02T03:04:05.000Z' }));
    const first = (await client.call(endpoint)) as { at: Date };
    const second = (await client.call(endpoint)) as { at: Date };
    expect(first.at).toBeInstanceOf(Date);
    expect(second.at).toBeInstanceOf(Date);
    expect(server.requests).toHaveLength(1);
  });

  it('shares one request between concurrent identical calls (single flight)', async () => {
    const endpoint = cachedEndpoint();
    server.fallback((request, response) => {
      setTimeout(() => {
        envelope('shared')(request, response);
      }, 100);
    });
    const results = await Promise.all(Array.from({ length: 5 }, async () => client.call(endpoint, { a: 1 })));
    expect(results).toEqual(['shared', 'shared', 'shared', 'shared', 'shared']);
    expect(server.requests).toHaveLength(1);
  });

  it('lets one participant of a flight abort without failing the others', async () => {
    const endpoint = cachedEndpoint();
    server.fallback((request, response) => {
      setTimeout(() => {
        envelope('kept')(request, response);
      }, 150);
    });
    const controller = new AbortController();
    const leaving = client.call(endpoint, {}, { signal: controller.signal });
    const staying = client.call(endpoint);
    setTimeout(() => {
      controller.abort();
    }, 30);
    await expect(leaving).rejects.toThrow();
    expect(await staying).toBe('kept');
    expect(server.requests).toHaveLength(1);
  });

  it('does not cache with cache: false, but still shares concurrent calls', async () => {
    const uncached = createClient({ baseUrl: server.url, appCode: 'a', appSecret: 'cache-secret', cache: false, retry: false });
    const endpoint = cachedEndpoint();
    server.fallback((request, response) => {
      setTimeout(() => {
        envelope('x')(request, response);
      }, 50);
    });
    await Promise.all([uncached.call(endpoint), uncached.call(endpoint)]);
    expect(server.requests).toHaveLength(1);
    await uncached.call(endpoint);
    expect(server.requests).toHaveLength(2);
    await uncached.close();
  });

  it('never caches non-idempotent endpoints', async () => {
    const post = defineEndpoint({ module: 'm', name: 'read_post', method: 'POST', path: 'rp/', idempotent: true, cacheTtl: 60 });
    server.fallback(envelope('p'));
    await client.call(post, { a: 1 });
    await client.call(post, { a: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it('goes to the network while the store fails, skips the store once the outage is known, warns once and recovers', async () => {
    let failing = true;
    let storeCalls = 0;
    const memory = createMemoryCacheStore();
    const flaky: CacheStore = {
      get: async (key) => {
        storeCalls += 1;
        if (failing) throw new Error('store down');
        return memory.get(key);
      },
      set: async (key, value, ttl) => {
        storeCalls += 1;
        if (failing) throw new Error('store down');
        await memory.set(key, value, ttl);
      },
    };
    const logger = captureLogger();
    const resilient = createClient({ baseUrl: server.url, appCode: 'a', appSecret: 'cache-secret', cache: flaky, logger, retry: false });
    const endpoint = cachedEndpoint();
    server.fallback(envelope('live'));
    expect(await resilient.call(endpoint)).toBe('live');
    // The first failing get opened the circuit: neither the set nor the next calls touch the store.
    expect(storeCalls).toBe(1);
    expect(await resilient.call(endpoint)).toBe('live');
    expect(await resilient.call(endpoint)).toBe('live');
    expect(storeCalls).toBe(1);
    expect(server.requests).toHaveLength(3);
    expect(logger.records.filter((entry) => entry.record.event === 'cache-store-unavailable')).toHaveLength(1);
    failing = false;
    // A background probe (due 500 ms after the failure) closes the circuit; calls meanwhile go to the network.
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline && !logger.records.some((entry) => entry.record.event === 'cache-store-recovered')) {
      await resilient.call(endpoint);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(logger.records.filter((entry) => entry.record.event === 'cache-store-recovered')).toHaveLength(1);
    // The store is used again: at most one more request fills it, then calls are hits.
    const afterRecovery = server.requests.length;
    await resilient.call(endpoint);
    expect(server.requests.length).toBeLessThanOrEqual(afterRecovery + 1);
    const filled = server.requests.length;
    await resilient.call(endpoint);
    await resilient.call(endpoint);
    expect(server.requests).toHaveLength(filled);
    expect(logger.records.filter((entry) => entry.record.event === 'cache-store-unavailable')).toHaveLength(1);
    await resilient.close();
  });
});
