import { isIP } from 'node:net';
import type { Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { TLSSocket } from 'node:tls';
import * as z from 'zod';
import { parseInput } from '../infra-validation.js';
import { probeError } from '../probe/infra-probe-error.js';
import type { InfraProbeStage } from '../probe/infra-probe-error.js';
import { connectTcp, DEFAULT_CONNECT_TIMEOUT_MS, stripBrackets } from '../probe/infra-tcp-connect.js';
import { VERSION } from '../version.js';
import { decodeApiVersionsResponse, DEFAULT_MAX_FRAME_BYTES, encodeApiVersionsRequest, KafkaDecodeError, KafkaFrameReader, UNSUPPORTED_VERSION } from './kafka-api-versions.js';
import type { ApiVersionsResponse, ApiVersionsVersion, KafkaApiVersionRange } from './kafka-api-versions.js';

const caSchema = z.union([z.string(), z.instanceof(Buffer), z.array(z.union([z.string(), z.instanceof(Buffer)]))]);
const tlsSchema = z.union([
  z.boolean(),
  z.object({ rejectUnauthorized: z.boolean().optional(), ca: caSchema.optional(), servername: z.string().min(1).optional() }),
]);

/** Options of {@link probeKafka}, as validated. */
export const kafkaProbeOptionsSchema = z.object({
  host: z.string().trim().min(1, 'host is required'),
  port: z.number().int().min(1).max(65535),
  tls: tlsSchema.default(false),
  clientId: z.string().max(200).default('x-infra'),
  timeoutMs: z.number().int().positive().default(10_000),
  connectTimeoutMs: z.number().int().positive().default(DEFAULT_CONNECT_TIMEOUT_MS),
  maxFrameBytes: z.number().int().min(64).max(DEFAULT_MAX_FRAME_BYTES * 16).default(DEFAULT_MAX_FRAME_BYTES),
  signal: z.instanceof(AbortSignal).optional(),
});

/** TLS of a Kafka probe (`SSL` / `SASL_SSL` listeners). Certificates are verified by default. */
export interface KafkaProbeTlsOptions {
  /**
   * Whether the broker certificate is verified; `false` is an explicit, per-cluster opt-in.
   * @default true
   */
  readonly rejectUnauthorized?: boolean | undefined;
  /** Extra trusted CA certificates (PEM). */
  readonly ca?: string | Buffer | (string | Buffer)[] | undefined;
  /** The TLS server name. @default the host, unless it is an IP address */
  readonly servername?: string | undefined;
}

/**
 * Options of {@link probeKafka}.
 * @example
 * await probeKafka({ host: 'kafka-1.example.com', port: 9092 });
 */
export interface KafkaProbeOptions {
  /** Host name, IPv4 or IPv6 address (brackets optional). */
  readonly host: string;
  /** The broker port, e.g. 9092. */
  readonly port: number;
  /**
   * TLS for `SSL`/`SASL_SSL` listeners: `true` (verified) or options.
   * @default false
   */
  readonly tls?: boolean | KafkaProbeTlsOptions | undefined;
  /** The request header's client id. @default 'x-infra' */
  readonly clientId?: string | undefined;
  /**
   * Milliseconds the TLS handshake and each ApiVersions exchange may take.
   * @default 10000
   */
  readonly timeoutMs?: number | undefined;
  /**
   * Milliseconds the TCP connect may take (never more than `timeoutMs`).
   * @default 2000
   */
  readonly connectTimeoutMs?: number | undefined;
  /**
   * The largest answer frame read; a bigger declared size is a `protocol` failure.
   * @default 1048576
   */
  readonly maxFrameBytes?: number | undefined;
  /** Aborts the probe. */
  readonly signal?: AbortSignal | undefined;
}

/** What a successful {@link probeKafka} found. */
export interface KafkaProbeResult {
  /** Always `true`: a failed probe throws instead. */
  readonly reachable: true;
  readonly host: string;
  readonly port: number;
  /** The address the TCP connect reached. */
  readonly address: string;
  readonly family: 4 | 6;
  /** Whether the connection used TLS. */
  readonly tls: boolean;
  /** The ApiVersions version the broker answered: 3, or 0 after an UNSUPPORTED_VERSION answer. */
  readonly apiVersionsVersion: ApiVersionsVersion;
  /** Every api the broker supports, with its version range. */
  readonly apis: readonly KafkaApiVersionRange[];
  /** The lowest and highest api key advertised. */
  readonly apiKeyRange: { readonly min: number; readonly max: number };
  /** The broker's throttle time (v1+). */
  readonly throttleTimeMs: number | undefined;
  /** Milliseconds of the TCP connect. */
  readonly tcpConnectMs: number;
  /** Milliseconds of the TLS handshake, when `tls` is on. */
  readonly tlsHandshakeMs: number | undefined;
  /** Milliseconds of the ApiVersions exchange(s). */
  readonly apiVersionsMs: number;
  /** Milliseconds of the whole probe. */
  readonly totalMs: number;
}

type ProbeFailure = Parameters<typeof probeError>[0]['failure'];

class StageFailure extends Error {
  constructor(
    readonly stage: InfraProbeStage,
    readonly failure: ProbeFailure,
    readonly reason: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

function round(milliseconds: number): number {
  return Math.round(milliseconds * 100) / 100;
}

function handshake(socket: Socket, host: string, options: true | KafkaProbeTlsOptions, timeoutMs: number): Promise<TLSSocket> {
  const settings = options === true ? {} : options;
  return new Promise((resolve, reject) => {
    const secure = connectTls({
      socket,
      rejectUnauthorized: settings.rejectUnauthorized ?? true,
      ...(settings.ca === undefined ? {} : { ca: settings.ca }),
      ...(settings.servername !== undefined ? { servername: settings.servername } : isIP(host) === 0 ? { servername: host } : {}),
    });
    const timer = setTimeout(() => {
      secure.destroy();
      reject(new StageFailure('tls', 'timeout', 'ETIMEDOUT', `TLS handshake got no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    secure.once('secureConnect', () => {
      clearTimeout(timer);
      secure.removeAllListeners('error');
      secure.on('error', () => undefined);
      resolve(secure);
    });
    secure.once('error', (error: Error & { code?: string }) => {
      clearTimeout(timer);
      secure.destroy();
      reject(new StageFailure('tls', 'network', error.code ?? 'tls', `TLS handshake failed: ${error.message}`, { cause: error }));
    });
  });
}

function exchange(socket: Socket, request: Buffer, timeoutMs: number, maxFrameBytes: number, signal: AbortSignal | undefined): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const reader = new KafkaFrameReader(maxFrameBytes);
    const finish = (outcome: { frame: Buffer } | { error: StageFailure }): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      socket.off('error', onError);
      signal?.removeEventListener('abort', onAbort);
      if ('frame' in outcome) resolve(outcome.frame);
      else reject(outcome.error);
    };
    const onData = (chunk: Buffer): void => {
      try {
        const frame = reader.push(chunk);
        if (frame !== undefined) finish({ frame });
      } catch (error) {
        finish({ error: new StageFailure('protocol', 'protocol', 'frame-size', error instanceof Error ? error.message : String(error), { cause: error }) });
      }
    };
    const onClose = (): void => {
      const received = reader.buffered;
      finish({ error: new StageFailure('request', 'network', 'closed', `the peer closed the connection ${received === 0 ? 'without answering' : `after ${received} bytes of an incomplete answer`}`) });
    };
    const onError = (error: Error & { code?: string }): void => {
      finish({ error: new StageFailure('request', 'network', error.code ?? 'network', `the connection failed: ${error.message}`, { cause: error }) });
    };
    const onAbort = (): void => {
      finish({ error: new StageFailure('request', 'aborted', 'ABORT_ERR', 'the probe was aborted') });
    };
    const timer = setTimeout(() => {
      finish({ error: new StageFailure('request', 'timeout', 'ETIMEDOUT', `ApiVersions got no answer within ${timeoutMs} ms`) });
    }, timeoutMs);
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.once('error', onError);
    if (signal?.aborted === true) {
      onAbort();
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.write(request);
  });
}

/**
 * Checks that a Kafka broker is reachable and speaks Kafka: a TCP connect (2 s, IPv4 then IPv6),
 * an optional TLS handshake, then a real ApiVersions request (v3, falling back to v0 when the
 * broker answers UNSUPPORTED_VERSION). Reports the apis the broker supports and timings.
 *
 * Throws ApiRequestError with `data.stage` (`tcp`, `tls`, `request`, `protocol`), `data.reason`
 * and `failure`, or ValidationError for bad options.
 * @example
 * const result = await probeKafka({ host: '10.0.0.9', port: 9092 });
 * console.log(result.apiVersionsVersion, result.apis.length, result.totalMs);
 */
export async function probeKafka(options: KafkaProbeOptions): Promise<KafkaProbeResult> {
  const startedAt = performance.now();
  const settings = parseInput(kafkaProbeOptionsSchema, options, 'probe_kafka');
  const host = stripBrackets(settings.host);
  const { port } = settings;
  const connection = await connectTcp({ probe: 'kafka', host, port, timeoutMs: Math.min(settings.connectTimeoutMs, settings.timeoutMs), startedAt, signal: settings.signal });
  let socket: Socket = connection.socket;
  try {
    let tlsHandshakeMs: number | undefined;
    if (settings.tls !== false) {
      const tlsStarted = performance.now();
      socket = await handshake(socket, host, settings.tls, settings.timeoutMs);
      tlsHandshakeMs = performance.now() - tlsStarted;
    }
    const exchangeStarted = performance.now();
    let correlationId = 1;
    const ask = async (version: ApiVersionsVersion): Promise<ApiVersionsResponse> => {
      correlationId += 1;
      const request = encodeApiVersionsRequest({ version, correlationId, clientId: settings.clientId, clientSoftwareName: 'x-infra', clientSoftwareVersion: VERSION });
      const frame = await exchange(socket, request, settings.timeoutMs, settings.maxFrameBytes, settings.signal);
      let response: ApiVersionsResponse;
      try {
        response = decodeApiVersionsResponse(frame, version);
      } catch (error) {
        if (error instanceof KafkaDecodeError) throw new StageFailure('protocol', 'protocol', 'malformed', `malformed ApiVersions answer: ${error.message}`, { cause: error });
        throw error;
      }
      if (response.correlationId !== correlationId) {
        throw new StageFailure('protocol', 'protocol', 'correlation-id', `the answer's correlation id ${response.correlationId} is not the request's ${correlationId}`);
      }
      return response;
    };
    let response = await ask(3);
    if (response.errorCode === UNSUPPORTED_VERSION) response = await ask(0);
    if (response.errorCode !== 0) {
      throw new StageFailure('protocol', 'protocol', `kafka-error-${response.errorCode}`, `ApiVersions v${response.bodyVersion} answered Kafka error code ${response.errorCode}`);
    }
    if (response.apis.length === 0) throw new StageFailure('protocol', 'protocol', 'no-apis', 'ApiVersions answered an empty api list');
    const apiVersionsMs = performance.now() - exchangeStarted;
    const keys = response.apis.map((api) => api.apiKey);
    return {
      reachable: true,
      host,
      port,
      address: connection.address,
      family: connection.family,
      tls: settings.tls !== false,
      apiVersionsVersion: response.bodyVersion,
      apis: response.apis,
      apiKeyRange: { min: Math.min(...keys), max: Math.max(...keys) },
      throttleTimeMs: response.throttleTimeMs,
      tcpConnectMs: round(connection.connectMs),
      tlsHandshakeMs: tlsHandshakeMs === undefined ? undefined : round(tlsHandshakeMs),
      apiVersionsMs: round(apiVersionsMs),
      totalMs: round(performance.now() - startedAt),
    };
  } catch (error) {
    if (error instanceof StageFailure) {
      throw probeError({ probe: 'kafka', stage: error.stage, failure: error.failure, host, port, reason: error.reason, message: error.message, startedAt, cause: error.cause });
    }
    throw error;
  } finally {
    socket.destroy();
  }
}
