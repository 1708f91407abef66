import type { ErrorName } from '../error-codes.js';
import { BkError } from './bk-error.js';
import { hasMarker } from './has-marker.js';

const marker = 'x.errors.BizNotExistError';
const symbol = Symbol.for(marker);

/**
 * The business does not exist (`3600004`). Pass `data: { bk_biz_id }` to name it in the message.
 * @example throw new BizNotExistError({ data: { bk_biz_id: 2 } }); // 业务不存在: 2 / Business does not exist: 2
 */
export class BizNotExistError extends BkError {
  private readonly [symbol] = true;
  protected static override readonly errorName: ErrorName = 'BizNotExistError';

  /** Whether `error` is a BizNotExistError, from this or any other copy of `@x/errors`. */
  static override isInstance(error: unknown): error is BizNotExistError {
    return hasMarker(error, marker);
  }
}
