import { ApiResultError, BkError, RetryError, ValidationError, createRedactor, type Redactor, type ValidationIssue } from '@x/errors';
import ky, { type RetryOptions } from 'ky';
import type { CacheAccess } from '../cache/cache-access.js';
import { createCacheKey } from '../cache/cache-key.js';
import type { SingleFlight } from '../cache/single-flight.js';
import type { RequestContext } from '../context/request-context.js';
import type { BeforeRequestContext, Endpoint, WireParams } from '../endpoint/define-endpoint.js';
import { logCall } from '../logging/call-log.js';
import { buildAuthHeader, secretValues } from '../request/auth-header.js';
import { buildRequest, type BuiltRequest } from '../request/build-request.js';
import { copyParams, isPlainObject, parseJsonSafely } from '../request/copy-params.js';
import type { TenantResolver } from '../request/tenant.js';
import type { Envelope } from '../response/envelope.js';
import { parseEnvelope, type EnvelopeFailure } from '../response/parse-envelope.js';
import { readBody } from '../response/read-body.js';
import { gatewayInfo, requestError, toRequestFailure, type FailureContext } from '../response/request-failure.js';
import { toKyRetryOptions } from '../retry/ky-retry-options.js';
import type { NormalizedRetryPolicy } from '../retry/retry-policy.js';
import { startCallSpan, type CallSpan } from '../telemetry/call-span.js';
import type { CallOptions, FetchFunction } from './client-settings.js';
import { resolveCallConfig, resolveCredentials, type CallConfig, type NormalizedSettings } from './normalize-settings.js';

/** What every call of one client shares. */
export interface ClientRuntime {
  readonly settings: NormalizedSettings;
  readonly fetch: FetchFunction;
  readonly cache: CacheAccess | undefined;
  readonly flights: SingleFlight;
  readonly tenants: TenantResolver;
  readonly isClosed: () => boolean;
}

/** The outcome of sending one request (shared by the participants of a single flight). */
interface SendOutcome {
  /** The envelope after `after` (output not yet applied), or the failed envelope. */
  readonly envelope: Envelope;
  readonly failure: EnvelopeFailure | undefined;
  readonly attemptErrors: readonly BkError[];
  readonly attempts: number;
  readonly status: number | undefined;
  readonly gatewayRequestId: string | undefined;
  readonly cached: boolean;
}

/** A send outcome with its output checked (`checked` is unset for a failed envelope). */
interface CheckedOutcome extends SendOutcome {
  readonly checked: Envelope | undefined;
}

/** Mutable facts collected while a call runs, for its log record and span. */
interface CallTrace {
  url: string | undefined;
  status: number | undefined;
  attempts: number;
  tenantId: string | undefined;
  params: unknown;
  cached: boolean;
  stubbed: boolean;
  envelope: Envelope | undefined;
}

const unsafeHeaderCharacters = /[\r\n\0]/;

function headerSafe(endpoint: Endpoint, field: string, value: string): string {
  if (unsafeHeaderCharacters.test(value)) {
    throw new ValidationError({
      direction: 'input',
      module: endpoint.module,
      endpoint: endpoint.name,
      issues: [{ path: [field], message: 'must not contain CR, LF or NUL (it is sent as a header)', code: 'invalid_header' }],
    });
  }
  return value;
}

function zodIssues(issues: readonly { path: readonly PropertyKey[]; message: string; code?: string }[]): ValidationIssue[] {
  return issues.map((issue) => ({
    path: issue.path.map((part) => (typeof part === 'number' ? part : String(part))),
    message: issue.message,
    code: issue.code,
  }));
}

async function validateInput(endpoint: Endpoint, params: unknown, secrets: readonly string[]): Promise<WireParams> {
  let value: unknown = copyParams(params ?? {});
  if (endpoint.input !== undefined) {
    const parsed = await endpoint.input.safeParseAsync(value);
    if (!parsed.success) {
      throw new ValidationError({ direction: 'input', module: endpoint.module, endpoint: endpoint.name, issues: zodIssues(parsed.error.issues), secrets });
    }
    value = parsed.data;
  }
  if (!isPlainObject(value)) {
    throw new ValidationError({
      direction: 'input',
      module: endpoint.module,
      endpoint: endpoint.name,
      issues: [{ path: [], message: 'params must be an object', code: 'invalid_type' }],
      secrets,
    });
  }
  return copyParams(value);
}

async function validateOutput(endpoint: Endpoint, envelope: Envelope, secrets: readonly string[], requestId: string): Promise<Envelope> {
  if (endpoint.output === undefined) return envelope;
  const parsed = await endpoint.output.safeParseAsync(envelope.data);
  if (!parsed.success) {
    throw new ValidationError({
      direction: 'output',
      module: endpoint.module,
      endpoint: endpoint.name,
      issues: zodIssues(parsed.error.issues),
      secrets,
      requestId,
    });
  }
  return { ...envelope, data: parsed.data };
}

function resultError(endpoint: Endpoint, failure: EnvelopeFailure, fallbackRequestId: string, secrets: readonly string[], language: string | undefined): ApiResultError {
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

function retryReason(aborted: boolean, attempts: number, policy: NormalizedRetryPolicy): 'aborted' | 'maxAttemptsExceeded' | 'errorNotRetryable' {
  if (aborted) return 'aborted';
  return attempts >= policy.attempts ? 'maxAttemptsExceeded' : 'errorNotRetryable';
}

/** Everything `send` needs about one call. */
interface SendPlan {
  readonly endpoint: Endpoint;
  readonly config: CallConfig;
  readonly built: BuiltRequest;
  readonly headers: Headers;
  readonly failureContext: FailureContext;
  readonly secrets: readonly string[];
}

/** Sends one request through ky: retries, per-attempt timeout, byte-capped body, envelope checks. */
async function send(runtime: ClientRuntime, plan: SendPlan, signal: AbortSignal | undefined, trace: CallTrace): Promise<SendOutcome> {
  const { endpoint, config, built, failureContext } = plan;
  const policy = config.retry;
  const retryLimit = Math.max(0, policy.attempts - 1);
  const attemptErrors: BkError[] = [];
  // The converted error of the attempt ky is deciding about (or waiting to retry).
  let pending: { source: unknown; error: BkError } | undefined;
  let parsed: ReturnType<typeof parseEnvelope> | undefined;
  let gatewayRequestId: string | undefined;
  trace.attempts = 1;

  const kyRetry = toKyRetryOptions(policy, endpoint.idempotent, signal);
  const decide = kyRetry.shouldRetry;
  const retry: RetryOptions = {
    ...kyRetry,
    shouldRetry: async (state) => {
      pending = { source: state.error, error: toRequestFailure(state.error, failureContext, signal) };
      return decide?.(state);
    },
  };

  try {
    const response = await ky(built.url, {
      method: endpoint.method,
      headers: plan.headers,
      ...(built.body === undefined ? {} : { body: built.body }),
      timeout: config.timeout,
      totalTimeout: config.totalTimeout ?? false,
      retry,
      ...(signal === undefined ? {} : { signal }),
      fetch: runtime.fetch,
      throwHttpErrors: true,
      hooks: {
        beforeRetry: [
          ({ retryCount }) => {
            const failed = pending?.error;
            if (failed !== undefined) attemptErrors.push(failed);
            pending = undefined;
            trace.attempts = retryCount + 1;
            try {
              runtime.settings.logger.debug(
                { event: 'bk-api-retry', module: endpoint.module, endpoint: endpoint.name, requestId: config.requestId, attempt: trace.attempts, error: failed?.toJSON() },
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
            if (!response.ok) return undefined;
            const canRetry = endpoint.idempotent && retryCount < retryLimit;
            const contentType = response.headers.get('content-type') ?? undefined;
            const read = await readBody(response, runtime.settings.maxResponseBytes, config.timeout);
            if (!read.ok) {
              if (read.reason === 'too-large') {
                throw requestError(failureContext, 'response-too-large', `the response is larger than ${runtime.settings.maxResponseBytes} bytes`, {
                  status: response.status,
                  ...(contentType === undefined ? {} : { contentType }),
                  isRetryable: false,
                });
              }
              const error =
                read.reason === 'timeout'
                  ? requestError(failureContext, 'timeout', `the response body did not arrive within ${config.timeout} ms`, { status: response.status })
                  : requestError(failureContext, 'network', 'the connection failed while reading the response', { status: response.status, cause: read.cause });
              const allowed = read.reason === 'timeout' ? policy.retryOnTimeout : policy.retryOnNetworkError;
              if (canRetry && allowed && signal?.aborted !== true) {
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
                throw requestError(failureContext, 'invalid-json', 'the response is not JSON', {
                  status: response.status,
                  ...(contentType === undefined ? {} : { contentType }),
                  responseBody: read.text,
                  ...(gatewayInfo(response.headers) === undefined ? {} : { gateway: gatewayInfo(response.headers) }),
                  isRetryable: false,
                });
              }
            }
            const current = parseEnvelope(body, endpoint.envelope);
            gatewayRequestId = response.headers.get('x-bkapi-request-id') ?? undefined;
            if (current.failure !== undefined && canRetry && policy.shouldRetryResult?.(current.envelope) === true && signal?.aborted !== true) {
              pending = { source: undefined, error: resultError(endpoint, current.failure, gatewayRequestId ?? config.requestId, plan.secrets, config.language) };
              return ky.retry({ code: 'RESULT_RETRY' });
            }
            parsed = current;
            // The body is consumed; hand ky an empty stand-in so it releases the original stream.
            return new Response(null, { status: response.status, statusText: response.statusText, headers: response.headers });
          },
        ],
      },
    });
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
    if (attemptErrors.length === 0) throw final;
    throw new RetryError({
      reason: retryReason(aborted, trace.attempts, policy),
      attemptErrors: [...attemptErrors, final],
      requestId: config.requestId,
      secrets: plan.secrets,
      language: config.language,
    });
  }

  if (parsed === undefined) throw requestError(failureContext, 'invalid-json', 'no response body was read');
  let envelope = parsed.envelope;
  if (parsed.failure === undefined && endpoint.after !== undefined) envelope = await endpoint.after(envelope);
  return {
    envelope,
    failure: parsed.failure,
    attemptErrors,
    attempts: trace.attempts,
    status: trace.status,
    gatewayRequestId,
    cached: false,
  };
}

function buildHeaders(runtime: ClientRuntime, endpoint: Endpoint, built: BuiltRequest, config: CallConfig, tenantId: string, authorization: string | undefined): Headers {
  const headers = new Headers(runtime.settings.headers);
  for (const [name, value] of Object.entries(built.headers)) headers.set(name, value);
  headers.set('User-Agent', runtime.settings.userAgent);
  headers.set('Accept', 'application/json');
  if (authorization !== undefined) headers.set('X-Bkapi-Authorization', authorization);
  headers.set('X-Bk-Tenant-Id', headerSafe(endpoint, 'tenantId', tenantId));
  headers.set('X-Request-Id', headerSafe(endpoint, 'requestId', config.requestId));
  headers.set('X-DATA-REQUEST-ID', config.requestId);
  if (config.language !== undefined) headers.set('blueking-language', headerSafe(endpoint, 'language', config.language));
  if (built.contentType !== undefined) headers.set('Content-Type', built.contentType);
  return headers;
}

function cachedOutcome(text: string): SendOutcome | undefined {
  try {
    const envelope = parseJsonSafely(text);
    if (!isPlainObject(envelope)) return undefined;
    return { envelope: envelope as unknown as Envelope, failure: undefined, attemptErrors: [], attempts: 0, status: undefined, gatewayRequestId: undefined, cached: true };
  } catch {
    return undefined;
  }
}

/**
 * Runs one call: validate input → tenant → `before` → stub or (cache → single flight → send with
 * retries → envelope checks → `after`) → output → result; logs one record and ends one span.
 */
export async function executeCall(runtime: ClientRuntime, endpoint: Endpoint, params: unknown, options: CallOptions, context: RequestContext | undefined): Promise<unknown> {
  const started = performance.now();
  const { settings } = runtime;
  const config = resolveCallConfig(settings, endpoint, options, context);
  let secrets: string[] = secretValues({ appSecret: settings.appSecret, bkToken: config.bkToken, accessToken: config.accessToken, bkTicket: config.bkTicket }, undefined);
  let redactor: Redactor = createRedactor({ secrets });
  const trace: CallTrace = { url: undefined, status: undefined, attempts: 0, tenantId: undefined, params: undefined, cached: false, stubbed: false, envelope: undefined };
  const span: CallSpan = await startCallSpan(
    settings.tracer,
    `${endpoint.module}.${endpoint.name}`,
    { 'http.request.method': endpoint.method, 'bk.module': endpoint.module, 'bk.endpoint': endpoint.name, 'bk.request_id': config.requestId },
    redactor,
  );

  const run = async (): Promise<unknown> => {
    if (runtime.isClosed()) throw new BkError({ message: `The client is closed; ${endpoint.module}.${endpoint.name} was not called` });
    // An endpoint outside BlueKing (authenticate: false) needs no credentials and is sent none.
    const credentials = endpoint.authenticate ? resolveCredentials(settings) : undefined;
    if (credentials !== undefined) {
      secrets = [...new Set([...secrets, credentials.appSecret])];
      redactor = createRedactor({ secrets });
    }
    const appCode = credentials?.appCode ?? settings.appCode ?? '';
    const validated = await validateInput(endpoint, params, secrets);
    trace.params = validated;
    const beforeContext: BeforeRequestContext = {
      username: config.username,
      tenantId: config.contextTenantId,
      requestId: config.requestId,
      language: config.language,
      appCode,
      ...(config.bkToken === undefined ? {} : { bkToken: config.bkToken }),
      ...(config.accessToken === undefined ? {} : { accessToken: config.accessToken }),
      ...(config.bkTicket === undefined ? {} : { bkTicket: config.bkTicket }),
    };
    const tenantId = await runtime.tenants.resolve(endpoint, validated, beforeContext, config.tenantOverride);
    trace.tenantId = tenantId;
    const wireParams = endpoint.before === undefined ? validated : copyParams(await endpoint.before(copyParams(validated), { ...beforeContext, tenantId }));
    if (!isPlainObject(wireParams)) throw new BkError({ message: `${endpoint.module}.${endpoint.name}: before() must return an object` });
    trace.params = wireParams;
    secrets = [...new Set([...secrets, ...secretValues({}, wireParams)])];
    redactor = createRedactor({ secrets });

    if (endpoint.defaultReturnValue !== undefined) {
      trace.stubbed = true;
      const envelope: Envelope = { result: true, code: 0, message: '', data: endpoint.defaultReturnValue };
      trace.envelope = envelope;
      return config.raw ? envelope : envelope.data;
    }

    const built = await buildRequest(endpoint, wireParams, endpoint.root === undefined ? settings.baseUrl : () => settings.root(endpoint.root ?? ''));
    trace.url = built.url;
    span.setAttributes({ 'url.full': redactor.url(built.url) });
    const authorization =
      credentials === undefined
        ? undefined
        : buildAuthHeader(
            { appCode: credentials.appCode, appSecret: credentials.appSecret, username: config.username, bkToken: config.bkToken, accessToken: config.accessToken, bkTicket: config.bkTicket },
            wireParams,
          );
    const headers = buildHeaders(runtime, endpoint, built, config, tenantId, authorization);
    span.inject(headers);
    const plan: SendPlan = {
      endpoint,
      config,
      built,
      headers,
      secrets,
      failureContext: {
        module: endpoint.module,
        endpoint: endpoint.name,
        method: endpoint.method,
        url: built.url,
        path: endpoint.path,
        requestId: config.requestId,
        secrets,
        language: config.language,
        timeout: config.timeout,
      },
    };

    const sendChecked = async (signal: AbortSignal | undefined): Promise<CheckedOutcome> => {
      const sent = await send(runtime, plan, signal, trace);
      return { ...sent, checked: sent.failure === undefined ? await validateOutput(endpoint, sent.envelope, secrets, config.requestId) : undefined };
    };
    let outcome: CheckedOutcome;
    if (endpoint.cacheTtl !== undefined && endpoint.idempotent) {
      const key = createCacheKey({
        method: endpoint.method,
        url: built.url,
        params: built.params,
        tenantId,
        username: config.username,
        appCode,
        language: config.language,
      });
      const hit = runtime.cache === undefined ? undefined : await runtime.cache.get(key);
      const cached = hit === undefined ? undefined : cachedOutcome(hit);
      if (cached !== undefined) {
        // The cache keeps JSON, which output transforms may not produce: check the output on every hit.
        outcome = { ...cached, checked: await validateOutput(endpoint, cached.envelope, secrets, config.requestId) };
      } else {
        const ttlMs = endpoint.cacheTtl * 1000;
        outcome = await runtime.flights.run(key, config.signal, async (signal) => {
          const sent = await sendChecked(signal);
          if (sent.failure === undefined && runtime.cache !== undefined) await runtime.cache.set(key, JSON.stringify(sent.envelope), ttlMs);
          return sent;
        });
      }
    } else {
      outcome = await sendChecked(config.signal);
    }
    trace.cached = outcome.cached;
    trace.attempts = Math.max(trace.attempts, outcome.attempts);
    if (outcome.status !== undefined) trace.status = outcome.status;
    trace.envelope = outcome.checked ?? outcome.envelope;

    if (outcome.failure !== undefined || outcome.checked === undefined) {
      const failed = outcome.failure ?? { code: undefined, message: undefined, errors: undefined, requestId: undefined };
      if (config.throwOnResultFalse) {
        const error = resultError(endpoint, failed, outcome.gatewayRequestId ?? config.requestId, secrets, config.language);
        if (outcome.attemptErrors.length === 0) throw error;
        throw new RetryError({
          reason: retryReason(false, outcome.attempts, config.retry),
          attemptErrors: [...outcome.attemptErrors, error],
          requestId: config.requestId,
          secrets,
          language: config.language,
        });
      }
      return config.raw ? outcome.envelope : outcome.envelope.data;
    }
    return config.raw ? outcome.checked : outcome.checked.data;
  };

  let failure: unknown;
  try {
    return await span.run(run);
  } catch (error) {
    failure = BkError.isInstance(error) ? error : new BkError({ message: error instanceof Error ? error.message : String(error), cause: error, secrets, requestId: config.requestId });
    throw failure;
  } finally {
    const envelope = trace.envelope;
    span.setAttributes({
      'http.response.status_code': trace.status,
      'bk.retry_count': Math.max(0, trace.attempts - 1),
      'bk.tenant_id': trace.tenantId,
    });
    span.end(failure);
    logCall(settings.logger, redactor, settings.maxLogLength, {
      module: endpoint.module,
      endpoint: endpoint.name,
      method: endpoint.method,
      url: trace.url,
      status: trace.status,
      result: envelope?.result ?? (failure === undefined ? undefined : false),
      code: envelope?.code ?? (BkError.isInstance(failure) ? failure.code : undefined),
      attempts: trace.attempts,
      durationMs: performance.now() - started,
      requestId: config.requestId,
      username: config.username,
      tenantId: trace.tenantId,
      cached: trace.cached,
      stubbed: trace.stubbed,
      params: trace.params,
      response: envelope?.data,
      error: failure,
    });
  }
}
