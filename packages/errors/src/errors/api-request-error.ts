import type { ErrorName } from '../error-codes.js';
import { truncateText } from '../redact.js';
import { ApiError } from './api-error.js';
import type { BkErrorOptions } from './bk-error.js';
import { hasMarker } from './has-marker.js';

const marker = 'x.errors.ApiRequestError';
const symbol = Symbol.for(marker);

/** Why a request failed before a usable result came back. */
export type ApiRequestFailure =
  /** The connection failed (refused, reset, DNS). */
  | 'network'
  /** An attempt, or the whole call, ran past its timeout. */
  | 'timeout'
  /** The server answered with a non-2xx status. */
  | 'http-status'
  /** A 2xx answer whose body is not JSON (an HTML page from a proxy, a cut body). */
  | 'invalid-json'
  /** The peer answered, but not in the expected protocol (a web server where Kafka should be). */
  | 'protocol'
  /** The body was larger than the configured byte cap. */
  | 'response-too-large'
  /** The caller aborted the call. */
  | 'aborted'
  /** The request could not be built (e.g. an unsupported method). */
  | 'invalid-request';

/** What the BlueKing API gateway said about a failure, from its `X-Bkapi-*` response headers. */
export interface GatewayErrorInfo {
  /** `X-Bkapi-Request-Id` */
  readonly requestId?: string | undefined;
  /** `X-Bkapi-Error-Code` */
  readonly errorCode?: string | undefined;
  /** `X-Bkapi-Error-Message` */
  readonly errorMessage?: string | undefined;
}

/** Options of an {@link ApiRequestError}. */
export interface ApiRequestErrorOptions extends BkErrorOptions {
  /** Why the request failed. */
  readonly failure: ApiRequestFailure;
  /** HTTP status, when the server answered. */
  readonly status?: number | undefined;
  /** The request URL; user info and secret query parameters are redacted. */
  readonly url?: string | undefined;
  /** The HTTP method. */
  readonly method?: string | undefined;
  /** The response content type. */
  readonly contentType?: string | undefined;
  /** The response body; truncated to `maxBodyLength` characters and redacted. */
  readonly responseBody?: string | undefined;
  /** Characters of `responseBody` kept. @default 2000 */
  readonly maxBodyLength?: number | undefined;
  /** Whether repeating the request may succeed (429/502/503/504, network failures, timeouts). */
  readonly isRetryable?: boolean | undefined;
  /**
   * Whether the request may have reached the server: `false` only when the connection failed
   * before a byte was sent (refused, DNS, unreachable), so repeating a send cannot duplicate it.
   */
  readonly requestSent?: boolean | undefined;
  /** How long the server asked to wait before trying again (`Retry-After`), in milliseconds. */
  readonly retryAfterMs?: number | undefined;
  /** The gateway's `X-Bkapi-*` headers. */
  readonly gateway?: GatewayErrorInfo | undefined;
  /** A trace id the remote returned (unify-query's `trace_id`). */
  readonly traceId?: string | undefined;
  /** The module that was called. */
  readonly module?: string | undefined;
  /** The endpoint that was called. */
  readonly endpoint?: string | undefined;
}

const retryableStatuses = new Set([408, 429, 500, 502, 503, 504]);

/**
 * A request that did not produce a usable result: a network failure, a timeout, a non-2xx
 * status, or a body that is not JSON (`3600015`). It keeps the status, the URL without secrets,
 * the content type, a truncated and redacted body, and the gateway's `X-Bkapi-*` headers.
 * @example
 * catch (error) {
 *   if (ApiRequestError.isInstance(error) && error.status === 503) scheduleLater();
 * }
 */
export class ApiRequestError extends ApiError {
  private readonly [symbol] = true;
  protected static override readonly errorName: ErrorName = 'ApiRequestError';

  /** Why the request failed. */
  readonly failure: ApiRequestFailure;
  /** HTTP status, when the server answered. */
  readonly status: number | undefined;
  /** The request URL without secrets. */
  readonly url: string | undefined;
  /** The HTTP method. */
  readonly method: string | undefined;
  /** The response content type. */
  readonly contentType: string | undefined;
  /** The response body, truncated and redacted. */
  readonly responseBody: string | undefined;
  /**
   * Whether repeating the request may succeed. It says nothing about safety: for a send, check
   * `requestSent` too — only `requestSent === false` proves the server never saw it.
   */
  readonly isRetryable: boolean;
  /** Whether the request may have reached the server; `undefined` when unknown. */
  readonly requestSent: boolean | undefined;
  /** How long the server asked to wait before trying again, in milliseconds. */
  readonly retryAfterMs: number | undefined;
  /** The gateway's `X-Bkapi-*` headers. */
  readonly gateway: GatewayErrorInfo | undefined;
  /** A trace id the remote returned. */
  readonly traceId: string | undefined;
  /** The module that was called. */
  readonly module: string | undefined;
  /** The endpoint that was called. */
  readonly endpoint: string | undefined;

  constructor(options: ApiRequestErrorOptions) {
    super(options);
    this.failure = options.failure;
    this.status = options.status;
    this.url = options.url === undefined ? undefined : this.redactor.url(options.url);
    this.method = options.method;
    this.contentType = options.contentType;
    this.responseBody = options.responseBody === undefined ? undefined : this.redactor.text(truncateText(options.responseBody, options.maxBodyLength ?? 2000));
    this.isRetryable =
      options.isRetryable ??
      (options.failure === 'network' || options.failure === 'timeout' || (options.status !== undefined && retryableStatuses.has(options.status)));
    this.requestSent = options.requestSent;
    this.retryAfterMs = options.retryAfterMs;
    this.gateway = options.gateway === undefined ? undefined : (this.redactor.value(options.gateway) as GatewayErrorInfo);
    this.traceId = options.traceId;
    this.module = options.module;
    this.endpoint = options.endpoint;
  }

  /** Whether `error` is an ApiRequestError, from this or any other copy of `@x/errors`. */
  static override isInstance(error: unknown): error is ApiRequestError {
    return hasMarker(error, marker);
  }

  protected override jsonFields(): Record<string, unknown> {
    return {
      failure: this.failure,
      status: this.status,
      url: this.url,
      method: this.method,
      contentType: this.contentType,
      responseBody: this.responseBody,
      isRetryable: this.isRetryable,
      requestSent: this.requestSent,
      retryAfterMs: this.retryAfterMs,
      gateway: this.gateway,
      traceId: this.traceId,
      module: this.module,
      endpoint: this.endpoint,
    };
  }
}
