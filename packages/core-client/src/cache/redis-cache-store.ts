import { BkError } from '@x/errors';
import type { CacheStore } from './cache-store.js';

/**
 * The few commands the Redis store uses. An `ioredis` client fits; so does any client with the
 * same `get`/`set ... PX`/`del` shape.
 */
export interface RedisLikeClient {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, mode: 'PX', milliseconds: number): Promise<unknown>;
  del(key: string): Promise<unknown>;
  quit?(): Promise<unknown>;
}

/** Options of {@link createRedisCacheStore}: a `client` you own, or a `url` the store connects to. */
export interface RedisCacheStoreOptions {
  /** A connected client (e.g. `new Redis(...)` from ioredis). The store never closes it. */
  readonly client?: RedisLikeClient | undefined;
  /**
   * A Redis URL (`redis://:password@127.0.0.1:6379/0`) for a client the store creates with
   * ioredis (an optional peer dependency) and closes in `close()`.
   */
  readonly url?: string | undefined;
  /**
   * Prefix of every key, so several applications can share one database.
   * @default 'x-core-client:'
   */
  readonly keyPrefix?: string | undefined;
  /**
   * How long a store-created client waits for a command, in ms, before the call gives up on the
   * cache and goes to the network.
   * @default 1000
   */
  readonly commandTimeout?: number | undefined;
}

/** The subset of ioredis' module the store needs. */
interface IoredisModule {
  readonly Redis?: new (
    url: string,
    options: Record<string, unknown>,
  ) => RedisLikeClient & { on(event: string, listener: (...args: unknown[]) => void): unknown };
}

async function loadIoredis(): Promise<IoredisModule> {
  try {
    return await import('ioredis');
  } catch (error) {
    throw new BkError({
      message: 'createRedisCacheStore({ url }) needs the optional dependency "ioredis": install it (npm install ioredis) or pass a connected client',
      cause: error,
    });
  }
}

/**
 * A cache store in Redis, for services running on several machines. Values expire with Redis'
 * own `PX` TTL. When Redis is down, calls go to the network and one warning is logged per
 * outage; caching resumes by itself when Redis is back.
 * @example
 * const cache = await createRedisCacheStore({ url: process.env.REDIS_URL, keyPrefix: 'bklog:' });
 * const client = createClient({ cache });
 * // ...
 * await cache.close?.();
 */
export async function createRedisCacheStore(options: RedisCacheStoreOptions): Promise<CacheStore> {
  const keyPrefix = options.keyPrefix ?? 'x-core-client:';
  let client: RedisLikeClient;
  let owned = false;
  if (options.client !== undefined) {
    client = options.client;
  } else if (options.url !== undefined && options.url !== '') {
    const module = await loadIoredis();
    if (module.Redis === undefined) throw new BkError({ message: 'The installed "ioredis" does not export Redis; install ioredis 5 or 6' });
    const created = new module.Redis(options.url, {
      // Fail fast while Redis is away: a call must not wait for a reconnect, it goes to the network.
      maxRetriesPerRequest: 1,
      commandTimeout: options.commandTimeout ?? 1000,
      retryStrategy: (times: number) => Math.min(times * 100, 1000),
    });
    // Without a listener ioredis prints every connection error; the cache layer logs outages itself.
    created.on('error', () => undefined);
    client = created;
    owned = true;
  } else {
    throw new BkError({ message: 'createRedisCacheStore needs a client or a url' });
  }
  return {
    get: async (key) => (await client.get(keyPrefix + key)) ?? undefined,
    set: async (key, value, ttlMs) => {
      await client.set(keyPrefix + key, value, 'PX', Math.max(1, Math.round(ttlMs)));
    },
    delete: async (key) => {
      await client.del(keyPrefix + key);
    },
    close: async () => {
      if (owned) await client.quit?.().catch(() => undefined);
    },
  };
}
