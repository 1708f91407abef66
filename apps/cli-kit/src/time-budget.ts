/** The core client's per-attempt timeout when nothing else is set (`@x/core-client`'s `timeout` default). */
export const DEFAULT_ATTEMPT_TIMEOUT_MS = 60_000;

/** The core client's budget for a whole call when nothing else is set (`@x/core-client`'s `totalTimeout` default). */
export const DEFAULT_TOTAL_TIMEOUT_MS = 90_000;

/** The timeout settings a CLI passes to its clients for `--timeout`. */
export interface ClientTimeouts {
  /** The whole call, attempts and waits included (`@x/core-client`'s `totalTimeout`). */
  readonly totalTimeout?: number;
  /** One attempt; never more than `totalTimeout`. */
  readonly timeout?: number;
}

/**
 * The client settings for `--timeout <duration>`: the call's total budget, and the per-attempt
 * timeout capped at it. Without the flag, nothing: the clients keep their defaults (90 s in
 * total, 60 s per attempt).
 * @example clientTimeouts(5_000) // { totalTimeout: 5000, timeout: 5000 }
 */
export function clientTimeouts(totalTimeoutMs: number | undefined): ClientTimeouts {
  if (totalTimeoutMs === undefined) return {};
  return { totalTimeout: totalTimeoutMs, timeout: Math.min(DEFAULT_ATTEMPT_TIMEOUT_MS, totalTimeoutMs) };
}
