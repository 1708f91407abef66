import type { Dispatcher } from 'undici';
import type { RetryBudgetSettings } from '../retry/retry-budget.js';
import type { CacheStore } from '../cache/cache-store.js';
import type { Logger } from '../logging/logger.js';
import type { RetryPolicy } from '../retry/retry-policy.js';

/** A `fetch` function: the standard signature ky calls. */
export type FetchFunction = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/** A value given directly, or computed when first needed (so creating a client never throws). */
export type Lazy<T> = T | (() => T);

/** The fields a tenant may be derived from; exactly one is set per lookup. */
export interface TenantLookup {
  readonly bk_biz_id?: string | number | undefined;
  readonly space_uid?: string | undefined;
  readonly result_table_id?: string | undefined;
}

/**
 * TLS of the default transport. Certificates are verified by default.
 * @example tls: { ca: readFileSync('/etc/bk/ca.pem', 'utf8') } // a private CA
 */
export interface TlsSettings {
  /**
   * Whether server certificates are verified. Setting `false` accepts any certificate (man-in-the-
   * middle included): an explicit opt-in for test environments only. bklog sends every request
   * with `verify=False`; this SDK does not.
   * @default true
   */
  readonly rejectUnauthorized?: boolean | undefined;
  /** Extra trusted CA certificates (PEM), e.g. an internal CA. */
  readonly ca?: string | Buffer | readonly (string | Buffer)[] | undefined;
}

/**
 * Settings of {@link createClient}. Everything is optional at creation; what a call needs and
 * lacks (app code, secret, base URL) raises a ValidationError at that call naming what to set.
 * @example
 * const client = createClient({
 *   baseUrl: 'https://bkapi.example.com/api/c/compapi/v2/cmsi/',
 *   appCode: 'bk_log_search',
 *   appSecret: process.env.BK_APP_SECRET,
 *   username: 'admin',
 *   logger: pino(),
 * });
 */
export interface BkClientSettings {
  /**
   * The root URL of one BlueKing component or gateway; endpoint paths are relative to it. May be
   * a function, evaluated at the first call.
   * @example 'http://paas.example.com/api/c/compapi/v2/cmsi/'
   */
  readonly baseUrl?: Lazy<string> | undefined;
  /**
   * Named extra roots for endpoints with `root`, e.g. bkdata's databus v4 next to v3.
   * @example roots: { databusV4: 'http://paas/api/bk-base/prod/v4/databus/' }
   */
  readonly roots?: Readonly<Record<string, Lazy<string>>> | undefined;
  /**
   * The app code (`bk_app_code`).
   * @default env BK_APP_CODE, else BKPAAS_APP_ID, else APP_ID
   */
  readonly appCode?: string | undefined;
  /**
   * The app secret (`bk_app_secret`). Sent only in `X-Bkapi-Authorization`; redacted from every
   * log record, error and span.
   * @default env BK_APP_SECRET, else BKPAAS_APP_SECRET, else APP_TOKEN
   */
  readonly appSecret?: string | undefined;
  /** The user calls act for when the request context names none (bklog's backend `admin`). */
  readonly username?: string | undefined;
  /**
   * The tenant when neither the call, the endpoint nor the context names one.
   * @default 'system'
   */
  readonly tenantId?: string | undefined;
  /**
   * Derives a tenant from a business id, space uid or result-table id, for endpoints declaring
   * `tenant: { from: ... }`. Results are cached per key. bklog looks these up in its own
   * database; an SDK cannot, so the application supplies the lookup.
   * @example resolveTenant: async ({ bk_biz_id }) => (await spaces.byBiz(bk_biz_id))?.tenantId
   */
  readonly resolveTenant?: ((lookup: TenantLookup) => string | undefined | Promise<string | undefined>) | undefined;
  /** The `blueking-language` header when the context names none, e.g. `zh-hans` or `en`. */
  readonly language?: string | undefined;
  /**
   * Milliseconds per attempt (an endpoint's or call's `timeout` wins).
   * @default 60000
   */
  readonly timeout?: number | undefined;
  /**
   * Milliseconds for a whole call, every attempt and the waits between them included; `false`
   * for no overall limit. When it runs out, the call fails with the reason `totalTimeoutExceeded`.
   * An attempt never runs longer than what is left of it.
   * @default 90000 (90 s: a host that never answers costs one 60 s attempt and 30 s of a second)
   */
  readonly totalTimeout?: number | false | undefined;
  /**
   * The retry policy of every call (merged under endpoint and call policies); `false` disables
   * retrying. Defaults: 3 attempts for idempotent endpoints, 300 ms doubling to at most 10 s
   * with full jitter, statuses 429/502/503/504, timeouts and network failures.
   */
  readonly retry?: RetryPolicy | false | undefined;
  /**
   * The client's retry budget (AWS SDK v3's standard retry quota): a token bucket every call of
   * the client shares. A retry takes 5 tokens (10 after a timeout or connection failure); when the
   * bucket cannot pay, the failure is not retried and the call fails at once with a `RetryError`
   * whose reason is `retryBudgetExhausted`. A successful call gives back what its last retry took,
   * or 1. So a degraded upstream sees at most ~100 extra requests per client, not 2 per call.
   * `false` turns it off. The bucket is per client and per process (not shared through Redis).
   * @default { capacity: 500, retryCost: 5, timeoutRetryCost: 10, successRefund: 1 }
   */
  readonly retryBudget?: RetryBudgetSettings | false | undefined;
  /**
   * Where results of endpoints with `cacheTtl` are kept; `false` disables caching. Concurrent
   * identical calls to an endpoint with `cacheTtl` share one request (single flight) even with
   * `false`: only endpoints without `cacheTtl` send every call.
   * @default an in-memory LRU store (createMemoryCacheStore())
   */
  readonly cache?: CacheStore | false | undefined;
  /**
   * Receives one structured record per call (redacted). Nothing is built for a record the logger
   * would drop (the default silent logger, or `isLevelEnabled(level)` saying no).
   * @default a silent logger
   */
  readonly logger?: Logger | undefined;
  /**
   * Characters of params and response kept in a log record; serialising stops there, and a cut
   * value ends with `…[truncated]`.
   * @default 5000
   */
  readonly maxLogLength?: number | undefined;
  /**
   * Replaces the default transport (undici's dispatcher with a keep-alive pool, loaded by the
   * first call). `tls` and `maxConnections` then do not apply. It is called with
   * `redirect: 'manual'`: a redirect fails the call (with the address it points to) rather than
   * carrying the credentials somewhere the SDK cannot check; the default transport follows
   * redirects within the API's origin.
   */
  readonly fetch?: FetchFunction | undefined;
  /**
   * An undici `Dispatcher` (an `Agent`, a `Pool`, a `MockAgent`...) the default transport sends
   * through instead of creating its own keep-alive pool: several clients (one per integration)
   * given the same `Agent` share its connections, and tests can plug in undici's `MockAgent`.
   * Everything else stays as with the own pool: redirects are followed within the API's origin
   * only, bodies stream under `maxResponseBytes`, timeouts and aborts apply.
   *
   * The dispatcher's own options then govern TLS and connections: `tls` and `maxConnections` do
   * not apply (give the `Agent` `connect: { ca, rejectUnauthorized }` and `connections`). The
   * client never closes it, `close()` included: its owner does, after the clients that use it.
   * With `fetch` also set, `fetch` is the transport and `dispatcher` is not used.
   * @example
   * import { Agent } from 'undici';
   * const pool = new Agent({ connections: 64, connect: { ca: readFileSync('/etc/bk/ca.pem', 'utf8') } });
   * const cmsi = createClient({ baseUrl: cmsiRoot, dispatcher: pool });
   * const bkdata = createClient({ baseUrl: bkdataRoot, dispatcher: pool }); // same connections
   * // ... await cmsi.close(); await bkdata.close(); await pool.close();
   * @default undefined (an own undici Agent with `maxConnections` per origin and `tls`)
   */
  readonly dispatcher?: Dispatcher | undefined;
  /** Headers added to every request; the SDK's own (auth, tenant, request id...) win. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /**
   * Put before `x-core-client/<version>` in `User-Agent`, e.g. `x-cmsi/0.1.0`.
   * @example userAgent: 'x-cmsi/0.1.0'
   */
  readonly userAgent?: string | undefined;
  /**
   * The largest response body read, in bytes; a larger one fails with an ApiRequestError
   * (`response-too-large`) without being buffered.
   * @default 52428800 (50 MiB)
   */
  readonly maxResponseBytes?: number | undefined;
  /** TLS of the default transport's own pool (not of a given `dispatcher`: set it on that). */
  readonly tls?: TlsSettings | undefined;
  /**
   * Connections per origin of the default transport's own keep-alive pool (a given `dispatcher`
   * has its own limit).
   * @default 64
   */
  readonly maxConnections?: number | undefined;
  /**
   * Whether each call is an OpenTelemetry client span (when `@opentelemetry/api` is installed).
   * @default true
   */
  readonly tracer?: boolean | undefined;
}

/**
 * Options of one call; they apply to this call only.
 * @example
 * await client.call(searchLogs, params, { timeout: 5_000, tenantId: 'tencent', signal: controller.signal });
 */
export interface CallOptions {
  /**
   * Return the whole envelope `{result, code, message, data, ...}` instead of `data`.
   * @default false
   */
  readonly raw?: boolean | undefined;
  /**
   * Throw an ApiResultError when the envelope says `result: false` (or a non-zero code). With
   * `false` the data (or the envelope, with `raw`) is returned anyway.
   * @default true
   */
  readonly throwOnResultFalse?: boolean | undefined;
  /** Milliseconds per attempt for this call. */
  readonly timeout?: number | undefined;
  /** Milliseconds for this whole call, retries included; `false` for no overall limit. */
  readonly totalTimeout?: number | false | undefined;
  /** Aborts the call, its retries and their waits at once. */
  readonly signal?: AbortSignal | undefined;
  /** The tenant of this call; wins over the endpoint, context and client. */
  readonly tenantId?: string | undefined;
  /** This call's retry policy, merged over the endpoint's and client's; never stored. */
  readonly retry?: RetryPolicy | false | undefined;
  /** The request id of this call (`X-Request-Id`); else the context's, else a new UUID. */
  readonly requestId?: string | undefined;
  /**
   * The user this call acts for (`bk_username`), over the request context's and the client's:
   * a service can act for a user without `runWithContext`. It counts as the request's user.
   */
  readonly username?: string | undefined;
  /** The user's login token (`bk_token`) for this call, over the context's. Treated as a secret. */
  readonly bkToken?: string | undefined;
  /** An OAuth access token (`access_token`) for this call, over the context's. Treated as a secret. */
  readonly accessToken?: string | undefined;
  /** A login ticket (`bk_ticket`) for this call, over the context's. Treated as a secret. */
  readonly bkTicket?: string | undefined;
}

/**
 * Options of `bulk` and `paginate`.
 * @example
 * const hosts = await client.bulk(listHosts, { bk_biz_id: 2 }, { limit: 200, getData: (data) => data.info });
 */
export interface PageOptions<Data, Item> {
  /**
   * Records per page.
   * @default 500 (bklog's BULK_REQUEST_LIMIT)
   */
  readonly limit?: number | undefined;
  /**
   * The records of one page's data.
   * @default (data) => data.info
   */
  readonly getData?: ((data: Data) => readonly Item[]) | undefined;
  /**
   * The total count, read from the first page's data.
   * @default (data) => data.count
   */
  readonly getCount?: ((data: Data) => number) | undefined;
  /**
   * Pages requested at the same time.
   * @default 5
   */
  readonly concurrency?: number | undefined;
  /** Options of every page's call (`signal`, `timeout`, `tenantId`...); `raw` does not apply. */
  readonly callOptions?: Omit<CallOptions, 'raw'> | undefined;
}

/**
 * Options of `batch` (bklog's `batch_request`): `values` are split into chunks, each sent as
 * `params[key]`.
 * @example
 * const hosts = await client.batch(listHostsByIds, { key: 'bk_host_ids', values: ids, params: { bk_biz_id: 2 } });
 */
export interface BatchOptions<Params, Data, Item> {
  /** The params field each chunk of values is sent in. */
  readonly key: string;
  /** Every value to send; empty sends nothing. */
  readonly values: readonly unknown[];
  /** The params sent with every chunk (copied per chunk). */
  readonly params?: Params | undefined;
  /**
   * Values per request.
   * @default 500 (bklog's BULK_REQUEST_LIMIT)
   */
  readonly chunkSize?: number | undefined;
  /**
   * The records of one chunk's data.
   * @default (data) => data.list (bklog's default), or the data itself when it is an array
   */
  readonly getData?: ((data: Data) => readonly Item[]) | undefined;
  /**
   * Chunks requested at the same time.
   * @default 5
   */
  readonly concurrency?: number | undefined;
  /** Options of every chunk's call (`signal`, `timeout`, `tenantId`...); `raw` does not apply. */
  readonly callOptions?: Omit<CallOptions, 'raw'> | undefined;
}
