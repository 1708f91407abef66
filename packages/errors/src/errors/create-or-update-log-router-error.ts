import type { ErrorName } from '../error-codes.js';
import { BkError } from './bk-error.js';
import { hasMarker } from './has-marker.js';

const marker = 'x.errors.CreateOrUpdateLogRouterError';
const symbol = Symbol.for(marker);

/**
 * A log route could not be created or updated (`3600503`). Pass `data: { reason }`.
 */
export class CreateOrUpdateLogRouterError extends BkError {
  private readonly [symbol] = true;
  protected static override readonly errorName: ErrorName = 'CreateOrUpdateLogRouterError';

  /** Whether `error` is a CreateOrUpdateLogRouterError, from this or any other copy of `@x/errors`. */
  static override isInstance(error: unknown): error is CreateOrUpdateLogRouterError {
    return hasMarker(error, marker);
  }
}
