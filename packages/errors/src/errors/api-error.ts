import type { ErrorName } from '../error-codes.js';
import { BkError } from './bk-error.js';
import { hasMarker } from './has-marker.js';

const marker = 'x.errors.ApiError';
const symbol = Symbol.for(marker);

/**
 * The parent of every failure talking to a remote API (bklog's `ApiError`): catch it to handle
 * request and result failures alike. Code `3600500`.
 */
export class ApiError extends BkError {
  private readonly [symbol] = true;
  protected static override readonly errorName: ErrorName = 'ApiError';

  /** Whether `error` is a ApiError, from this or any other copy of `@x/errors`. */
  static override isInstance(error: unknown): error is ApiError {
    return hasMarker(error, marker);
  }
}
