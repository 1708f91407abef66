import type { ErrorName } from '../error-codes.js';
import { BkError } from './bk-error.js';
import { hasMarker } from './has-marker.js';

const marker = 'x.errors.UnknownLuceneOperatorError';
const symbol = Symbol.for(marker);

/**
 * A query uses Lucene syntax that cannot be parsed (`3600500`).
 */
export class UnknownLuceneOperatorError extends BkError {
  private readonly [symbol] = true;
  protected static override readonly errorName: ErrorName = 'UnknownLuceneOperatorError';

  /** Whether `error` is a UnknownLuceneOperatorError, from this or any other copy of `@x/errors`. */
  static override isInstance(error: unknown): error is UnknownLuceneOperatorError {
    return hasMarker(error, marker);
  }
}
