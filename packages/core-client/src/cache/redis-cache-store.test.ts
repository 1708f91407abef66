import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogger } from '@x/test-services';
import { createClient, type BkClient } from '../client/create-client.js';
import { runWithContext } from '../context/request-context.js';
import { defineEndpoint } from '../endpoint/define-endpoint.js';
import { redisServerSkipReason, startRedisServer, type RedisServer } from '../test-support/redis-server.js';
import { envelope, startTestServer, type TestServer } from '../test-support/start-test-server.js';
import type { CacheStore } from './cache-store.js';
import { createRedisCacheStore } from './redis-cache-store.js';

const skipReason = redisServerSkipReason();

describe.skipIf(skipReason !== undefined)(`Redis cache store${skipReason === undefined ? '' : ` (skipped: ${skipReason})`}`, () => {
  let redis: RedisServer;
  let server: TestServer;

  beforeAll(async () => {
    redis = await startRedisServer();
    server = await startTestServer();
    server.fallback(envelope({ hosts: [1, 2, 3] }));
  });
  afterAll(async () => {
    await server.close();
    await redis.close();
  });

  const listHosts = defineEndpoint({ module: 'cc', name: 'list_hosts', method: 'GET', path: 'hosts/', cacheTtl: 60 });

  it('stores with a TTL under the key prefix and shares results between clients', async () => {
    const store = await createRedisCacheStore({ url: redis.url, keyPrefix: 'test-a:' });
    const first = createClient({ baseUrl: server.url, appCode: 'a', appSecret: 'redis-secret', cache: store, retry: false });
    const second = createClient({ baseUrl: server.url, appCode: 'a', appSecret: 'redis-secret', cache: store, retry: false });
    const before = server.requests.length;
    expect(await first.call(listHosts, { bk_biz_id: 2 })).toEqual({ hosts: [1, 2, 3] });
    expect(await second.call(listHosts, { bk_biz_id: 2 })).toEqual({ hosts: [1, 2, 3] });
    expect(server.requests.length - before).toBe(1);
    // Another user never gets alice's entry.
    await runWithContext({ username: 'someone-else' }, () => second.call(listHosts, { bk_biz_id: 2 }));
    expect(server.requests.length - before).toBe(2);

    const inspector = new Redis(redis.url);
    const keys = await inspector.keys('test-a:*');
    expect(keys.length).toBe(2);
    const ttl = await inspector.pttl(keys[0] ?? '');
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    await inspector.quit();
    await first.close();
    await second.close();
    await store.close?.();
  });

  it('accepts a client it does not own', async () => {
    const own = new Redis(redis.url);
    const store: CacheStore = await createRedisCacheStore({ client: own, keyPrefix: 'test-b:' });
    await store.set('k', 'v', 10_000);
    expect(await store.get('k')).toBe('v');
    expect(await own.get('test-b:k')).toBe('v');
    await store.delete?.('k');
    expect(await store.get('k')).toBeUndefined();
    await store.close?.();
    expect(await own.ping()).toBe('PONG');
    await own.quit();
  });

  it('falls back to the network while Redis is down, warns once, and recovers', async () => {
    const store = await createRedisCacheStore({ url: redis.url, keyPrefix: 'test-c:', commandTimeout: 300 });
    const logger = captureLogger();
    const client: BkClient = createClient({ baseUrl: server.url, appCode: 'a', appSecret: 'redis-secret', cache: store, logger, retry: false });
    const endpoint = defineEndpoint({ module: 'cc', name: 'outage', method: 'GET', path: 'outage/', cacheTtl: 60 });
    const count = () => server.requests.filter((request) => request.path === '/outage/').length;
    await client.call(endpoint);
    await client.call(endpoint);
    expect(count()).toBe(1);

    await redis.stop();
    await client.call(endpoint, { during: 'outage' });
    await client.call(endpoint, { during: 'outage' });
    expect(count()).toBe(3);
    expect(logger.records.filter((entry) => entry.record.event === 'cache-store-unavailable')).toHaveLength(1);

    await redis.start();
    // ioredis reconnects on its own; the cache is used again once it has.
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && logger.records.every((entry) => entry.record.event !== 'cache-store-recovered')) {
      await client.call(endpoint, { after: 'outage' });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(logger.records.filter((entry) => entry.record.event === 'cache-store-recovered')).toHaveLength(1);
    const afterRecovery = count();
    await client.call(endpoint, { after: 'recovery' });
    await client.call(endpoint, { after: 'recovery' });
    expect(count()).toBe(afterRecovery + 1);
    await client.close();
    await store.close?.();
  }, 30_000);

  it('needs a client or a url', async () => {
    await expect(createRedisCacheStore({})).rejects.toThrow(/client or a url/);
  });
});
