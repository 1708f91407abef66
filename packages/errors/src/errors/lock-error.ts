import type { ErrorName } from '../error-codes.js';
import { BkError } from './bk-error.js';
import { hasMarker } from './has-marker.js';

const marker = 'x.errors.LockError';
const symbol = Symbol.for(marker);

/**
 * A lock could not be acquired (`3600006`).
 */
export class LockError extends BkError {
  private readonly [symbol] = true;
  protected static override readonly errorName: ErrorName = 'LockError';

  /** Whether `error` is a LockError, from this or any other copy of `@x/errors`. */
  static override isInstance(error: unknown): error is LockError {
    return hasMarker(error, marker);
  }
}
