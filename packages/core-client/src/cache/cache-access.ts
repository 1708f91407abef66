import type { Logger } from '../logging/logger.js';
import type { CacheStore } from './cache-store.js';

/** How long the store is left alone after a failure before one probe checks it again, doubling up to the max. */
export interface CacheProbeDelays {
  readonly initialMs: number;
  readonly maxMs: number;
}

const defaultProbeDelays: CacheProbeDelays = { initialMs: 500, maxMs: 5_000 };
const probeKey = '__x_core_client_probe__';

/**
 * Reads and writes a store without ever failing a call. A store error or a slow store counts as
 * a miss and opens a circuit: calls then skip the store entirely (no call waits on a store that
 * is down), while one background probe at a time checks it again after a delay that doubles up
 * to `maxMs`. The outage is logged once, and its end once.
 */
export class CacheAccess {
  #degraded = false;
  #nextProbeAt = 0;
  #probeDelayMs: number;
  #probing = false;
  readonly #store: CacheStore;
  readonly #logger: Logger;
  readonly #timeoutMs: number;
  readonly #delays: CacheProbeDelays;

  constructor(store: CacheStore, logger: Logger, timeoutMs: number, delays: CacheProbeDelays = defaultProbeDelays) {
    this.#store = store;
    this.#logger = logger;
    this.#timeoutMs = timeoutMs;
    this.#delays = delays;
    this.#probeDelayMs = delays.initialMs;
  }

  /** Whether calls currently bypass the store (an outage is known and not yet over). */
  get bypassed(): boolean {
    return this.#degraded;
  }

  async get(key: string): Promise<string | undefined> {
    if (this.#skip()) return undefined;
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
    if (this.#skip()) return;
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

  /** While the circuit is open: true, and a probe is started (not awaited) when one is due. */
  #skip(): boolean {
    if (!this.#degraded) return false;
    if (!this.#probing && Date.now() >= this.#nextProbeAt) void this.#probe();
    return true;
  }

  async #probe(): Promise<void> {
    this.#probing = true;
    try {
      await this.#withTimeout(async () => this.#store.get(probeKey));
      this.#recovered();
    } catch {
      this.#probeDelayMs = Math.min(this.#probeDelayMs * 2, this.#delays.maxMs);
      this.#nextProbeAt = Date.now() + this.#probeDelayMs;
    } finally {
      this.#probing = false;
    }
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
    this.#probeDelayMs = this.#delays.initialMs;
    this.#nextProbeAt = Date.now() + this.#probeDelayMs;
    const message = error instanceof Error ? error.message : String(error);
    this.#logger.warn(
      { event: 'cache-store-unavailable', error: message },
      'cache store unavailable; calls bypass it (probed in the background) until it recovers',
    );
  }

  #recovered(): void {
    if (!this.#degraded) return;
    this.#degraded = false;
    this.#logger.info({ event: 'cache-store-recovered' }, 'cache store recovered');
  }
}
