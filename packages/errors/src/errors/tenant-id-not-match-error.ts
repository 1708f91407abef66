import type { ErrorName } from '../error-codes.js';
import { BkError } from './bk-error.js';
import { hasMarker } from './has-marker.js';

const marker = 'x.errors.TenantIdNotMatchError';
const symbol = Symbol.for(marker);

/**
 * The request's tenant does not match (`3600551`). Pass `data: { bk_tenant_id }`.
 */
export class TenantIdNotMatchError extends BkError {
  private readonly [symbol] = true;
  protected static override readonly errorName: ErrorName = 'TenantIdNotMatchError';

  /** Whether `error` is a TenantIdNotMatchError, from this or any other copy of `@x/errors`. */
  static override isInstance(error: unknown): error is TenantIdNotMatchError {
    return hasMarker(error, marker);
  }
}
