import type { ErrorName } from '../error-codes.js';
import { BkError } from './bk-error.js';
import { hasMarker } from './has-marker.js';

const marker = 'x.errors.PermissionError';
const symbol = Symbol.for(marker);

/**
 * The caller lacks permission (`3600403`), e.g. a pass-through call that is not whitelisted.
 */
export class PermissionError extends BkError {
  private readonly [symbol] = true;
  protected static override readonly errorName: ErrorName = 'PermissionError';

  /** Whether `error` is a PermissionError, from this or any other copy of `@x/errors`. */
  static override isInstance(error: unknown): error is PermissionError {
    return hasMarker(error, marker);
  }
}
