import { BkError, type Redactor } from '@x/errors';
import { redactedJson } from './bounded-json.js';
import { isLogEnabled, type Logger } from './logger.js';

/** What one call's log record says. */
export interface CallLogEntry {
  readonly module: string;
  readonly endpoint: string;
  readonly method: string;
  readonly url: string | undefined;
  readonly status: number | undefined;
  readonly result: boolean | undefined;
  readonly code: string | number | null | undefined;
  readonly attempts: number;
  readonly durationMs: number;
  readonly requestId: string;
  readonly username: string | undefined;
  readonly tenantId: string | undefined;
  readonly cached: boolean;
  readonly stubbed: boolean;
  readonly params: unknown;
  readonly response: unknown;
  readonly error: unknown;
}

/** What a cut value ends with in a log record. */
export const TRUNCATED_MARKER = '…[truncated]';

/**
 * The redacted JSON of `value`, at most `maxLength` characters (then {@link TRUNCATED_MARKER}).
 * Serialising stops at the cut, so a large response costs no more than `maxLength` characters.
 */
export function clip(value: unknown, redactor: Redactor, maxLength: number): string | undefined {
  if (value === undefined) return undefined;
  let text: string;
  try {
    const written = redactedJson(value, redactor, maxLength);
    text = written.complete ? written.text : `${written.text}${TRUNCATED_MARKER}`;
  } catch {
    text = '[unserialisable]'.length > maxLength ? `${'[unserialisable]'.slice(0, maxLength)}${TRUNCATED_MARKER}` : '[unserialisable]';
  }
  // Redact again after cutting: a cut can never expose a secret, but a literal may sit across JSON escapes.
  return redactor.text(text);
}

function errorSummary(error: unknown, redactor: Redactor): Record<string, unknown> | undefined {
  if (error === undefined) return undefined;
  // An SDK error was redacted part by part when it was built, with the call's secrets; scrubbing
  // its finished text again would blank our own words where a secret equals one (and so show it).
  if (BkError.isInstance(error)) return { ...error.toJSON() };
  if (error instanceof Error) return { name: error.name, message: redactor.text(error.message) };
  return { message: redactor.text(typeof error === 'string' ? error : 'a non-Error value was thrown') };
}

/**
 * Writes the one record of a call (bklog's `[BKLOGAPI]` line), with params and response cut to
 * `maxLength` characters and everything passed through the call's redactor — which knows the
 * app secret and the context's tokens as literal values. The auth header is never logged.
 * Builds nothing (not the entry, not even the redactor) when the logger would drop the record:
 * `failed` picks the level (error, else info) and `describe` is only called for a kept record.
 */
export function logCall(logger: Logger, getRedactor: () => Redactor, maxLength: number, failed: boolean, describe: () => CallLogEntry): void {
  if (!isLogEnabled(logger, failed ? 'error' : 'info')) return;
  const entry = describe();
  const redactor = getRedactor();
  const record: Record<string, unknown> = {
    event: 'bk-api-call',
    module: entry.module,
    endpoint: entry.endpoint,
    method: entry.method,
    url: entry.url === undefined ? undefined : redactor.url(entry.url),
    status: entry.status,
    result: entry.result,
    code: entry.code,
    attempts: entry.attempts,
    durationMs: Math.round(entry.durationMs * 100) / 100,
    requestId: entry.requestId,
    username: entry.username,
    tenantId: entry.tenantId,
    cached: entry.cached,
    ...(entry.stubbed ? { stubbed: true } : {}),
    params: clip(entry.params, redactor, maxLength),
    response: clip(entry.response, redactor, maxLength),
    ...(entry.error === undefined ? {} : { error: errorSummary(entry.error, redactor) }),
  };
  const message = `[BKAPI] ${entry.module}.${entry.endpoint} ${entry.method}`;
  try {
    if (entry.error !== undefined) logger.error(record, message);
    else logger.info(record, message);
  } catch {
    // A failing logger must not fail the call it reports on.
  }
}
