import type { RetryOptions } from 'ky';
import { isHTTPError, isNetworkError, isTimeoutError } from '../transport/ky-module.js';
import type { NormalizedRetryPolicy } from './retry-policy.js';

// Error codes that mean no byte of the request reached a server: repeating it cannot duplicate
// a side effect. A reset or a timeout after connecting could have been processed, so they are
// not here.
const preSendCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'ENETUNREACH', 'EHOSTUNREACH']);

// Every method: retrying is decided per endpoint (BlueKing reads are often POST), not per method.
const allMethods = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];

/** Whether `error` (or a cause of it) says the connection failed before the request was sent. */
export function isPreSendFailure(error: unknown, depth = 0): boolean {
  if (depth > 6 || error === null || typeof error !== 'object') return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && preSendCodes.has(code)) return true;
  // Happy-eyeballs connects fail with an AggregateError of one error per address.
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.every((inner) => isPreSendFailure(inner, depth + 1));
  }
  return isPreSendFailure((error as { cause?: unknown }).cause, depth + 1);
}

/** The ky `retry` option for one call (of an endpoint sending `method`, else of any method). */
export function toKyRetryOptions(policy: NormalizedRetryPolicy, idempotent: boolean, signal: AbortSignal | undefined, method?: string): RetryOptions {
  const statuses = idempotent ? [...policy.statuses] : [];
  return {
    limit: Math.max(0, policy.attempts - 1),
    // ky copies and lower-cases `methods` twice per request: a call names only its own method.
    methods: method === undefined ? allMethods : [method.toLowerCase()],
    statusCodes: statuses,
    afterStatusCodes: statuses,
    maxRetryAfter: policy.maxRetryAfter,
    backoffLimit: policy.backoff.maxDelay,
    delay: (attemptCount) => policy.backoff.initialDelay * policy.backoff.factor ** (attemptCount - 1),
    jitter: policy.backoff.jitter,
    retryOnTimeout: idempotent && policy.retryOnTimeout,
    shouldRetry: ({ error }) => {
      if (signal?.aborted === true) return false;
      if (isNetworkError(error)) {
        if (!policy.retryOnNetworkError) return false;
        return idempotent || isPreSendFailure(error);
      }
      if (!idempotent) return false;
      // `undefined` keeps ky's own checks: status list with Retry-After, and retryOnTimeout.
      if (isHTTPError(error) || isTimeoutError(error)) return undefined;
      return false;
    },
  };
}
