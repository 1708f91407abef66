import type { Alert } from './alert-schema.js';
import type { AttemptError, ChannelState, DeliveryRecord, DeliverySubmission, FailureReason } from './delivery-types.js';
import type { Channel } from './routing.js';

/**
 * What {@link DeliveryQueue.submit} did: `created` a new delivery, found the `existing` one of a
 * repeated POST (nothing enqueued again), or a `conflict` (the id was used by a different alert).
 */
export type SubmitResult =
  | { readonly status: 'created'; readonly delivery: DeliveryRecord }
  | { readonly status: 'existing'; readonly delivery: DeliveryRecord }
  | { readonly status: 'conflict'; readonly delivery: DeliveryRecord };

/** One channel job handed to the processor; the queue has already marked it `sending`. */
export interface ClaimedJob {
  readonly idempotencyKey: string;
  readonly deliveryId: string;
  readonly alert: Alert;
  readonly channel: Channel;
  /** 1 for the first attempt. */
  readonly attempt: number;
}

/** What the processor decided about one attempt; the queue stores it. */
export type JobOutcome =
  | { readonly kind: 'sent'; readonly requestId?: string | undefined }
  | { readonly kind: 'retry'; readonly retryAt: number; readonly error: AttemptError }
  | { readonly kind: 'failed'; readonly reason: FailureReason; readonly error: AttemptError };

/** Sends one claimed job and says what happened. It must not throw. */
export type JobProcessor = (job: ClaimedJob) => Promise<JobOutcome>;

/** The states of a channel not finished yet. */
export type OpenChannelState = Exclude<ChannelState, 'sent' | 'failed'>;

/** What {@link DeliveryQueue.resend} did. */
export type ResendResult =
  | { readonly status: 'queued'; readonly delivery: DeliveryRecord }
  | { readonly status: 'not_found' }
  /** The channel is not `failed` with reason `ambiguous` (only those are resent on request). */
  | { readonly status: 'not_ambiguous'; readonly delivery: DeliveryRecord };

/** A query of {@link DeliveryQueue.list}. */
export interface DeliveryListQuery {
  /** Deliveries with at least one channel in this state; all when undefined. */
  readonly state?: ChannelState | undefined;
  /** At most this many, newest first. */
  readonly limit: number;
}

/** Options of {@link DeliveryQueue.close}. */
export interface QueueCloseOptions {
  /**
   * How long in-flight sends may take to finish before the queue closes anyway; a send still
   * running then keeps its lease and is recovered (sent again) after the lease expires.
   * @default 15000
   */
  readonly graceMs?: number | undefined;
}

/**
 * A durable store of deliveries and a queue of channel jobs. Implementations: SQLite (one host,
 * `node:sqlite`) and BullMQ (several instances sharing Redis).
 */
export interface DeliveryQueue {
  readonly kind: 'sqlite' | 'bullmq';
  /** Stores the delivery and enqueues one job per channel, unless the alert id is known. */
  submit(submission: DeliverySubmission): Promise<SubmitResult>;
  /** The delivery of an alert id. */
  get(alertId: string): Promise<DeliveryRecord | undefined>;
  /** Deliveries, newest first, optionally those with a channel in one state. */
  list(query: DeliveryListQuery): Promise<DeliveryRecord[]>;
  /**
   * Queues a channel that ended `failed`/`ambiguous` again, on an operator's explicit request
   * (the relay never does it by itself: the first message may have been delivered).
   */
  resend(alertId: string, channel: Channel): Promise<ResendResult>;
  /** How many channels wait or are being sent now, by state (each state present, 0 when none). */
  queueDepth(): Promise<Record<OpenChannelState, number>>;
  /** Starts handing jobs to `processor`. Call once. */
  start(processor: JobProcessor): Promise<void>;
  /** Stops taking jobs, lets in-flight sends finish (up to `graceMs`), then closes the store. */
  close(options?: QueueCloseOptions): Promise<void>;
}
