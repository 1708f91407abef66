import { ApiRequestError, ApiResultError, BkError, PartialDeliveryError, RetryError, ValidationError } from '@x/errors';
import type { Redactor } from '@x/errors';
import { ChannelRejectedError } from './channel-senders.js';
import type { ChannelSenders } from './channel-senders.js';
import type { JobOutcome, JobProcessor } from './delivery-queue.js';
import type { AttemptError } from './delivery-types.js';
import type { RelayLogger } from './relay-logger.js';
import { silentRelayLogger } from './relay-logger.js';

/**
 * How a channel is retried after a failure that is safe to repeat. The wait before attempt `n + 1`
 * is `initialDelayMs × factor^(n − 1)`, capped at `maxDelayMs`; with `jitter` it is drawn between
 * half of that and all of it.
 * @example { maxAttempts: 3, initialDelayMs: 20, maxDelayMs: 100 } // tests
 */
export interface DeliveryRetryPolicy {
  /**
   * Attempts in total, the first included.
   * @default 5
   */
  readonly maxAttempts?: number | undefined;
  /** @default 1000 */
  readonly initialDelayMs?: number | undefined;
  /** @default 2 */
  readonly factor?: number | undefined;
  /** @default 60000 */
  readonly maxDelayMs?: number | undefined;
  /** @default true */
  readonly jitter?: boolean | undefined;
}

/** A retry policy with every field set. */
export type NormalizedRetryPolicy = { readonly [K in keyof DeliveryRetryPolicy]-?: NonNullable<DeliveryRetryPolicy[K]> };

/** Fills the defaults of a retry policy. */
export function normalizeRetryPolicy(policy: DeliveryRetryPolicy = {}): NormalizedRetryPolicy {
  return {
    maxAttempts: Math.max(1, policy.maxAttempts ?? 5),
    initialDelayMs: Math.max(0, policy.initialDelayMs ?? 1000),
    factor: Math.max(1, policy.factor ?? 2),
    maxDelayMs: Math.max(0, policy.maxDelayMs ?? 60_000),
    jitter: policy.jitter ?? true,
  };
}

/** The wait after failed attempt number `attempt` (1-based), in ms. */
export function backoffDelay(policy: NormalizedRetryPolicy, attempt: number, random: () => number = Math.random): number {
  const delay = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** Math.max(0, attempt - 1));
  return Math.round(policy.jitter ? delay / 2 + (random() * delay) / 2 : delay);
}

/**
 * What a failed send means for the message.
 *
 * - `retryable`: the request provably was not processed; sending again cannot duplicate it
 * - `ambiguous`: it may have been processed; sending again could duplicate it
 * - `rejected`: it was refused; sending again would fail the same way
 */
export type FailureDisposition = 'retryable' | 'ambiguous' | 'rejected';

/** A classified failure, with what to record. */
export interface ClassifiedFailure {
  readonly disposition: FailureDisposition;
  readonly error: AttemptError;
  /** How long the server asked to wait (`Retry-After`), when it did. */
  readonly retryAfterMs?: number | undefined;
}

// Answers the gateway gives before forwarding a request: rate limited, or no upstream available.
const NOT_PROCESSED_STATUSES = new Set([429, 503]);

/** The first transport code (`ECONNREFUSED`...) in an error's cause chain. */
export function transportCode(error: unknown, depth = 0): string | undefined {
  if (depth > 8 || error === null || typeof error !== 'object') return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code)) return code;
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const found = transportCode(inner, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return transportCode((error as { cause?: unknown }).cause, depth + 1);
}

const MAX_MESSAGE_LENGTH = 500;

function bounded(message: string): string {
  return message.length <= MAX_MESSAGE_LENGTH ? message : `${message.slice(0, MAX_MESSAGE_LENGTH - 1)}…`;
}

function describe(error: unknown, redactor: Redactor | undefined, note: string): AttemptError {
  const message = error instanceof Error ? error.message : String(error);
  const full = `${note}: ${message}`;
  const base: AttemptError = {
    code: BkError.isInstance(error) || error instanceof ChannelRejectedError ? error.code : (transportCode(error) ?? 'SEND_FAILED'),
    message: bounded(redactor === undefined ? full : redactor.text(full)),
  };
  const status = ApiRequestError.isInstance(error) ? error.status : undefined;
  const requestId = BkError.isInstance(error) ? (error.requestId ?? (ApiRequestError.isInstance(error) ? error.gateway?.requestId : undefined)) : undefined;
  return { ...base, ...(status === undefined ? {} : { status }), ...(requestId === undefined ? {} : { requestId }) };
}

function classifyRequestError(error: ApiRequestError): { disposition: FailureDisposition; note: string } {
  switch (error.failure) {
    case 'network': {
      const code = transportCode(error);
      // The core knows whether a byte left: only a connection that failed before sending is safe.
      if (error.requestSent === false) return { disposition: 'retryable', note: `not sent${code === undefined ? '' : ` (${code})`}, will retry` };
      return {
        disposition: 'ambiguous',
        note: `outcome unknown: the connection failed after the request may have been sent${code === undefined ? '' : ` (${code})`}; not resent to avoid a duplicate`,
      };
    }
    case 'timeout':
      return { disposition: 'ambiguous', note: 'outcome unknown: no answer in time after the request was sent; not resent to avoid a duplicate' };
    case 'http-status': {
      const status = error.status ?? 0;
      if (NOT_PROCESSED_STATUSES.has(status)) return { disposition: 'retryable', note: `the gateway answered ${status} before processing, will retry` };
      if (status >= 400 && status < 500) return { disposition: 'rejected', note: `refused with HTTP ${status}` };
      return {
        disposition: 'ambiguous',
        note: `outcome unknown: HTTP ${status} may come from behind the gateway after processing; not resent to avoid a duplicate`,
      };
    }
    case 'invalid-json':
    case 'response-too-large':
      return { disposition: 'ambiguous', note: 'outcome unknown: the answer could not be read; not resent to avoid a duplicate' };
    case 'aborted':
      return { disposition: 'ambiguous', note: 'outcome unknown: the send was aborted after it started' };
    case 'invalid-request':
      return { disposition: 'rejected', note: 'the request could not be built' };
    default: {
      // A failure kind added to @x/errors later: unknown, so the safe answer.
      const failure: string = error.failure;
      return { disposition: 'ambiguous', note: `outcome unknown (${failure}); not resent to avoid a duplicate` };
    }
  }
}

function disposition(error: unknown): { disposition: FailureDisposition; note: string } {
  if (ApiRequestError.isInstance(error)) return classifyRequestError(error);
  if (PartialDeliveryError.isInstance(error)) {
    // CMSI delivered it to the other receivers and answered result: false: resending to everyone would duplicate it.
    return {
      disposition: 'rejected',
      note: `delivered to the other receivers, refused for ${error.refused.join(', ') || 'some'}; not resent (the others would get it twice)`,
    };
  }
  if (ApiResultError.isInstance(error)) return { disposition: 'rejected', note: 'the component answered with a failed result' };
  if (ValidationError.isInstance(error)) {
    return error.direction === 'input'
      ? { disposition: 'rejected', note: 'refused before sending' }
      : { disposition: 'ambiguous', note: 'outcome unknown: the answer did not fit its schema; not resent to avoid a duplicate' };
  }
  if (RetryError.isInstance(error)) {
    // A client that retried by itself: repeating is only safe when no attempt could have been processed.
    const verdicts = error.errors.map((attemptError) => disposition(attemptError));
    if (verdicts.some((verdict) => verdict.disposition === 'ambiguous'))
      return { disposition: 'ambiguous', note: 'outcome unknown: an attempt of the client may have been processed' };
    return verdicts.at(-1) ?? { disposition: 'ambiguous', note: 'outcome unknown' };
  }
  if (error instanceof ChannelRejectedError) return { disposition: 'rejected', note: 'refused before sending' };
  // Not an SDK error: nothing says whether a byte left, so the safe answer.
  return { disposition: 'ambiguous', note: 'outcome unknown: unexpected error; not resent to avoid a duplicate' };
}

/**
 * Decides whether a failed send may be repeated. Only failures that prove the request was not
 * processed are `retryable`: a connection refused before sending, or a 429/503 the gateway answers
 * before forwarding. A timeout or a reset after sending, a 5xx from behind the gateway, or an
 * unreadable 2xx are `ambiguous`: the message may be out, so it is not sent again.
 */
export function classifySendFailure(error: unknown, redactor?: Redactor): ClassifiedFailure {
  const verdict = disposition(error);
  const retryAfterMs = ApiRequestError.isInstance(error) ? error.retryAfterMs : undefined;
  return { disposition: verdict.disposition, error: describe(error, redactor, verdict.note), ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
}

/** Options of {@link createDeliveryProcessor}. */
export interface DeliveryProcessorOptions {
  readonly senders: ChannelSenders;
  readonly retry?: DeliveryRetryPolicy | undefined;
  /** Scrubs secrets (e.g. the app secret) from recorded error messages. */
  readonly redactor?: Redactor | undefined;
  readonly logger?: RelayLogger | undefined;
}

/** The job processor: sends one channel, and turns a failure into a retry or a final state. */
export function createDeliveryProcessor(options: DeliveryProcessorOptions): JobProcessor {
  const policy = normalizeRetryPolicy(options.retry);
  const logger = options.logger ?? silentRelayLogger;
  return async (job): Promise<JobOutcome> => {
    const fields = { idempotencyKey: job.idempotencyKey, attempt: job.attempt };
    try {
      const result = await options.senders[job.channel]({ alert: job.alert, channel: job.channel, idempotencyKey: job.idempotencyKey, attempt: job.attempt });
      logger.info('sent', { ...fields, requestId: result.requestId });
      return { kind: 'sent', requestId: result.requestId };
    } catch (error) {
      const failure = classifySendFailure(error, options.redactor);
      logger.warn(`send failed (${failure.disposition})`, { ...fields, code: failure.error.code, message: failure.error.message });
      if (failure.disposition === 'retryable') {
        if (job.attempt >= policy.maxAttempts) return { kind: 'failed', reason: 'exhausted', error: failure.error };
        // A 429's Retry-After is honoured when it asks for longer than the backoff, up to the cap.
        const delay = Math.max(backoffDelay(policy, job.attempt), Math.min(failure.retryAfterMs ?? 0, policy.maxDelayMs));
        return { kind: 'retry', retryAt: Date.now() + delay, error: failure.error };
      }
      return { kind: 'failed', reason: failure.disposition === 'ambiguous' ? 'ambiguous' : 'rejected', error: failure.error };
    }
  };
}
