import type { Envelope } from '../response/envelope.js';

/**
 * How failed attempts are repeated. Only endpoints marked `idempotent` (GET by default) are
 * retried for statuses, timeouts, network failures and envelope checks; any endpoint is retried
 * when the connection failed before the request could have been sent (refused, DNS failure,
 * connect timeout), because the server cannot have processed it.
 *
 * Settings, endpoint and call policies merge field by field (the call's wins) into a fresh
 * object per call: a per-call policy never changes the client (bklog's sticks to the instance).
 * @example
 * createClient({ retry: { attempts: 5, backoff: { initialDelay: 200, maxDelay: 5_000 } } });
 * client.call(searchLogs, params, { retry: { attempts: 1 } }); // this call only: no retry
 */
export interface RetryPolicy {
  /**
   * Attempts in total, the first included; `1` disables retrying.
   * @default 3
   */
  readonly attempts?: number | undefined;
  /** The wait before each retry: exponential, capped, with full jitter. */
  readonly backoff?: BackoffPolicy | undefined;
  /**
   * The longest wait taken from a `Retry-After` (or rate-limit reset) header, in ms; a longer
   * one is cut to this.
   * @default 30000
   */
  readonly maxRetryAfter?: number | undefined;
  /**
   * HTTP statuses retried (idempotent endpoints only). `Retry-After` is honoured on them.
   * @default [429, 502, 503, 504]
   */
  readonly statuses?: readonly number[] | undefined;
  /**
   * Whether an attempt that timed out is retried (idempotent endpoints only).
   * @default true
   */
  readonly retryOnTimeout?: boolean | undefined;
  /**
   * Whether a network failure is retried. For non-idempotent endpoints only failures before
   * sending (refused, DNS, connect timeout) qualify.
   * @default true
   */
  readonly retryOnNetworkError?: boolean | undefined;
  /**
   * Whether a 2xx answer labelled JSON (or not labelled) whose body does not parse — cut off or
   * garbled on the way — is retried (idempotent endpoints only). An HTML or text page is not
   * retried: it is an answer (a login page) that would come back the same. bklog fails such calls.
   * @default true
   */
  readonly retryOnInvalidJson?: boolean | undefined;
  /**
   * Retry when this returns true for a 2xx envelope (bklog's `fail_check_functions`), e.g. a
   * gateway's transient "system busy" code. Idempotent endpoints only.
   * @default undefined (envelopes are never retried)
   * @example shouldRetryResult: (envelope) => envelope.code === 1306201
   */
  readonly shouldRetryResult?: ((envelope: Envelope) => boolean) | undefined;
}

/** The wait between attempts: `initialDelay × factor^(retry − 1)`, capped at `maxDelay`, then jittered. */
export interface BackoffPolicy {
  /**
   * The wait before the first retry, in ms.
   * @default 300
   */
  readonly initialDelay?: number | undefined;
  /**
   * The growth factor per retry.
   * @default 2
   */
  readonly factor?: number | undefined;
  /**
   * The longest wait, in ms.
   * @default 10000
   */
  readonly maxDelay?: number | undefined;
  /**
   * Full jitter: each wait is a random value between 0 and the computed delay, so many clients
   * do not retry in lockstep.
   * @default true
   */
  readonly jitter?: boolean | undefined;
}

/** A retry policy with every field filled in. */
export interface NormalizedRetryPolicy {
  readonly attempts: number;
  readonly backoff: Required<{ readonly [K in keyof BackoffPolicy]-?: NonNullable<BackoffPolicy[K]> }>;
  readonly maxRetryAfter: number;
  readonly statuses: readonly number[];
  readonly retryOnTimeout: boolean;
  readonly retryOnNetworkError: boolean;
  readonly retryOnInvalidJson: boolean;
  readonly shouldRetryResult: ((envelope: Envelope) => boolean) | undefined;
}

/** The policy every call starts from. */
export const DEFAULT_RETRY_POLICY: NormalizedRetryPolicy = Object.freeze({
  attempts: 3,
  backoff: Object.freeze({ initialDelay: 300, factor: 2, maxDelay: 10_000, jitter: true }),
  maxRetryAfter: 30_000,
  statuses: Object.freeze([429, 502, 503, 504]),
  retryOnTimeout: true,
  retryOnNetworkError: true,
  retryOnInvalidJson: true,
  shouldRetryResult: undefined,
});
