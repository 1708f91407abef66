import { ApiResultError } from './api-result-error.js';
import type { ApiResultErrorOptions } from './api-result-error.js';
import { hasMarker } from './has-marker.js';

const marker = 'x.errors.PartialDeliveryError';
const symbol = Symbol.for(marker);

/** Options of a {@link PartialDeliveryError}. */
export interface PartialDeliveryErrorOptions extends ApiResultErrorOptions {
  /** The receivers the remote refused (user names it does not know, or whose contact is unusable). */
  readonly refused?: readonly string[] | undefined;
}

/**
 * A send that reached some receivers and was refused for others. The remote answers it as a
 * failure (`result: false`) although the message went out: BlueKing's CMSI components answer
 * `"Some users failed to send email. The following users are not blueking users: …"` after
 * mailing the users they know (TencentBlueKing/legacy-bk-paas,
 * `paas2/esb/components/generic/templates/cmsi/send_mail.py` and `toolkit/tools.py`).
 *
 * Never resend the same message to everyone: the delivered receivers would get it twice. Fix or
 * drop the names in `refused`, and send to those only if at all. `isRetryable` is always `false`.
 * It is an {@link ApiResultError}, so code that treats every failed result as final keeps working.
 * @example
 * catch (error) {
 *   if (PartialDeliveryError.isInstance(error)) log.warn('not delivered to', error.refused); // delivered to the others
 * }
 */
export class PartialDeliveryError extends ApiResultError {
  private readonly [symbol] = true;

  /** The receivers the remote refused; everyone else in the send received it. */
  readonly refused: readonly string[];
  /** Always false: repeating the send would deliver it twice to the receivers that got it. */
  readonly isRetryable = false;

  constructor(options: PartialDeliveryErrorOptions = {}) {
    super(options);
    // The code and catalogue message stay ApiResultError's (it is one); only the name differs.
    this.name = 'PartialDeliveryError';
    this.refused = Object.freeze([...(options.refused ?? [])].map((name) => this.redactor.text(name)));
    if (this.stack !== undefined) {
      const firstLineEnd = this.stack.indexOf('\n');
      this.stack = `${this.name}: ${this.message}${firstLineEnd === -1 ? '' : this.stack.slice(firstLineEnd)}`;
    }
  }

  /** Whether `error` is a PartialDeliveryError, from this or any other copy of `@x/errors`. */
  static override isInstance(error: unknown): error is PartialDeliveryError {
    return hasMarker(error, marker);
  }

  protected override jsonFields(): Record<string, unknown> {
    return { ...super.jsonFields(), refused: this.refused, isRetryable: this.isRetryable };
  }
}
