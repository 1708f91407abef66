import type { Logger } from '../logging/logger.js';
import type { CacheStore } from './cache-store.js';

/**
 * Reads and writes a store without ever failing a call: a store error or a slow store counts as
 * a miss, is logged once per outage, and the store is used again as soon as it answers.
 */
export class CacheAccess {
  #degraded = false;
  readonly #store: CacheStore;
  readonly #logger: Logger;
  readonly #timeoutMs: number;

  constructor(store: CacheStore, logger: Logger, timeoutMs: number) {
    this.#store = store;
    this.#logger = logger;
    this.#timeoutMs = timeoutMs;
  }

  async get(key: string): Promise<string | undefined> {
    try {
      const value = await this.#withTimeout(async () => this.#store.get(key));
      this.#recovered();
      return value;
    } catch (error) {
      this.#failed(error);
      return undefined;
    }
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    try {
      await this.#withTimeout(async () => this.#store.set(key, value, ttlMs));
      this.#recovered();
    } catch (error) {
      this.#failed(error);
    }
  }

  async close(): Promise<void> {
    await this.#store.close?.();
  }

  async #withTimeout<T>(operation: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        operation(),
        new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => {
            reject(new Error(`cache store did not answer within ${this.#timeoutMs} ms`));
          }, this.#timeoutMs);
          timer.unref();
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  #failed(error: unknown): void {
    if (this.#degraded) return;
    this.#degraded = true;
    const message = error instanceof Error ? error.message : String(error);
    this.#logger.warn({ event: 'cache-store-unavailable', error: message }, 'cache store unavailable; calls go to the network until it recovers');
  }

  #recovered(): void {
    if (!this.#degraded) return;
    this.#degraded = false;
    this.#logger.info({ event: 'cache-store-recovered' }, 'cache store recovered');
  }
}
