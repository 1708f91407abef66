import { ApiRequestError, BkError, RetryError } from '@x/errors';

function detailsOf(error: BkError): string[] {
  const details: string[] = [];
  if (ApiRequestError.isInstance(error) && error.status !== undefined) details.push(`HTTP ${error.status}`);
  if (error.requestId !== undefined) details.push(`request id ${error.requestId}`);
  if (ApiRequestError.isInstance(error) && error.traceId !== undefined) details.push(`trace id ${error.traceId}`);
  return details;
}

function heading(error: BkError): string {
  const details = detailsOf(error);
  return `${error.name} ${error.code}${details.length === 0 ? '' : ` (${details.join(', ')})`}`;
}

/**
 * One line for a failed command: the @x/errors class and code, the HTTP status, the request and
 * trace ids, then the (already redacted) message, e.g.
 * `ApiRequestError 3600015 (HTTP 400, request id 9ef6…, trace id 5c1…): parse query_string error: …`.
 * A RetryError names its last attempt without repeating a reason its own message already gives.
 * `secrets` are scrubbed once more, in case a message quoted one.
 */
export function describeError(error: unknown, secrets: readonly string[] = []): string {
  let text: string;
  if (BkError.isInstance(error)) {
    text = `${heading(error)}: ${error.message}`;
    if (RetryError.isInstance(error) && BkError.isInstance(error.lastError) && error.lastError !== error) {
      const last = error.lastError;
      // The reason is said once: RetryError's own message usually ends with the last attempt's.
      text += error.message.includes(last.message) ? `; last attempt: ${heading(last)}` : `; last attempt: ${describeError(last)}`;
    }
  } else if (error instanceof Error) {
    text = `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`;
  } else {
    text = String(error);
  }
  for (const secret of secrets) if (secret !== '') text = text.split(secret).join('***');
  return text;
}
