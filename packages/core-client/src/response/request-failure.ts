import { ApiRequestError, BkError, trustedMessage, trustedText, type GatewayErrorInfo, type TrustedMessage } from '@x/errors';
import { isPlainObject, parseJsonSafely } from '../request/copy-params.js';
import { isPreSendFailure } from '../retry/ky-retry-options.js';
import { isHTTPError, isNetworkError, isTimeoutError } from '../transport/ky-module.js';

/** What an error of one call says about where it happened. */
export interface FailureContext {
  readonly module: string;
  readonly endpoint: string;
  readonly method: string;
  /** The final URL (redacted by the error). */
  readonly url: string;
  /** The path template, safe to print. */
  readonly path: string;
  readonly requestId: string;
  readonly secrets: readonly string[];
  readonly language: string | undefined;
  readonly timeout: number;
}

/** The gateway's `X-Bkapi-*` headers of a response, when it sent any. */
export function gatewayInfo(headers: Headers): GatewayErrorInfo | undefined {
  const info = {
    requestId: headers.get('x-bkapi-request-id') ?? undefined,
    errorCode: headers.get('x-bkapi-error-code') ?? undefined,
    errorMessage: headers.get('x-bkapi-error-message') ?? undefined,
  };
  return info.requestId === undefined && info.errorCode === undefined && info.errorMessage === undefined ? undefined : info;
}

/**
 * A 3xx that was not followed (it leads to another origin, or a custom fetch was used): the error
 * names where it points — its origin only, as a query there could hold anything — and what to do.
 */
function redirectFailure(context: FailureContext, response: Response): ApiRequestError | undefined {
  if (![301, 302, 303, 307, 308].includes(response.status)) return undefined;
  const location = response.headers.get('location');
  let target = 'a location it did not give';
  if (location !== null) {
    try {
      target = new URL(location, context.url).origin;
    } catch {
      target = 'an invalid location';
    }
  }
  return requestError(
    context,
    'http-status',
    trustedMessage`HTTP ${response.status}: redirected to ${target}, which is not followed (the request carries the app's credentials, sent to the API's own origin only); point the client's baseUrl or apiHost at the final address`,
    { status: response.status, requestSent: true, isRetryable: false },
  );
}

/** Builds an ApiRequestError with the call's module, endpoint, URL, request id and secrets. */
export function requestError(
  context: FailureContext,
  failure: ApiRequestError['failure'],
  detail: TrustedMessage,
  extra: {
    status?: number | undefined;
    contentType?: string | undefined;
    responseBody?: string | undefined;
    gateway?: GatewayErrorInfo | undefined;
    traceId?: string | undefined;
    cause?: unknown;
    isRetryable?: boolean | undefined;
    requestSent?: boolean | undefined;
    retryAfterMs?: number | undefined;
  } = {},
): ApiRequestError {
  return new ApiRequestError({
    failure,
    // Built from parts: our words stay whole, the path (which holds url keys) is redacted.
    message: trustedMessage`[${trustedText(context.module)}-API] ${detail} (${context.method} ${context.path})`,
    url: context.url,
    method: context.method,
    module: context.module,
    endpoint: context.endpoint,
    requestId: context.requestId,
    secrets: context.secrets,
    language: context.language,
    ...extra,
  });
}

function codeInChain(error: unknown, depth = 0): string | undefined {
  if (depth > 6 || error === null || typeof error !== 'object') return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const found = codeInChain(inner, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return codeInChain((error as { cause?: unknown }).cause, depth + 1);
}

function innermostMessage(error: unknown, depth = 0): string | undefined {
  if (!(error instanceof Error)) return undefined;
  if (depth < 6 && error.cause instanceof Error) return innermostMessage(error.cause, depth + 1);
  return error.message;
}

function bodyText(data: unknown): string | undefined {
  if (data === undefined || data === null) return undefined;
  return typeof data === 'string' ? data : JSON.stringify(data);
}

/** What a failed response says went wrong: unify-query's `error`, an envelope's `message`. */
function remoteDetail(data: unknown): { detail: string | undefined; traceId: string | undefined } {
  let value = data;
  if (typeof value === 'string' && /^\s*\{/.test(value)) {
    try {
      value = parseJsonSafely(value);
    } catch {
      // Not JSON after all; the text itself is the detail.
    }
  }
  if (isPlainObject(value)) {
    const traceId = typeof value.trace_id === 'string' ? value.trace_id : undefined;
    const message = [value.error, value.message, value.errmsg].find((item) => typeof item === 'string' && item !== '') as string | undefined;
    return { detail: message, traceId };
  }
  return { detail: typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 200) : undefined, traceId: undefined };
}

/** `Retry-After` as milliseconds: delay-seconds or an HTTP date; `undefined` when absent or invalid. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Turns what an attempt threw into an SDK error: ky's HTTPError, TimeoutError and NetworkError,
 * an abort, or a transport's own error. SDK errors pass through.
 */
export function toRequestFailure(error: unknown, context: FailureContext, signal: AbortSignal | undefined): BkError {
  if (BkError.isInstance(error)) return error;
  if (signal?.aborted === true) {
    return requestError(context, 'aborted', trustedMessage`the call was aborted`, { isRetryable: false, cause: signal.reason ?? error });
  }
  if (isHTTPError(error)) {
    const response = error.response;
    const redirect = redirectFailure(context, response);
    if (redirect !== undefined) return redirect;
    const gateway = gatewayInfo(response.headers);
    const body = bodyText(error.data);
    const { detail, traceId } = remoteDetail(error.data);
    const reason = gateway?.errorMessage ?? detail ?? response.statusText;
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    return requestError(context, 'http-status', reason === '' ? trustedMessage`HTTP ${response.status}` : trustedMessage`HTTP ${response.status}: ${reason}`, {
      status: response.status,
      requestSent: true,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      contentType: response.headers.get('content-type') ?? undefined,
      ...(body === undefined ? {} : { responseBody: body }),
      ...(gateway === undefined ? {} : { gateway }),
      ...(traceId === undefined ? {} : { traceId }),
    });
  }
  if (isTimeoutError(error)) {
    // A timeout may come after the server got the request: assume it did.
    return requestError(context, 'timeout', trustedMessage`no response within ${context.timeout} ms`, { requestSent: true });
  }
  if (isNetworkError(error)) {
    const reason = codeInChain(error.cause) ?? innermostMessage(error.cause);
    return requestError(context, 'network', reason === undefined ? trustedMessage`connection failed` : trustedMessage`connection failed (${reason})`, {
      cause: error.cause,
      requestSent: !isPreSendFailure(error.cause),
    });
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return requestError(context, 'aborted', trustedMessage`the request was aborted`, { isRetryable: false, cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return requestError(context, 'network', trustedMessage`the transport failed: ${message}`, { cause: error });
}
