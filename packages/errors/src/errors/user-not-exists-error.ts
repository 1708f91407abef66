import type { ErrorName } from '../error-codes.js';
import { BkError } from './bk-error.js';
import { hasMarker } from './has-marker.js';

const marker = 'x.errors.UserNotExistsError';
const symbol = Symbol.for(marker);

/**
 * The user does not exist (`3600552`). Pass `data: { username }`.
 */
export class UserNotExistsError extends BkError {
  private readonly [symbol] = true;
  protected static override readonly errorName: ErrorName = 'UserNotExistsError';

  /** Whether `error` is a UserNotExistsError, from this or any other copy of `@x/errors`. */
  static override isInstance(error: unknown): error is UserNotExistsError {
    return hasMarker(error, marker);
  }
}
