import { ApiRequestError, ApiResultError, RetryError, trustedMessage, type BkError, type RetryErrorReason } from '@x/errors';
import type { Hooks, Options, RetryOptions } from 'ky';
import type { Endpoint } from '../endpoint/define-endpoint.js';
import { isLogEnabled } from '../logging/logger.js';
import type { BuiltRequest } from '../request/build-request.js';
import type { WireHeaders } from '../request/request-headers.js';
import { parseJsonSafely } from '../request/copy-params.js';
import { parseEnvelope, type EnvelopeFailure } from '../response/parse-envelope.js';
import { readBody } from '../response/read-body.js';
import { gatewayInfo, requestError, toRequestFailure, type FailureContext } from '../response/request-failure.js';
import { toKyRetryOptions } from '../retry/ky-retry-options.js';
import { isHTTPError, isTimeoutError, loadedKy, prepareKy } from '../transport/ky-module.js';
import type { WireParts } from '../transport/undici-fetch.js';
import type { NormalizedRetryPolicy } from '../retry/retry-policy.js';
import type { FetchFunction } from './client-settings.js';
import type { CallTrace, ClientRuntime, SendOutcome } from './client-runtime.js';
import type { CallConfig } from './normalize-settings.js';

/** The ApiResultError of a failed envelope, with the remote code, message, errors and request id. */
export function resultError(
  endpoint: Endpoint,
  failure: EnvelopeFailure,
  fallbackRequestId: string,
  secrets: readonly string[],
  language: string | undefined,
): ApiResultError {
  return new ApiResultError({
    code: failure.code,
    message: failure.message === undefined || failure.message === '' ? undefined : failure.message,
    errors: failure.errors,
    requestId: failure.requestId ?? fallbackRequestId,
    module: endpoint.module,
    endpoint: endpoint.name,
    secrets,
    language,
  });
}

/** Why retrying stopped: aborted, out of attempts, or a failure the policy does not retry. */
export function retryReason(aborted: boolean, attempts: number, policy: NormalizedRetryPolicy, budgetSpent = false): RetryErrorReason {
  if (aborted) return 'aborted';
  if (budgetSpent) return 'totalTimeoutExceeded';
  return attempts >= policy.attempts ? 'maxAttemptsExceeded' : 'errorNotRetryable';
}

/**
 * A custom `fetch` whose responses clone to themselves (the default transport's do already). ky
 * hands each afterResponse hook a clone of the response — a tee of the body stream, which costs as
 * much as a small request's parsing — and the core's single hook is the only reader of the body
 * (ky reads it only for an HTTP error, for which the hook reads nothing). ky 2 offers no option to
 * skip that clone (`Ky.#runAfterResponseHooks` clones for every hook).
 */
export function withUnclonedResponses(fetch: FetchFunction): FetchFunction {
  return async (input, init) => {
    const response = await fetch(input, init);
    try {
      Object.defineProperty(response, 'clone', { value: () => response, configurable: true, writable: true });
    } catch {
      // A frozen response from a custom fetch is cloned as usual.
    }
    return response;
  };
}

/** The most of an error page read: its error keeps 2,000 characters, its detail 200. */
const ERROR_BODY_MAX_BYTES = 1024 * 1024;
const nullBodyStatuses = new Set([101, 103, 204, 205, 304]);

/**
 * The error response with its body read here, under the byte cap, so ky (which reads up to
 * 10 MiB of an error body for `HTTPError.data`) never buffers more than the client allows.
 */
async function withCappedErrorBody(response: Response, maxBytes: number, timeoutMs: number): Promise<Response> {
  const read = await readBody(response, maxBytes, timeoutMs, 'cut');
  const headers = new Headers(response.headers);
  // The body below is decoded text of another length.
  headers.delete('content-length');
  headers.delete('content-encoding');
  const text = read.ok ? (read.truncated === true ? `${read.text}…[truncated at ${maxBytes} bytes]` : read.text) : '';
  const body = text !== '' && !nullBodyStatuses.has(response.status) ? text : null;
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

/** Everything `send` needs about one call. */
export interface SendPlan {
  readonly endpoint: Endpoint;
  readonly config: CallConfig;
  readonly built: BuiltRequest;
  readonly headers: WireHeaders;
  readonly failureContext: FailureContext;
  readonly secrets: readonly string[];
}

/** Sends one request through ky: retries, per-attempt timeout, byte-capped body, envelope checks. */
export async function sendRequest(runtime: ClientRuntime, plan: SendPlan, signal: AbortSignal | undefined, trace: CallTrace): Promise<SendOutcome> {
  const { endpoint, config, built, failureContext } = plan;
  const policy = config.retry;
  const retryLimit = Math.max(0, policy.attempts - 1);
  const attemptErrors: BkError[] = [];
  // The converted error of the attempt ky is deciding about (or waiting to retry).
  let pending: { source: unknown; error: BkError } | undefined;
  // What the hook read, handed over in a box the hook's closure can let go of (see below).
  const box: { parsed: ReturnType<typeof parseEnvelope> | undefined } = { parsed: undefined };
  let gatewayRequestId: string | undefined;
  let started: number | undefined;
  trace.attempts = 1;

  const kyRetry = toKyRetryOptions(policy, endpoint.idempotent, signal, endpoint.method);
  const decide = kyRetry.shouldRetry;
  // The client's retry budget pays for every retry when it is decided, before the backoff wait:
  // an empty bucket fails the call at once (reason `retryBudgetExhausted`).
  // A box: TypeScript cannot see the closure below change a plain `let`.
  const budget = { refused: false, lastRetryCost: undefined as number | undefined };
  const payForRetry = (failed: BkError): boolean => {
    const bucket = runtime.retryBudget;
    if (bucket === undefined) return true;
    const kind = ApiRequestError.isInstance(failed) && (failed.failure === 'timeout' || failed.failure === 'network') ? 'timeout-or-network' : 'other';
    const cost = bucket.acquire(kind);
    if (cost === undefined) {
      budget.refused = true;
      return false;
    }
    budget.lastRetryCost = cost;
    return true;
  };
  const retry: RetryOptions = {
    ...kyRetry,
    shouldRetry: async (state) => {
      const failed = toRequestFailure(state.error, failureContext, signal);
      pending = { source: state.error, error: failed };
      const decision = await decide?.(state);
      if (decision === false) return false;
      // `undefined` leaves ky's own checks (status list, Retry-After, retryOnTimeout) to decide;
      // the budget pays only when they would retry, and ky still computes the wait.
      const retrying =
        decision === true ||
        (isTimeoutError(state.error)
          ? kyRetry.retryOnTimeout === true
          : isHTTPError(state.error) && (kyRetry.statusCodes ?? []).includes(state.error.response.status));
      if (retrying && !payForRetry(failed)) return false;
      return decision;
    },
  };

  try {
    // Loading ky and the transport (undici) on the first call must not count against an attempt's timeout.
    const loadingKy = prepareKy();
    if (loadingKy !== undefined) await loadingKy;
    const preparing = runtime.prepareTransport();
    if (preparing !== undefined) await preparing;
    const ky = loadedKy().default;
    const { transport } = runtime;
    // The default transport takes the headers and a JSON body as they are (see WireParts): ky's
    // Request then carries the method, URL and signal. A custom fetch gets them in the Request.
    const parts: WireParts | undefined =
      transport === undefined ? undefined : { headers: plan.headers, body: typeof built.body === 'string' ? built.body : undefined };
    const body = parts?.body === undefined ? built.body : undefined;
    const fetch: FetchFunction =
      transport === undefined || parts === undefined
        ? runtime.fetch
        : async (input, init) => transport.send(input instanceof Request ? input : new Request(input, init), parts);
    const hooks: Hooks = {
      beforeRetry: [
        ({ retryCount }) => {
          const failed = pending?.error;
          if (failed !== undefined) attemptErrors.push(failed);
          pending = undefined;
          trace.attempts = retryCount + 1;
          if (!isLogEnabled(runtime.settings.logger, 'debug')) return;
          try {
            runtime.settings.logger.debug(
              {
                event: 'bk-api-retry',
                module: endpoint.module,
                endpoint: endpoint.name,
                requestId: config.requestId,
                attempt: trace.attempts,
                error: failed?.toJSON(),
              },
              `[BKAPI] ${endpoint.module}.${endpoint.name} attempt ${trace.attempts}`,
            );
          } catch {
            // A failing logger must not fail the call.
          }
        },
      ],
      afterResponse: [
        async ({ response, retryCount }) => {
          trace.status = response.status;
          if (!response.ok) return withCappedErrorBody(response, Math.min(runtime.settings.maxResponseBytes, ERROR_BODY_MAX_BYTES), config.timeout);
          const canRetry = endpoint.idempotent && retryCount < retryLimit;
          const contentType = response.headers.get('content-type') ?? undefined;
          const read = await readBody(response, runtime.settings.maxResponseBytes, config.timeout);
          if (!read.ok) {
            if (read.reason === 'too-large') {
              throw requestError(failureContext, 'response-too-large', trustedMessage`the response is larger than ${runtime.settings.maxResponseBytes} bytes`, {
                status: response.status,
                ...(contentType === undefined ? {} : { contentType }),
                isRetryable: false,
                requestSent: true,
              });
            }
            const error =
              read.reason === 'timeout'
                ? requestError(failureContext, 'timeout', trustedMessage`the response body did not arrive within ${config.timeout} ms`, {
                    status: response.status,
                    requestSent: true,
                  })
                : requestError(failureContext, 'network', trustedMessage`the connection failed while reading the response`, {
                    status: response.status,
                    cause: read.cause,
                    requestSent: true,
                  });
            const allowed = read.reason === 'timeout' ? policy.retryOnTimeout : policy.retryOnNetworkError;
            if (canRetry && allowed && signal?.aborted !== true && payForRetry(error)) {
              pending = { source: undefined, error };
              return ky.retry({ code: 'BODY_READ_FAILED' });
            }
            throw error;
          }
          let body: unknown;
          if (read.text.trim() === '' && endpoint.envelope === 'none') {
            body = null;
          } else {
            try {
              body = parseJsonSafely(read.text);
            } catch {
              // A cut or garbled JSON answer to a read is usually a proxy's hiccup: asking again is
              // safe. An HTML or text page (a login page) is an answer, and would come back the same.
              const claimsJson = contentType === undefined || /json/i.test(contentType);
              const retryable = endpoint.idempotent && policy.retryOnInvalidJson && claimsJson;
              const error = requestError(failureContext, 'invalid-json', trustedMessage`the response is not JSON`, {
                status: response.status,
                ...(contentType === undefined ? {} : { contentType }),
                responseBody: read.text,
                ...(gatewayInfo(response.headers) === undefined ? {} : { gateway: gatewayInfo(response.headers) }),
                isRetryable: retryable,
                requestSent: true,
              });
              if (retryable && canRetry && signal?.aborted !== true && payForRetry(error)) {
                pending = { source: undefined, error };
                return ky.retry({ code: 'INVALID_JSON' });
              }
              throw error;
            }
          }
          const current = parseEnvelope(body, endpoint.envelope);
          gatewayRequestId = response.headers.get('x-bkapi-request-id') ?? undefined;
          if (current.failure !== undefined && canRetry && policy.shouldRetryResult?.(current.envelope) === true && signal?.aborted !== true) {
            const error = resultError(endpoint, current.failure, gatewayRequestId ?? config.requestId, plan.secrets, config.language);
            if (payForRetry(error)) {
              pending = { source: undefined, error };
              return ky.retry({ code: 'RESULT_RETRY' });
            }
            // The budget is empty: this failed answer is the call's outcome, as the last attempt's would be.
          }
          box.parsed = current;
          // Nothing returned: ky goes on with the response it passed in, whose body is read to its
          // end (a tee'd clone's other branch, with a custom fetch, is cancelled below).
          return undefined;
        },
      ],
    };
    // Only what differs from ky's defaults (GET, throwHttpErrors, no totalTimeout, body or signal):
    // ky merges every option key into a fresh copy of the whole object, twice per request.
    const options: Options = { timeout: config.timeout, retry, fetch, hooks };
    if (endpoint.method !== 'GET') options.method = endpoint.method;
    if (config.totalTimeout !== false) options.totalTimeout = config.totalTimeout;
    if (parts === undefined) options.headers = plan.headers;
    if (body !== undefined) options.body = body;
    if (signal !== undefined) options.signal = signal;
    // The default transport follows redirects within the origin only; a custom fetch could
    // follow one elsewhere with the credentials, so it is asked not to follow any.
    if (transport === undefined) options.redirect = 'manual';
    started = performance.now();
    const response = await ky(built.url, options);
    await response.body?.cancel().catch(() => undefined);
  } catch (error) {
    const aborted = signal?.aborted === true;
    let final: BkError;
    if (pending?.source !== undefined && pending.source === error) {
      final = pending.error;
    } else {
      // Aborted while waiting to retry: the attempt that failed still counts.
      if (pending !== undefined && aborted) attemptErrors.push(pending.error);
      final = toRequestFailure(error, failureContext, signal);
    }
    // ky's TimeoutError does not say which limit ran out: the call's budget is spent when (almost)
    // all of it has passed. The message then names that budget once, not the attempt timeout.
    const budgetSpent =
      !aborted &&
      config.totalTimeout !== false &&
      started !== undefined &&
      ApiRequestError.isInstance(final) &&
      final.failure === 'timeout' &&
      performance.now() - started >= config.totalTimeout - 5;
    if (budgetSpent) {
      final = requestError(
        failureContext,
        'timeout',
        trustedMessage`no answer within the call's total timeout of ${config.totalTimeout} ms (attempts and waits included)`,
        {
          requestSent: true,
          isRetryable: false,
        },
      );
    }
    if (attemptErrors.length === 0 && !budget.refused) throw final;
    throw new RetryError({
      reason: budget.refused ? 'retryBudgetExhausted' : retryReason(aborted, trace.attempts, policy, budgetSpent),
      attemptErrors: [...attemptErrors, final],
      requestId: config.requestId,
      secrets: plan.secrets,
      language: config.language,
    });
  }

  const read = box.parsed;
  // The hooks above are held by ky's Request, which a minor GC keeps alive (its signal sits behind a
  // WeakRef): holding the data there would carry every page into the old generation.
  box.parsed = undefined;
  if (read === undefined) throw requestError(failureContext, 'invalid-json', trustedMessage`no response body was read`);
  let envelope = read.envelope;
  if (read.failure === undefined) runtime.retryBudget?.release(budget.lastRetryCost);
  if (read.failure === undefined && endpoint.after !== undefined) envelope = await endpoint.after(envelope);
  return {
    envelope,
    failure: read.failure,
    attemptErrors,
    attempts: trace.attempts,
    status: trace.status,
    gatewayRequestId,
    cached: false,
  };
}
