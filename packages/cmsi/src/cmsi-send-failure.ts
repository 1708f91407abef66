import type { Envelope } from '@x/core-client';
import { ApiResultError, PartialDeliveryError } from '@x/errors';

// Every CMSI component words a partial delivery the same way, with the channel in the middle:
// "Some users failed to send email|sms|wechat message|voice. <details>" (legacy-bk-paas
// paas2/esb/components/generic/templates/cmsi/send_mail.py, send_sms.py, send_weixin.py,
// send_voice_msg.py; the same in paas-ce/paas/esb on master). The details are
// toolkit/tools.py's `_extra_user_error_msg`, or (voice through QCloud) the failed user names.
const partialPrefix = /^Some users failed to send [^.]*\.\s*/;
const detailPattern = /The following users (?:are not blueking users|contact format are incorrect):\s*(.*)$/;

function names(text: string): string[] {
  return text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

function invalidUsernames(data: unknown): string[] {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return [];
  const check = (data as { username_check?: unknown }).username_check;
  if (check === null || typeof check !== 'object') return [];
  const invalid = (check as { invalid?: unknown }).invalid;
  return Array.isArray(invalid) ? invalid.filter((name): name is string => typeof name === 'string') : [];
}

/**
 * The receivers a partial delivery was refused for, or `undefined` when `message` does not report
 * a partial delivery. On legacy-bk-paas 2.14.69 the unknown user names are also in
 * `data.username_check.invalid`; users whose contact is unusable, and every refused name on the
 * community edition (no `data`), are only in the message.
 */
export function refusedReceivers(message: string | undefined, data: unknown): string[] | undefined {
  if (message === undefined) return undefined;
  const prefix = partialPrefix.exec(message);
  if (prefix === null) return undefined;
  const details = message.slice(prefix[0].length);
  const fromMessage = details.includes('The following users')
    ? details.split(';').flatMap((segment) => {
        const match = detailPattern.exec(segment.trim());
        return match === null ? [] : names(match[1] ?? '');
      })
    : names(details);
  return [...new Set([...invalidUsernames(data), ...fromMessage])];
}

/** What the failure needs besides the envelope. */
export interface CmsiFailureContext {
  readonly endpoint: string;
  /** The request id the call was sent with, when the body names none. */
  readonly requestId: string;
  /** Literal secrets to scrub from what the error carries. */
  readonly secrets: readonly string[];
  readonly language?: string | undefined;
}

/**
 * The error of a `result: false` CMSI answer: a {@link PartialDeliveryError} when the component
 * says some receivers got the message and names the others, else an {@link ApiResultError}.
 * Both keep the component's `data` (e.g. `username_check.invalid`) and `errors`.
 */
export function cmsiResultError(envelope: Envelope, context: CmsiFailureContext): ApiResultError {
  const message = typeof envelope.message === 'string' && envelope.message !== '' ? envelope.message : undefined;
  const data =
    envelope.data !== null && typeof envelope.data === 'object' && !Array.isArray(envelope.data) ? (envelope.data as Record<string, unknown>) : undefined;
  const options = {
    code: envelope.code ?? undefined,
    message,
    data,
    errors: envelope.errors,
    requestId: typeof envelope.request_id === 'string' && envelope.request_id !== '' ? envelope.request_id : context.requestId,
    module: 'cmsi',
    endpoint: context.endpoint,
    secrets: context.secrets,
    language: context.language,
  };
  const refused = refusedReceivers(message, envelope.data);
  return refused === undefined ? new ApiResultError(options) : new PartialDeliveryError({ ...options, refused });
}
