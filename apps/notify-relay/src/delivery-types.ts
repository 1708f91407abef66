import type { Alert } from './alert-schema.js';
import type { Channel } from './routing.js';

/**
 * Where one channel of a delivery stands.
 *
 * - `pending`: queued, not tried yet
 * - `sending`: an attempt is in flight (a worker holds the job)
 * - `retrying`: an attempt failed in a way that is safe to repeat; the next waits for `nextAttemptAt`
 * - `sent`: the gateway accepted the message
 * - `failed`: given up; `reason` says why
 */
export type ChannelState = 'pending' | 'sending' | 'sent' | 'failed' | 'retrying';

/**
 * Why a channel ended `failed`.
 *
 * - `ambiguous`: the request may have been processed (a timeout or reset after it was sent, a 5xx
 *   from behind the gateway); sending again could duplicate the message, so it is not resent
 * - `rejected`: the gateway or the component refused it (bad receiver, auth, a business error)
 * - `exhausted`: every allowed attempt failed with a retryable error
 */
export type FailureReason = 'ambiguous' | 'rejected' | 'exhausted';

/** The outcome of one attempt. `in-flight` is an attempt still running; `interrupted` one whose worker died. */
export type AttemptOutcome = 'in-flight' | 'sent' | 'retry' | 'failed' | 'interrupted';

/** What went wrong in an attempt, without secrets. */
export interface AttemptError {
  /** The SDK error code (`3600015`), the remote code, or a transport code such as `ECONNREFUSED`. */
  readonly code: string;
  /** The message, redacted and cut to 500 characters. */
  readonly message: string;
  /** The HTTP status when the server answered. */
  readonly status?: number | undefined;
  /** The request id of the failed call (`X-Bkapi-Request-Id` or ours). */
  readonly requestId?: string | undefined;
}

/** One attempt at sending one channel. */
export interface AttemptRecord {
  /** 1 for the first attempt. */
  readonly number: number;
  /** ISO 8601 */
  readonly startedAt: string;
  /** ISO 8601; absent while in flight. */
  readonly finishedAt?: string | undefined;
  readonly outcome: AttemptOutcome;
  readonly error?: AttemptError | undefined;
  /** The request id of a successful send. */
  readonly requestId?: string | undefined;
}

/** One channel of a delivery. */
export interface ChannelDelivery {
  readonly channel: Channel;
  /** `<alert id>/<channel>`: at most one message per key leaves the relay, except in the documented crash window. */
  readonly idempotencyKey: string;
  readonly state: ChannelState;
  readonly reason?: FailureReason | undefined;
  /** ISO 8601, for `pending` and `retrying`. */
  readonly nextAttemptAt?: string | undefined;
  readonly attempts: readonly AttemptRecord[];
}

/** A delivery: one alert fanned out to its channels. */
export interface DeliveryRecord {
  readonly deliveryId: string;
  readonly alertId: string;
  readonly severity: string;
  /** ISO 8601 */
  readonly createdAt: string;
  readonly channels: readonly ChannelDelivery[];
}

/** The idempotency key of one alert on one channel. */
export function idempotencyKey(alertId: string, channel: Channel): string {
  return `${alertId}/${channel}`;
}

/** Whether a channel is done (nothing will be sent for it any more). */
export function isTerminal(state: ChannelState): boolean {
  return state === 'sent' || state === 'failed';
}

/** What is stored for an accepted alert. */
export interface DeliverySubmission {
  readonly deliveryId: string;
  readonly alert: Alert;
  readonly channels: readonly Channel[];
  /** A hash of the alert, to tell a repeated POST from a different alert reusing the id. */
  readonly fingerprint: string;
  /** Epoch milliseconds. */
  readonly createdAt: number;
}
