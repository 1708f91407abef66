import type { ErrorName } from '../error-codes.js';
import { ApiRequestError } from './api-request-error.js';
import type { ApiRequestFailure } from './api-request-error.js';
import type { BkErrorOptions } from './bk-error.js';
import { BkError } from './bk-error.js';
import { hasMarker } from './has-marker.js';
import { sanitizeError } from './sanitize-error.js';

const marker = 'x.errors.RetryError';
const symbol = Symbol.for(marker);

/**
 * Why retrying stopped: every attempt was used, the last error may not be retried, the caller
 * aborted, the call's `totalTimeout` ran out (attempts and the waits between them included), or the
 * client's retry budget was empty (too many retries of late: the upstream is struggling).
 */
export type RetryErrorReason = 'maxAttemptsExceeded' | 'errorNotRetryable' | 'aborted' | 'totalTimeoutExceeded' | 'retryBudgetExhausted';

/** Options of a {@link RetryError}. */
export interface RetryErrorOptions extends BkErrorOptions {
  /** Why retrying stopped. */
  readonly reason: RetryErrorReason;
  /** The error of each attempt, in order. */
  readonly attemptErrors: readonly unknown[];
}

/**
 * A call that was retried and still failed (`3600016`): `reason` says why retrying stopped,
 * `errors` holds each attempt's error and `lastError` the final one.
 * @example
 * catch (error) {
 *   if (RetryError.isInstance(error)) console.error(error.attempts, error.lastError);
 * }
 */
export class RetryError extends BkError {
  private readonly [symbol] = true;
  protected static override readonly errorName: ErrorName = 'RetryError';

  /** Why retrying stopped. */
  readonly reason: RetryErrorReason;
  /** The error of each attempt, in order. */
  declare readonly errors: readonly unknown[];
  /** The final attempt's error. */
  readonly lastError: unknown;
  /**
   * Whether any attempt may have reached the server. `false` only when every attempt failed
   * before a byte was sent (an ApiRequestError with `requestSent: false`): only then is repeating a
   * send sure not to duplicate it.
   */
  readonly requestSent: boolean;
  /** The HTTP status of the last attempt that got an answer, if any did. */
  readonly lastStatus: number | undefined;
  /** How the final attempt failed in transport (`timeout`, `http-status`...), when it was a request failure. */
  readonly lastFailure: ApiRequestFailure | undefined;

  constructor(options: RetryErrorOptions) {
    const lastError = options.attemptErrors.at(-1);
    const lastMessage = lastError instanceof Error ? lastError.message : undefined;
    const attempts = options.attemptErrors.length;
    const message =
      options.message ??
      (options.language?.toLowerCase().startsWith('zh') === true
        ? `重试 ${attempts} 次后请求仍然失败 (${options.reason})${lastMessage === undefined ? '' : `: ${lastMessage}`}`
        : `The request failed after ${attempts} attempt${attempts === 1 ? '' : 's'} (${options.reason})${lastMessage === undefined ? '' : `: ${lastMessage}`}`);
    super({ ...options, message, errors: [], requestId: options.requestId ?? (BkError.isInstance(lastError) ? lastError.requestId : undefined) });
    this.reason = options.reason;
    const attemptErrors = options.attemptErrors.map((error) => sanitizeError(error, this.redactor));
    Object.defineProperty(this, 'errors', { value: attemptErrors, enumerable: true });
    this.lastError = attemptErrors.at(-1);
    this.requestSent = !options.attemptErrors.every((error) => ApiRequestError.isInstance(error) && error.requestSent === false);
    this.lastStatus = options.attemptErrors.findLast(
      (error): error is ApiRequestError => ApiRequestError.isInstance(error) && error.status !== undefined,
    )?.status;
    this.lastFailure = ApiRequestError.isInstance(lastError) ? lastError.failure : undefined;
  }

  /** How many attempts were made. */
  get attempts(): number {
    return this.errors.length;
  }

  /** Whether `error` is a RetryError, from this or any other copy of `@x/errors`. */
  static override isInstance(error: unknown): error is RetryError {
    return hasMarker(error, marker);
  }

  protected override jsonFields(): Record<string, unknown> {
    return {
      reason: this.reason,
      attempts: this.attempts,
      requestSent: this.requestSent,
      lastStatus: this.lastStatus,
      lastFailure: this.lastFailure,
      errors: this.errors.map((error) =>
        BkError.isInstance(error) ? error.toJSON() : error instanceof Error ? { name: error.name, message: error.message } : error,
      ),
    };
  }
}
