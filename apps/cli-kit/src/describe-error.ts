import { ApiRequestError, BkError, RetryError } from '@x/errors';

/**
 * One line for a failed command: the @x/errors class and code, the HTTP status, the request and
 * trace ids, then the (already redacted) message, e.g.
 * `ApiRequestError 3600015 (HTTP 400, request id 9ef6…, trace id 5c1…): parse query_string error: …`.
 * `secrets` are scrubbed once more, in case a message quoted one.
 */
export function describeError(error: unknown, secrets: readonly string[] = []): string {
  let text: string;
  if (BkError.isInstance(error)) {
    const details: string[] = [];
    if (ApiRequestError.isInstance(error) && error.status !== undefined) details.push(`HTTP ${error.status}`);
    if (error.requestId !== undefined) details.push(`request id ${error.requestId}`);
    if (ApiRequestError.isInstance(error) && error.traceId !== undefined) details.push(`trace id ${error.traceId}`);
    text = `${error.name} ${error.code}${details.length === 0 ? '' : ` (${details.join(', ')})`}: ${error.message}`;
    if (RetryError.isInstance(error) && error.lastError !== undefined && error.lastError !== error) text += `; last attempt: ${describeError(error.lastError)}`;
  } else if (error instanceof Error) {
    text = `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`;
  } else {
    text = String(error);
  }
  for (const secret of secrets) if (secret !== '') text = text.split(secret).join('***');
  return text;
}
