import { setTimeout as delay } from 'node:timers/promises';
import { createBkdata } from '@x/bkdata';
import { createCmsi } from '@x/cmsi';
import { createRedisCacheStore } from '@x/core-client';
import type { CacheStore } from '@x/core-client';
import { useSandbox } from '@x/sandbox/vitest';
import { captureLogger, redisServerSkipReason, startRedisServer } from '@x/test-services';
import type { RedisServer } from '@x/test-services';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxAuth } from './support/clients.js';

// Under CI=true a missing redis-server throws here: the outage test never passes by skipping.
const skipReason = redisServerSkipReason();

const sandbox = useSandbox({ recordCount: 300 });

describe.skipIf(skipReason !== undefined)(`Redis cache store down mid-run${skipReason === undefined ? '' : ` (skipped: ${skipReason})`}`, () => {
  let redis: RedisServer;
  let store: CacheStore;
  const keyPrefix = 'reliability-outage:';

  beforeAll(async () => {
    redis = await startRedisServer();
    store = await createRedisCacheStore({ url: redis.url, keyPrefix });
  });
  afterAll(async () => {
    await store.close?.();
    await redis.close();
  });

  const upstream = (pathPart: string): number => sandbox().calls.filter((call) => call.path.includes(pathPart)).length;
  async function keysInRedis(): Promise<string[]> {
    const inspector = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    try {
      await inspector.connect();
      return await inspector.keys(`${keyPrefix}*`);
    } finally {
      inspector.disconnect();
    }
  }

  it('serves from Redis, bypasses it while it is down (one warning), and caches again once it is back', async () => {
    const box = sandbox();
    const settings = { ...sandboxAuth(box), apiHost: box.apiHost, gatewayMode: 'gateway', cache: store, tracer: false } as const;
    // Each client reports its own view of the store: one warning per outage, one recovery.
    const loggers = [captureLogger(), captureLogger()] as const;
    const cmsi = createCmsi({ ...settings, logger: loggers[0] });
    const bkdata = createBkdata({ ...settings, logger: loggers[1] });
    // A second client with its own connections and the same store: its hits can only come from Redis.
    const otherProcess = createCmsi(settings);
    const events = (event: string) => loggers.map((logger) => logger.events(event));
    const readBoth = async (): Promise<void> => {
      expect((await cmsi.getMsgType()).map((type) => type.type)).toContain('mail');
      expect((await bkdata.access.getDeploySummary({ raw_data_id: 1000 })).access_raw_data?.id).toBe(1000);
    };
    try {
      // Redis up: one upstream call per endpoint, then hits.
      for (let round = 0; round < 4; round += 1) await readBoth();
      expect(upstream('/get_msg_type/')).toBe(1);
      expect(upstream('/deploy_plan/1000/')).toBe(1);
      await otherProcess.getMsgType();
      expect(upstream('/get_msg_type/')).toBe(1);
      expect((await keysInRedis()).length).toBe(2);

      // Redis down: every call still succeeds from the network, with one warning for the outage.
      await redis.stop();
      const before = box.calls.length;
      const started = performance.now();
      for (let round = 0; round < 3; round += 1) await readBoth();
      const perCallMs = (performance.now() - started) / 6;
      expect(box.calls.length - before).toBe(6);
      for (const warnings of events('cache-store-unavailable')) {
        expect(warnings).toHaveLength(1);
        expect(warnings[0]?.level).toBe('warn');
      }
      // A call waits at most for the store's command timeout (1 s) on each of get and set.
      expect(perCallMs).toBeLessThan(2_500);
      console.log(`[redis-outage] ${perCallMs.toFixed(0)} ms per call while Redis was down`);

      // Redis back (empty): the first calls fill it again, then the upstream count stops growing.
      await redis.start();
      let stable = false;
      const deadline = Date.now() + 15_000;
      while (!stable && Date.now() < deadline) {
        const count = box.calls.length;
        await readBoth();
        await readBoth();
        stable = box.calls.length === count || (box.calls.length === count + 2 && (await settledAfterOneMore(readBoth, () => box.calls.length)));
        if (!stable) await delay(200);
      }
      expect(stable).toBe(true);
      const resumed = box.calls.length;
      for (let round = 0; round < 5; round += 1) await readBoth();
      await otherProcess.getMsgType();
      expect(box.calls.length).toBe(resumed);
      expect((await keysInRedis()).length).toBe(2);
      for (const recoveries of events('cache-store-recovered')) expect(recoveries).toHaveLength(1);
      for (const warnings of events('cache-store-unavailable')) expect(warnings).toHaveLength(1);
    } finally {
      await Promise.all([cmsi.close(), bkdata.close(), otherProcess.close()]);
    }
  }, 60_000);

  // Was a gap: while Redis was down every call waited on the store (~1.6 s per call). The first
  // failure now opens a circuit: calls skip the store while a background probe looks for it.
  it('bypasses the store without waiting on it once the outage is known', async () => {
    const box = sandbox();
    const cmsi = createCmsi({ ...sandboxAuth(box), apiHost: box.apiHost, gatewayMode: 'gateway', cache: store, tracer: false });
    try {
      await redis.stop();
      await cmsi.getMsgType(); // the first call finds the outage
      for (let round = 0; round < 3; round += 1) {
        const started = performance.now();
        await cmsi.getMsgType();
        expect(performance.now() - started).toBeLessThan(250);
      }
    } finally {
      await redis.start();
      await cmsi.close();
    }
  }, 30_000);
});

/** After a round that still went upstream (refilling the cache), whether the next round does not. */
async function settledAfterOneMore(read: () => Promise<void>, count: () => number): Promise<boolean> {
  const before = count();
  await read();
  return count() === before;
}
