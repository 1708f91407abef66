import type { ErrorName } from '../error-codes.js';
import { BkError } from './bk-error.js';
import { hasMarker } from './has-marker.js';

const marker = 'x.errors.GrepParseError';
const symbol = Symbol.for(marker);

/**
 * A grep expression could not be parsed (`3600501`). Pass `data: { reason }`.
 */
export class GrepParseError extends BkError {
  private readonly [symbol] = true;
  protected static override readonly errorName: ErrorName = 'GrepParseError';

  /** Whether `error` is a GrepParseError, from this or any other copy of `@x/errors`. */
  static override isInstance(error: unknown): error is GrepParseError {
    return hasMarker(error, marker);
  }
}
