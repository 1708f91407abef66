/**
 * Where successful results of cacheable endpoints are kept. Values are JSON text, so a store
 * never hands two callers the same mutable object. A store may be synchronous or not; a store
 * that throws or rejects is bypassed (the call goes to the network) until it works again.
 * @example
 * const store: CacheStore = {
 *   get: (key) => map.get(key),
 *   set: (key, value, ttlMs) => void map.set(key, value),
 * };
 */
export interface CacheStore {
  /** The value under `key`, or `undefined` when absent or expired. */
  get(key: string): Promise<string | undefined> | string | undefined;
  /** Keeps `value` under `key` for `ttlMs` milliseconds. */
  set(key: string, value: string, ttlMs: number): Promise<void> | void;
  /** Removes `key`. */
  delete?(key: string): Promise<void> | void;
  /** Releases what the store holds (connections, memory). */
  close?(): Promise<void> | void;
}
