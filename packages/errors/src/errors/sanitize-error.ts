import type { Redactor } from '../redact.js';
import { hasMarker } from './has-marker.js';

/**
 * Makes an error safe to keep inside an SDK error. SDK errors are already redacted and stay as
 * they are. Foreign errors (ky's HTTPError keeps the request with its auth header) are copied
 * with only their name, message, code and stack, all redacted, so nothing secret rides along.
 */
export function sanitizeError(error: unknown, redactor: Redactor, depth = 0): unknown {
  if (error === undefined || error === null) return undefined;
  if (hasMarker(error, 'x.errors.BkError')) return error;
  if (!(error instanceof Error)) return redactor.value(error);
  const copy = new Error(redactor.text(error.message));
  copy.name = error.name;
  copy.stack = redactor.text(error.stack ?? '');
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') Object.assign(copy, { code: String(code) });
  if (depth < 4 && error.cause !== undefined) Object.assign(copy, { cause: sanitizeError(error.cause, redactor, depth + 1) });
  return copy;
}
