import type { ErrorName } from '../error-codes.js';
import { ApiError } from './api-error.js';
import type { BkErrorOptions } from './bk-error.js';
import { hasMarker } from './has-marker.js';

const marker = 'x.errors.ApiResultError';
const symbol = Symbol.for(marker);

/** Options of an {@link ApiResultError}. */
export interface ApiResultErrorOptions extends BkErrorOptions {
  /** The module that was called, e.g. `cmsi`. */
  readonly module?: string | undefined;
  /** The endpoint that was called, e.g. `send_mail`. */
  readonly endpoint?: string | undefined;
}

/**
 * The remote system answered, but with a failed result: `result: false`, a non-zero `code`, or a
 * WeCom `errcode != 0`. `code` is the remote code (`3600002` when the remote gave none), `message`
 * the remote message, `errors` the remote errors.
 * @example
 * catch (error) {
 *   if (ApiResultError.isInstance(error) && error.code === '1306201') return undefined; // CMSI: no such business
 * }
 */
export class ApiResultError extends ApiError {
  private readonly [symbol] = true;
  protected static override readonly errorName: ErrorName = 'ApiResultError';

  /** The module that was called. */
  readonly module: string | undefined;
  /** The endpoint that was called. */
  readonly endpoint: string | undefined;

  constructor(options: ApiResultErrorOptions = {}) {
    // bklog falls back to its own code when the remote code is falsy (0, "", null).
    const remoteCode = options.code === 0 || options.code === '0' ? undefined : options.code;
    super({ ...options, code: remoteCode });
    this.module = options.module;
    this.endpoint = options.endpoint;
  }

  /** Whether `error` is an ApiResultError, from this or any other copy of `@x/errors`. */
  static override isInstance(error: unknown): error is ApiResultError {
    return hasMarker(error, marker);
  }

  protected override jsonFields(): Record<string, unknown> {
    return { module: this.module, endpoint: this.endpoint };
  }
}
