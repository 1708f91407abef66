import { ApiRequestError, trustedMessage, trustedText } from '@x/errors';
import type { ApiRequestFailure, TrustedMessage } from '@x/errors';

/** Which probe failed. */
export type InfraProbeKind = 'elasticsearch' | 'kafka';

/**
 * Where a probe failed.
 *
 * - `tcp`: the TCP connection could not be opened (refused, unreachable, unknown host, timeout).
 * - `tls`: the TLS handshake failed (an untrusted or mismatched certificate, a plain-text peer).
 * - `request`: connected, but the request got no complete answer (timeout, connection closed).
 * - `auth`: the server refused the credentials (HTTP 401/403).
 * - `protocol`: the peer answered, but not as Elasticsearch / a Kafka broker does.
 * - `version`: Elasticsearch answered without a version number.
 */
export type InfraProbeStage = 'tcp' | 'tls' | 'request' | 'auth' | 'protocol' | 'version';

/** The `data` of every ApiRequestError a probe throws. */
export interface InfraProbeErrorData {
  readonly probe: InfraProbeKind;
  readonly stage: InfraProbeStage;
  readonly host: string;
  readonly port: number;
  /** A short machine-readable reason, e.g. `ECONNREFUSED`, `401`, `not-elasticsearch`. */
  readonly reason: string;
  /** Milliseconds from the start of the probe to the failure. */
  readonly elapsedMs: number;
  readonly [key: string]: unknown;
}

/** Inputs of {@link probeError}. */
export interface ProbeErrorOptions {
  readonly probe: InfraProbeKind;
  readonly stage: InfraProbeStage;
  readonly failure: ApiRequestFailure;
  readonly host: string;
  readonly port: number;
  readonly reason: string;
  /** What failed, built from our words and foreign parts (`trustedMessage`): only the parts are redacted. */
  readonly message: TrustedMessage;
  readonly startedAt: number;
  readonly status?: number | undefined;
  readonly url?: string | undefined;
  readonly method?: string | undefined;
  readonly cause?: unknown;
  readonly extra?: Readonly<Record<string, unknown>> | undefined;
  /** Literal secrets (the password) scrubbed from everything the error carries. */
  readonly secrets?: readonly (string | undefined)[] | undefined;
}

/**
 * Builds the ApiRequestError a probe throws. `@x/errors` has no dedicated probe error or a
 * `protocol` failure kind, so the stage travels in `data.stage` (see the README's mapping).
 */
export function probeError(options: ProbeErrorOptions): ApiRequestError {
  const data: InfraProbeErrorData = {
    ...options.extra,
    probe: options.probe,
    stage: options.stage,
    host: options.host,
    port: options.port,
    reason: options.reason,
    elapsedMs: Math.round(performance.now() - options.startedAt),
  };
  // Auth, protocol and version failures do not heal by themselves; network trouble may.
  const isRetryable = options.stage === 'tcp' || options.stage === 'request' ? options.failure === 'network' || options.failure === 'timeout' : false;
  return new ApiRequestError({
    failure: options.failure,
    message: trustedMessage`[${trustedText(options.probe)} probe] ${options.message}`,
    data,
    status: options.status,
    url: options.url,
    method: options.method,
    module: 'infra',
    endpoint: options.probe === 'elasticsearch' ? 'probe_elasticsearch' : 'probe_kafka',
    isRetryable,
    cause: options.cause,
    secrets: options.secrets,
  });
}

/** Whether `error` is an ApiRequestError thrown by a probe, with its stage. */
export function isProbeError(error: unknown): error is ApiRequestError & { readonly data: InfraProbeErrorData } {
  if (!ApiRequestError.isInstance(error)) return false;
  const data = error.data;
  return data !== undefined && (data.probe === 'elasticsearch' || data.probe === 'kafka') && typeof data.stage === 'string';
}
