import { LRUCache } from 'lru-cache';
import type { CacheStore } from './cache-store.js';

/** Options of {@link createMemoryCacheStore}. */
export interface MemoryCacheStoreOptions {
  /**
   * The most entries kept; the least recently used goes first.
   * @default 1000
   */
  readonly maxEntries?: number | undefined;
  /**
   * The most characters of JSON kept across all entries (a rough memory bound).
   * @default 67108864 (64 Mi characters)
   */
  readonly maxSize?: number | undefined;
}

/**
 * An in-process LRU cache with a TTL per entry (lru-cache): the client's default store. Good for
 * one process; use {@link createRedisCacheStore} when several machines should share results.
 * @example
 * const client = createClient({ cache: createMemoryCacheStore({ maxEntries: 5_000 }) });
 */
export function createMemoryCacheStore(options: MemoryCacheStoreOptions = {}): CacheStore {
  const cache = new LRUCache<string, string>({
    max: options.maxEntries ?? 1000,
    maxSize: options.maxSize ?? 64 * 1024 * 1024,
    sizeCalculation: (value) => Math.max(1, value.length),
  });
  return {
    get: (key) => cache.get(key),
    set: (key, value, ttlMs) => {
      cache.set(key, value, { ttl: Math.max(1, Math.round(ttlMs)) });
    },
    delete: (key) => {
      cache.delete(key);
    },
    close: () => {
      cache.clear();
    },
  };
}
