import type { ErrorName } from '../error-codes.js';
import { BkError } from './bk-error.js';
import { hasMarker } from './has-marker.js';

const marker = 'x.errors.LanguageNotSupportedError';
const symbol = Symbol.for(marker);

/**
 * The language is not supported (`3600005`; bklog's `LanguageDoseNotSupported`).
 */
export class LanguageNotSupportedError extends BkError {
  private readonly [symbol] = true;
  protected static override readonly errorName: ErrorName = 'LanguageNotSupportedError';

  /** Whether `error` is a LanguageNotSupportedError, from this or any other copy of `@x/errors`. */
  static override isInstance(error: unknown): error is LanguageNotSupportedError {
    return hasMarker(error, marker);
  }
}
