import { ValidationError } from '@x/errors';
import type { Dispatcher } from 'undici';
import { createMemoryCacheStore } from '../cache/memory-cache-store.js';
import type { CacheStore } from '../cache/cache-store.js';
import type { RequestContext } from '../context/request-context.js';
import type { Endpoint } from '../endpoint/define-endpoint.js';
import { silentLogger, type Logger } from '../logging/logger.js';
import type { RetryBudgetSettings } from '../retry/retry-budget.js';
import { DEFAULT_RETRY_POLICY, type NormalizedRetryPolicy, type RetryPolicy } from '../retry/retry-policy.js';
import { resolveAppCode, resolveAppSecret } from '../settings/environment.js';
import { VERSION } from '../version.js';
import type { BkClientSettings, CallOptions, FetchFunction, Lazy, TenantLookup, TlsSettings } from './client-settings.js';

// Every setting and option is defaulted, merged and checked here, and nowhere else.

/** The default of `tenantId`: BlueKing's single-tenant id (bklog's `BK_APP_TENANT_ID`). */
export const DEFAULT_TENANT_ID = 'system';
/** The default per-attempt timeout in ms (bklog's `default_timeout=60` seconds). */
export const DEFAULT_TIMEOUT = 60_000;
/**
 * The default time budget of a whole call, attempts and the waits between them included: 90 s.
 * bklog has none, so a host that accepts connections and never answers held a call for
 * 3 attempts × 60 s; this bounds it to one full attempt and part of another.
 */
export const DEFAULT_TOTAL_TIMEOUT = 90_000;
/** The default cap of a response body: 50 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 50 * 1024 * 1024;
/** The default length of params and response in a log record (bklog's `max_*_record`). */
export const DEFAULT_MAX_LOG_LENGTH = 5000;
/** The default page size and chunk size (bklog's `BULK_REQUEST_LIMIT`). */
export const DEFAULT_PAGE_LIMIT = 500;
/** The default number of pages or chunks requested at once. */
export const DEFAULT_CONCURRENCY = 5;

/** The client's settings with every default applied. */
export interface NormalizedSettings {
  readonly baseUrl: () => string;
  readonly root: (name: string) => string;
  readonly appCode: string | undefined;
  readonly appSecret: string | undefined;
  readonly username: string | undefined;
  readonly tenantId: string;
  readonly resolveTenant: ((lookup: TenantLookup) => string | undefined | Promise<string | undefined>) | undefined;
  readonly language: string | undefined;
  readonly timeout: number;
  readonly totalTimeout: number | false;
  readonly retry: RetryPolicy | false | undefined;
  readonly retryBudget: RetryBudgetSettings | false;
  readonly cache: CacheStore | undefined;
  readonly cacheIsDefault: boolean;
  readonly logger: Logger;
  readonly maxLogLength: number;
  readonly fetch: FetchFunction | undefined;
  readonly dispatcher: Dispatcher | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly userAgent: string;
  readonly maxResponseBytes: number;
  readonly tls: TlsSettings;
  readonly maxConnections: number;
  readonly tracer: boolean;
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

function memoize(name: string, value: Lazy<string> | undefined): () => string {
  let cached: string | undefined;
  return () => {
    if (cached !== undefined) return cached;
    const resolved = typeof value === 'function' ? value() : value;
    if (resolved === undefined || resolved === '') {
      throw new ValidationError({
        message: `${name} is not configured: set it in the client settings`,
        issues: [{ path: [name], message: 'is required by this endpoint', code: 'missing_setting' }],
      });
    }
    refuseUrlCredentials(name, resolved);
    cached = resolved;
    return resolved;
  };
}

/**
 * A root URL with `user:password@` would put the password into every error, log line and span that
 * names the URL, and fetch refuses it anyway. BlueKing authenticates with `X-Bkapi-Authorization`,
 * never with URL credentials, so there is nothing to move them into: they are refused, naming the
 * setting and never echoing the URL.
 */
function refuseUrlCredentials(name: string, url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not an absolute URL: the request builder reports it, without credentials to hide.
    return;
  }
  if (parsed.username === '' && parsed.password === '') return;
  throw new ValidationError({
    message: `${name} contains a user name or password (user:password@host): remove them; BlueKing APIs authenticate with the app code and secret`,
    issues: [{ path: [name], message: 'must not contain credentials', code: 'credentials_in_url' }],
  });
}

/** Applies every default to the client settings. Never throws: what is missing fails at a call. */
export function normalizeSettings(settings: BkClientSettings = {}): NormalizedSettings {
  const roots = new Map<string, () => string>();
  for (const [name, value] of Object.entries(settings.roots ?? {})) roots.set(name, memoize(`roots.${name}`, value));
  const cacheIsDefault = settings.cache === undefined;
  return {
    baseUrl: memoize('baseUrl', settings.baseUrl),
    root: (name) => (roots.get(name) ?? memoize(`roots.${name}`, undefined))(),
    appCode: settings.appCode,
    appSecret: settings.appSecret,
    username: settings.username === '' ? undefined : settings.username,
    tenantId: settings.tenantId === undefined || settings.tenantId === '' ? DEFAULT_TENANT_ID : settings.tenantId,
    resolveTenant: settings.resolveTenant,
    language: settings.language,
    timeout: positive(settings.timeout, DEFAULT_TIMEOUT),
    totalTimeout: settings.totalTimeout === false ? false : positive(settings.totalTimeout, DEFAULT_TOTAL_TIMEOUT),
    retry: settings.retry,
    retryBudget: settings.retryBudget ?? {},
    cache: settings.cache === false ? undefined : (settings.cache ?? createMemoryCacheStore()),
    cacheIsDefault,
    logger: settings.logger ?? silentLogger,
    maxLogLength: positive(settings.maxLogLength, DEFAULT_MAX_LOG_LENGTH),
    fetch: settings.fetch,
    dispatcher: settings.dispatcher,
    headers: { ...settings.headers },
    userAgent: settings.userAgent === undefined || settings.userAgent === '' ? `x-core-client/${VERSION}` : `${settings.userAgent} x-core-client/${VERSION}`,
    maxResponseBytes: positive(settings.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES),
    tls: { rejectUnauthorized: settings.tls?.rejectUnauthorized ?? true, ca: settings.tls?.ca },
    maxConnections: positive(settings.maxConnections, 64),
    tracer: settings.tracer ?? true,
  };
}

/** The app credentials, from the settings or the environment; throws a ValidationError naming the variables. */
export function resolveCredentials(settings: NormalizedSettings): { readonly appCode: string; readonly appSecret: string } {
  return { appCode: resolveAppCode(settings.appCode), appSecret: resolveAppSecret(settings.appSecret) };
}

/**
 * Merges retry policies, later layers winning field by field (`backoff` one level deeper);
 * `false` in a layer means one attempt. Always returns a fresh object: no layer is changed.
 */
export function mergeRetryPolicies(...layers: readonly (RetryPolicy | false | undefined)[]): NormalizedRetryPolicy {
  let merged: NormalizedRetryPolicy = DEFAULT_RETRY_POLICY;
  for (const layer of layers) {
    if (layer === undefined) continue;
    if (layer === false) {
      merged = { ...merged, attempts: 1 };
      continue;
    }
    merged = {
      attempts: layer.attempts !== undefined && Number.isInteger(layer.attempts) && layer.attempts >= 1 ? layer.attempts : merged.attempts,
      backoff: {
        initialDelay: layer.backoff?.initialDelay ?? merged.backoff.initialDelay,
        factor: layer.backoff?.factor ?? merged.backoff.factor,
        maxDelay: layer.backoff?.maxDelay ?? merged.backoff.maxDelay,
        jitter: layer.backoff?.jitter ?? merged.backoff.jitter,
      },
      maxRetryAfter: layer.maxRetryAfter ?? merged.maxRetryAfter,
      statuses: layer.statuses === undefined ? merged.statuses : [...layer.statuses],
      retryOnTimeout: layer.retryOnTimeout ?? merged.retryOnTimeout,
      retryOnNetworkError: layer.retryOnNetworkError ?? merged.retryOnNetworkError,
      retryOnInvalidJson: layer.retryOnInvalidJson ?? merged.retryOnInvalidJson,
      shouldRetryResult: layer.shouldRetryResult ?? merged.shouldRetryResult,
    };
  }
  return merged;
}

/** Everything one call runs with, after settings, endpoint, context and call options are merged. */
export interface CallConfig {
  readonly timeout: number;
  readonly totalTimeout: number | false;
  readonly retry: NormalizedRetryPolicy;
  readonly raw: boolean;
  readonly throwOnResultFalse: boolean;
  readonly signal: AbortSignal | undefined;
  readonly requestId: string;
  readonly tenantOverride: string | undefined;
  readonly contextTenantId: string;
  readonly language: string | undefined;
  readonly username: string | undefined;
  /** The user of the request (call option or context), without the client's backend account. */
  readonly requestUsername: string | undefined;
  readonly bkToken: string | undefined;
  readonly accessToken: string | undefined;
  readonly bkTicket: string | undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** Merges the settings, the endpoint, the request context and the call's options for one call. */
export function resolveCallConfig(settings: NormalizedSettings, endpoint: Endpoint, options: CallOptions, context: RequestContext | undefined): CallConfig {
  return {
    timeout: positive(options.timeout, positive(endpoint.timeout, settings.timeout)),
    totalTimeout:
      options.totalTimeout === undefined
        ? settings.totalTimeout
        : options.totalTimeout === false
          ? false
          : positive(options.totalTimeout, DEFAULT_TOTAL_TIMEOUT),
    retry: mergeRetryPolicies(settings.retry, endpoint.retry, options.retry),
    raw: options.raw ?? false,
    throwOnResultFalse: options.throwOnResultFalse ?? true,
    signal: options.signal,
    requestId: nonEmpty(options.requestId) ?? nonEmpty(context?.requestId) ?? crypto.randomUUID(),
    tenantOverride: nonEmpty(options.tenantId),
    contextTenantId: nonEmpty(context?.tenantId) ?? settings.tenantId,
    language: nonEmpty(context?.language) ?? settings.language,
    username: nonEmpty(options.username) ?? nonEmpty(context?.username) ?? settings.username,
    requestUsername: nonEmpty(options.username) ?? nonEmpty(context?.username),
    bkToken: nonEmpty(options.bkToken) ?? nonEmpty(context?.bkToken),
    accessToken: nonEmpty(options.accessToken) ?? nonEmpty(context?.accessToken),
    bkTicket: nonEmpty(options.bkTicket) ?? nonEmpty(context?.bkTicket),
  };
}
