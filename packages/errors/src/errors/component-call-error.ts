import type { ErrorName } from '../error-codes.js';
import { BkError } from './bk-error.js';
import { hasMarker } from './has-marker.js';

const marker = 'x.errors.ComponentCallError';
const symbol = Symbol.for(marker);

/**
 * A BlueKing component call failed (`3600003`).
 */
export class ComponentCallError extends BkError {
  private readonly [symbol] = true;
  protected static override readonly errorName: ErrorName = 'ComponentCallError';

  /** Whether `error` is a ComponentCallError, from this or any other copy of `@x/errors`. */
  static override isInstance(error: unknown): error is ComponentCallError {
    return hasMarker(error, marker);
  }
}
