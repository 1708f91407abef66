import type { ErrorName } from '../error-codes.js';
import { BkError } from './bk-error.js';
import { hasMarker } from './has-marker.js';

const marker = 'x.errors.TenantIdIsNoneError';
const symbol = Symbol.for(marker);

/**
 * The `X-Bk-Tenant-Id` header is empty (`3600550`).
 */
export class TenantIdIsNoneError extends BkError {
  private readonly [symbol] = true;
  protected static override readonly errorName: ErrorName = 'TenantIdIsNoneError';

  /** Whether `error` is a TenantIdIsNoneError, from this or any other copy of `@x/errors`. */
  static override isInstance(error: unknown): error is TenantIdIsNoneError {
    return hasMarker(error, marker);
  }
}
