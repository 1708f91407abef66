import type { EnvelopeKind } from '../endpoint/define-endpoint.js';
import { isPlainObject } from '../request/copy-params.js';
import type { Envelope } from './envelope.js';

/** A business failure found in a 2xx body. */
export interface EnvelopeFailure {
  readonly code: string | number | undefined;
  readonly message: string | undefined;
  readonly errors: unknown;
  readonly requestId: string | undefined;
}

/** A parsed 2xx body: the envelope, and the business failure it reports, if any. */
export interface ParsedEnvelope {
  readonly envelope: Envelope;
  readonly failure: EnvelopeFailure | undefined;
}

function isSuccessCode(code: unknown): boolean {
  return code === undefined || code === null || code === '' || code === 0 || code === '0' || code === '00';
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function codeOf(value: unknown): string | number | undefined {
  return typeof value === 'string' || typeof value === 'number' ? value : undefined;
}

/**
 * Turns a 2xx JSON body into an envelope and finds business failures:
 * - a numeric `errcode` other than 0 (WeCom) fails, even without `result`;
 * - a boolean `result` decides alone, as bklog's DataAPI does (`if not response_result`): the
 *   `code` of an ESB-style body is information, not a verdict. BKData answers every success with
 *   `result: true, code: "1500200"` (Tencent/bk-base, `common/base_utils` `ResultCodeEnum` and its
 *   views' `Response`), which a code check would throw as a failure;
 * - with the standard envelope and no boolean `result` (a newer gateway's `{code, message, data}`),
 *   a `code` other than 0/'0'/'00' fails;
 * - a body without `result`, `code` and `errcode` succeeds (bklog injects `result: true`).
 * With `envelope: 'none'` the whole body is `data`, and a `code` field is left to the data.
 */
export function parseEnvelope(body: unknown, kind: EnvelopeKind): ParsedEnvelope {
  if (!isPlainObject(body)) {
    return { envelope: { result: true, code: 0, message: '', data: body ?? null }, failure: undefined };
  }
  const errcode = body.errcode;
  const wecomFailed = typeof errcode === 'number' && errcode !== 0;
  const resultFailed = body.result === false;
  const codeFailed = kind === 'standard' && typeof body.result !== 'boolean' && !isSuccessCode(body.code);
  const failed = wecomFailed || resultFailed || codeFailed;
  const failure: EnvelopeFailure | undefined = failed
    ? {
        code: wecomFailed ? errcode : codeOf(body.code),
        message: wecomFailed ? text(body.errmsg) : (text(body.message) ?? text(body.errmsg)),
        errors: body.errors,
        requestId: stringOrUndefined(body.request_id) ?? stringOrUndefined(body.requestId),
      }
    : undefined;
  if (kind === 'none') {
    return {
      envelope: { result: !failed, code: failure?.code ?? 0, message: failure?.message ?? '', data: body },
      failure,
    };
  }
  return { envelope: { ...body, result: !failed, data: body.data ?? null }, failure };
}
