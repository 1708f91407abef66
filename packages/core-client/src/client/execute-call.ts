import { BkError, RetryError, createRedactor, type Redactor } from '@x/errors';
import { createCacheKey } from '../cache/cache-key.js';
import type { RequestContext } from '../context/request-context.js';
import type { BeforeRequestContext, Endpoint } from '../endpoint/define-endpoint.js';
import { validateInput, validateOutput } from '../endpoint/validate-params.js';
import { logCall } from '../logging/call-log.js';
import { buildAuthHeader, secretValues } from '../request/auth-header.js';
import { buildRequest } from '../request/build-request.js';
import { copyParams, isPlainObject, parseJsonSafely } from '../request/copy-params.js';
import { buildHeaders } from '../request/request-headers.js';
import type { Envelope } from '../response/envelope.js';
import { startCallSpan, type CallSpan } from '../telemetry/call-span.js';
import type { CallTrace, CheckedOutcome, ClientRuntime, SendOutcome } from './client-runtime.js';
import type { CallOptions } from './client-settings.js';
import { resolveCallConfig, resolveCredentials } from './normalize-settings.js';
import { resultError, retryReason, sendRequest, type SendPlan } from './send-request.js';

function cachedOutcome(text: string): SendOutcome | undefined {
  try {
    const envelope = parseJsonSafely(text);
    if (!isPlainObject(envelope)) return undefined;
    return {
      envelope: envelope as unknown as Envelope,
      failure: undefined,
      attemptErrors: [],
      attempts: 0,
      status: undefined,
      gatewayRequestId: undefined,
      cached: true,
    };
  } catch {
    return undefined;
  }
}

/**
 * Runs one call: validate input → tenant → `before` → stub or (cache → single flight → send with
 * retries → envelope checks → `after`) → output → result; logs one record and ends one span.
 */
export async function executeCall(
  runtime: ClientRuntime,
  endpoint: Endpoint,
  params: unknown,
  options: CallOptions,
  context: RequestContext | undefined,
): Promise<unknown> {
  const started = performance.now();
  const { settings } = runtime;
  const config = resolveCallConfig(settings, endpoint, options, context);
  let secrets: string[] = secretValues(
    { appSecret: settings.appSecret, bkToken: config.bkToken, accessToken: config.accessToken, bkTicket: config.bkTicket },
    undefined,
  );
  // Built when a log record, span attribute or span error needs it (often never), once per secret set.
  let redactor: Redactor | undefined;
  let redactorSecrets: readonly string[] | undefined;
  const getRedactor = (): Redactor => {
    if (redactor === undefined || redactorSecrets !== secrets) {
      redactor = createRedactor({ secrets });
      redactorSecrets = secrets;
    }
    return redactor;
  };
  const addSecrets = (extra: readonly string[]): void => {
    if (extra.some((secret) => !secrets.includes(secret))) secrets = [...new Set([...secrets, ...extra])];
  };
  const trace: CallTrace = {
    url: undefined,
    status: undefined,
    attempts: 0,
    tenantId: undefined,
    params: undefined,
    cached: false,
    stubbed: false,
    envelope: undefined,
  };
  const starting = startCallSpan(
    settings.tracer,
    `${endpoint.module}.${endpoint.name}`,
    () => ({ 'http.request.method': endpoint.method, 'bk.module': endpoint.module, 'bk.endpoint': endpoint.name, 'bk.request_id': config.requestId }),
    getRedactor,
  );
  const span: CallSpan = starting instanceof Promise ? await starting : starting;

  const run = async (): Promise<unknown> => {
    if (runtime.isClosed()) throw new BkError({ message: `The client is closed; ${endpoint.module}.${endpoint.name} was not called` });
    // An endpoint outside BlueKing (authenticate: false) needs no credentials and is sent none.
    const credentials = endpoint.authenticate ? resolveCredentials(settings) : undefined;
    if (credentials !== undefined) addSecrets([credentials.appSecret]);
    const appCode = credentials?.appCode ?? settings.appCode ?? '';
    const validated = await validateInput(endpoint, params, secrets);
    trace.params = validated;
    const beforeContext: BeforeRequestContext = {
      username: config.username,
      requestUsername: config.requestUsername,
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
    // `validated` is the call's own copy, so the hook may change it; what it returns is copied
    // once (it may share objects with the caller or carry `__proto__` keys).
    const wireParams = endpoint.before === undefined ? validated : copyParams(await endpoint.before(validated, { ...beforeContext, tenantId }));
    if (!isPlainObject(wireParams)) throw new BkError({ message: `${endpoint.module}.${endpoint.name}: before() must return an object` });
    trace.params = wireParams;
    addSecrets(secretValues({}, wireParams));

    if (endpoint.defaultReturnValue !== undefined) {
      trace.stubbed = true;
      const envelope: Envelope = { result: true, code: 0, message: '', data: endpoint.defaultReturnValue };
      trace.envelope = envelope;
      return config.raw ? envelope : envelope.data;
    }

    const built = await buildRequest(endpoint, wireParams, endpoint.root === undefined ? settings.baseUrl : () => settings.root(endpoint.root ?? ''));
    trace.url = built.url;
    if (span.isRecording()) span.setAttributes({ 'url.full': getRedactor().url(built.url) });
    const authorization =
      credentials === undefined
        ? undefined
        : buildAuthHeader(
            {
              appCode: credentials.appCode,
              appSecret: credentials.appSecret,
              username: config.username,
              bkToken: config.bkToken,
              accessToken: config.accessToken,
              bkTicket: config.bkTicket,
            },
            wireParams,
          );
    const headers = buildHeaders(runtime.headers, endpoint, built, config, tenantId, authorization);
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
      const sent = await sendRequest(runtime, plan, signal, trace);
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
        credentials: [config.bkToken, config.accessToken, config.bkTicket],
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
    failure = BkError.isInstance(error)
      ? error
      : new BkError({ message: error instanceof Error ? error.message : String(error), cause: error, secrets, requestId: config.requestId });
    throw failure;
  } finally {
    const envelope = trace.envelope;
    if (span.isRecording()) {
      span.setAttributes({
        'http.response.status_code': trace.status,
        'bk.retry_count': Math.max(0, trace.attempts - 1),
        'bk.tenant_id': trace.tenantId,
      });
    }
    span.end(failure);
    // The record is only built for a logger that keeps it (never for the default silent one).
    logCall(settings.logger, getRedactor, settings.maxLogLength, failure !== undefined, () => ({
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
    }));
    // ky's hooks close over `trace`, and ky's Request sits behind a WeakRef (its signal), which a
    // minor GC keeps alive: holding the response here would carry every page into the old
    // generation (paginate's RSS grew ~200 MB from that alone).
    trace.envelope = undefined;
    trace.params = undefined;
  }
}
