import { lazyImport } from '@x/core-client';
import { trustedMessage, trustedText } from '@x/errors';
import type { TrustedMessage } from '@x/errors';
import { isIP } from 'node:net';
import type { Socket } from 'node:net';
import type * as PlatformaticKafka from '@platformatic/kafka';
import type { ConnectionOptions } from '@platformatic/kafka';
import type { KafkaProbeSaslMechanism } from '../infra-constants.js';
import { parseInput } from '../infra-validation.js';
import { probeError } from '../probe/infra-probe-error.js';
import type { InfraProbeStage } from '../probe/infra-probe-error.js';
import { connectTcp, stripBrackets } from '../probe/infra-tcp-connect.js';
import { VERSION } from '../version.js';

// The option schema (and zod with it) loads with the first probe.
const probeSchemas = lazyImport(() => import('../probe/infra-probe-schemas.js'));

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
 * SASL of a Kafka probe (`SASL_PLAINTEXT` / `SASL_SSL` listeners).
 * @example
 * { mechanism: 'SCRAM-SHA-512', username: 'bklog', password: process.env.KAFKA_PASSWORD }
 */
export interface KafkaProbeSaslOptions {
  /** `PLAIN`, `SCRAM-SHA-256` or `SCRAM-SHA-512`. */
  readonly mechanism: KafkaProbeSaslMechanism;
  readonly username: string;
  /** Never appears in results, errors or logs. */
  readonly password: string;
}

/**
 * Options of {@link probeKafka}.
 * @example
 * await probeKafka({ host: 'kafka-1.example.com', port: 9093, tls: true, sasl: { mechanism: 'SCRAM-SHA-512', username: 'bklog', password } });
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
  /**
   * SASL for `SASL_PLAINTEXT`/`SASL_SSL` listeners: the probe authenticates before it reads the
   * cluster, so wrong credentials fail the probe.
   * @default none
   */
  readonly sasl?: KafkaProbeSaslOptions | undefined;
  /** The request header's client id. @default 'x-infra' */
  readonly clientId?: string | undefined;
  /**
   * Milliseconds the TLS handshake plus authentication, and each request, may take.
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

/** The ApiVersions version a probe's answer came in: 3, or 0 after an UNSUPPORTED_VERSION answer. */
export type ApiVersionsVersion = 0 | 3;

/** One api the broker supports, with its version range. */
export interface KafkaApiVersionRange {
  readonly apiKey: number;
  /** Kafka's name of the api, when known. */
  readonly name: string | undefined;
  readonly minVersion: number;
  readonly maxVersion: number;
}

/** One broker of the cluster, as Metadata lists it. */
export interface KafkaBrokerInfo {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
  /** The broker's rack (Metadata v1+), when it has one. */
  readonly rack: string | undefined;
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
  /** Whether the probe authenticated with SASL (`sasl` was given and the broker accepted it). */
  readonly authenticated: boolean;
  /** The SASL mechanism used. */
  readonly saslMechanism: KafkaProbeSaslMechanism | undefined;
  /** The mechanisms the broker's SaslHandshake answer listed (only when the probe authenticated). */
  readonly enabledSaslMechanisms: readonly string[] | undefined;
  /** The ApiVersions version the broker answered: 3, or 0 after an UNSUPPORTED_VERSION answer. */
  readonly apiVersionsVersion: ApiVersionsVersion;
  /** Every api the broker supports, with its version range. */
  readonly apis: readonly KafkaApiVersionRange[];
  /** The lowest and highest api key advertised. */
  readonly apiKeyRange: { readonly min: number; readonly max: number };
  /** The broker's throttle time of ApiVersions (v1+). */
  readonly throttleTimeMs: number | undefined;
  /** The Metadata version used: the highest both the broker and the client speak. */
  readonly metadataVersion: number;
  /** The cluster id (Metadata v2+; brokers before 0.10.1 have none). */
  readonly clusterId: string | undefined;
  /** The controller's node id (Metadata v1+; `undefined` when the broker names none). */
  readonly controllerId: number | undefined;
  /** The controller's entry of `brokers`, when it is listed. */
  readonly controller: KafkaBrokerInfo | undefined;
  /** Every live broker of the cluster. */
  readonly brokers: readonly KafkaBrokerInfo[];
  /** Milliseconds of the TCP connect. */
  readonly tcpConnectMs: number;
  /** Milliseconds of the TLS handshake, when `tls` is on. */
  readonly tlsHandshakeMs: number | undefined;
  /** Milliseconds of the SASL exchange (its ApiVersions, SaslHandshake, SaslAuthenticate), when `sasl` is given. */
  readonly authenticationMs: number | undefined;
  /** Milliseconds of the ApiVersions exchange(s). */
  readonly apiVersionsMs: number;
  /** Milliseconds of the Metadata exchange. */
  readonly metadataMs: number;
  /** Milliseconds of the whole probe. */
  readonly totalMs: number;
}

type ProbeFailure = Parameters<typeof probeError>[0]['failure'];
type ApiVersionsResponse = PlatformaticKafka.apiVersionsV3.ApiVersionsResponse;
// v12's shape; older versions leave out what they lack (cluster id before v2, controller before v1).
type MetadataResponse = PlatformaticKafka.metadataV12.MetadataResponse;

// The detail is built from our words and foreign parts (redaction by construction): it is
// rendered only by the SDK error, with the password among the secrets.
class StageFailure extends Error {
  constructor(
    readonly stage: InfraProbeStage,
    readonly failure: ProbeFailure,
    readonly reason: string,
    readonly detail: TrustedMessage,
    options?: ErrorOptions,
  ) {
    super(`the Kafka probe failed at its ${stage} stage (${reason})`, options);
  }
}

type MetadataCall = (connection: PlatformaticKafka.Connection, topics: string[], ...flags: boolean[]) => Promise<MetadataResponse>;

interface KafkaModule {
  readonly Connection: typeof PlatformaticKafka.Connection;
  readonly TimeoutError: typeof PlatformaticKafka.TimeoutError;
  readonly apiVersionsV0: (connection: PlatformaticKafka.Connection, name: string, version: string) => Promise<ApiVersionsResponse>;
  readonly apiVersionsV3: (connection: PlatformaticKafka.Connection, name: string, version: string) => Promise<ApiVersionsResponse>;
  /** Metadata calls by version (0–12). */
  readonly metadata: ReadonlyMap<number, MetadataCall>;
}

let loadingKafka: Promise<KafkaModule> | undefined;

// The client is imported by the first probe, not by importing @x/infra.
async function loadKafka(): Promise<KafkaModule> {
  loadingKafka ??= import('@platformatic/kafka').then(
    (module) => {
      const calls = [
        module.metadataV0,
        module.metadataV1,
        module.metadataV2,
        module.metadataV3,
        module.metadataV4,
        module.metadataV5,
        module.metadataV6,
        module.metadataV7,
        module.metadataV8,
        module.metadataV9,
        module.metadataV10,
        module.metadataV11,
        module.metadataV12,
      ];
      return {
        Connection: module.Connection,
        TimeoutError: module.TimeoutError,
        apiVersionsV0: module.apiVersionsV0.api.async,
        apiVersionsV3: module.apiVersionsV3.api.async,
        metadata: new Map(calls.map((call) => [call.api.version, call.api.async as unknown as MetadataCall])),
      };
    },
    (error: unknown) => {
      loadingKafka = undefined;
      throw error;
    },
  );
  return loadingKafka;
}

// `socket` is typed as always there, but it exists only once `connect()` has started.
function socketOf(connection: PlatformaticKafka.Connection): Socket | undefined {
  const socket: Socket | undefined = connection.socket;
  return socket;
}

function round(milliseconds: number): number {
  return Math.round(milliseconds * 100) / 100;
}

interface ErrorFacts {
  readonly codes: string[];
  readonly messages: string[];
  /** Kafka protocol errors in the chain: `apiId` (e.g. SASL_AUTHENTICATION_FAILED), code, server message. */
  readonly protocolErrors: { apiId: string; apiCode: number; serverErrorMessage: string | undefined }[];
  /** `response` objects carried by the library's ResponseErrors. */
  readonly responses: unknown[];
  readonly names: string[];
  /** Whether the chain holds the library's TimeoutError (whose `code` is PLT_KFK_NETWORK). */
  timedOut: boolean;
}

// Walks `cause` and AggregateError `errors`, as the library nests them (NetworkError → AuthenticationError → ResponseError → ProtocolError).
function errorFacts(error: unknown, timeoutClass?: new (...args: never[]) => Error): ErrorFacts {
  const facts: ErrorFacts = { codes: [], messages: [], protocolErrors: [], responses: [], names: [], timedOut: false };
  const visit = (value: unknown, depth: number): void => {
    if (!(value instanceof Error) || depth > 8) return;
    const record = value as Error & { code?: unknown; apiId?: unknown; apiCode?: unknown; serverErrorMessage?: unknown; response?: unknown };
    if (typeof record.code === 'string') facts.codes.push(record.code);
    facts.messages.push(value.message);
    facts.names.push(value.name);
    if (timeoutClass !== undefined && value instanceof timeoutClass) facts.timedOut = true;
    if (typeof record.apiId === 'string' && typeof record.apiCode === 'number') {
      facts.protocolErrors.push({
        apiId: record.apiId,
        apiCode: record.apiCode,
        serverErrorMessage: typeof record.serverErrorMessage === 'string' ? record.serverErrorMessage : undefined,
      });
    }
    if (record.response !== undefined) facts.responses.push(record.response);
    if (value instanceof AggregateError) for (const inner of value.errors) visit(inner, depth + 1);
    visit(value.cause, depth + 1);
  };
  visit(error, 0);
  return facts;
}

const tlsCodes =
  /CERT|SELF_SIGNED|UNABLE_TO_(?:GET|VERIFY)|ERR_SSL|ERR_TLS|EPROTO|wrong version number|certificate|SSL routines|TLS handshake|secure TLS connection/i;

function looksLikeTlsRecord(chunk: Buffer): boolean {
  // A TLS record: content type 20–23, then version 3.x (RFC 8446 §5.1).
  return chunk.length >= 3 && chunk[0] !== undefined && chunk[0] >= 0x14 && chunk[0] <= 0x17 && chunk[1] === 0x03 && (chunk[2] ?? 0xff) <= 0x04;
}

/**
 * Watches the size prefixes of the answer frames and stops at a declared size outside
 * 4..`maxFrameBytes` as soon as its four bytes arrive, before the client buffers anything large.
 */
function guardFrames(socket: Socket, maxFrameBytes: number, plainText: boolean, onViolation: (failure: StageFailure) => void): void {
  let remaining = 0;
  let header = Buffer.alloc(0);
  let first = true;
  socket.on('data', (chunk: Buffer) => {
    if (first) {
      first = false;
      if (plainText && looksLikeTlsRecord(chunk)) {
        onViolation(
          new StageFailure('tls', 'protocol', 'tls-required', trustedMessage`the broker answered with TLS: its listener is SSL or SASL_SSL (probe with tls)`),
        );
        return;
      }
    }
    let offset = 0;
    while (offset < chunk.length) {
      if (remaining > 0) {
        const take = Math.min(remaining, chunk.length - offset);
        remaining -= take;
        offset += take;
        continue;
      }
      const take = Math.min(4 - header.length, chunk.length - offset);
      header = Buffer.concat([header, chunk.subarray(offset, offset + take)]);
      offset += take;
      if (header.length < 4) return;
      const size = header.readInt32BE(0);
      header = Buffer.alloc(0);
      if (size < 4 || size > maxFrameBytes) {
        onViolation(
          new StageFailure(
            'protocol',
            'protocol',
            'frame-size',
            trustedMessage`frame size ${size} is outside 4..${maxFrameBytes}: the peer does not speak Kafka`,
          ),
        );
        return;
      }
      remaining = size;
    }
  });
}

/**
 * Checks that a Kafka broker is reachable, lets the probe in, and describes its cluster: a TCP
 * connect (2 s, IPv4 then IPv6), then through `@platformatic/kafka` (loaded on the first probe)
 * an optional TLS handshake (verified by default), SASL authentication when `sasl` is given
 * (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512), ApiVersions v3 (v0 when the broker answers
 * UNSUPPORTED_VERSION) and Metadata without topics. Reports the apis, the brokers, the cluster
 * id, the controller and timings.
 *
 * Throws ApiRequestError with `data.stage` (`tcp`, `tls`, `auth`, `request`, `protocol`),
 * `data.reason` and `failure`, or ValidationError for bad options. A wrong password is
 * `auth`/`sasl-authentication-failed`, a mechanism the broker does not enable
 * `auth`/`sasl-mechanism-unsupported`, a broker that wants SASL when none was given
 * `auth`/`sasl-required`. The password never appears in either.
 * @example
 * const result = await probeKafka({ host: '10.0.0.9', port: 9092, sasl: { mechanism: 'SCRAM-SHA-512', username: 'bklog', password } });
 * console.log(result.clusterId, result.brokers.length, result.controller?.host, result.totalMs);
 */
export async function probeKafka(options: KafkaProbeOptions): Promise<KafkaProbeResult> {
  // Loaded before the clock starts: the first probe's timings are the probe's own.
  const { kafkaProbeOptionsSchema } = await probeSchemas();
  const startedAt = performance.now();
  const settings = parseInput(kafkaProbeOptionsSchema, options, 'probe_kafka');
  const host = stripBrackets(settings.host);
  const { port, sasl } = settings;
  const secrets = [sasl?.password];
  const tcp = await connectTcp({
    probe: 'kafka',
    host,
    port,
    timeoutMs: Math.min(settings.connectTimeoutMs, settings.timeoutMs),
    startedAt,
    signal: settings.signal,
  });
  tcp.socket.destroy();

  const kafka = await loadKafka();
  const tlsSettings = settings.tls === false ? undefined : settings.tls === true ? {} : settings.tls;
  const connectionOptions: ConnectionOptions = {
    connectTimeout: settings.timeoutMs,
    requestTimeout: settings.timeoutMs,
    ...(tlsSettings === undefined
      ? {}
      : {
          tls: {
            rejectUnauthorized: tlsSettings.rejectUnauthorized ?? true,
            ...(tlsSettings.ca === undefined ? {} : { ca: tlsSettings.ca }),
            ...(tlsSettings.servername !== undefined ? { servername: tlsSettings.servername } : isIP(host) === 0 ? { servername: host } : {}),
          },
        }),
    ...(sasl === undefined ? {} : { sasl: { mechanism: sasl.mechanism, username: sasl.username, password: sasl.password } }),
  };
  const connection = new kafka.Connection(settings.clientId, connectionOptions);
  // Failures seen beside the library's own callbacks: the frame guard, an abort, a socket error.
  let interrupted: StageFailure | undefined;
  let connectionError: unknown;
  connection.on('error', (error: unknown) => {
    connectionError ??= error;
  });
  let enabledSaslMechanisms: string[] | undefined;
  connection.on('sasl:handshake', (mechanisms: string[]) => {
    enabledSaslMechanisms = mechanisms;
  });
  let phase: 'connect' | 'apiVersions' | 'metadata' = 'connect';
  let apiVersionsAnswered = false;
  const onAbort = (): void => {
    interrupted ??= new StageFailure('request', 'aborted', 'ABORT_ERR', trustedMessage`the probe was aborted`);
    socketOf(connection)?.destroy();
  };

  const classify = (error: unknown): StageFailure => {
    if (interrupted !== undefined) return interrupted;
    if (error instanceof StageFailure) return error;
    const facts = errorFacts(error, kafka.TimeoutError);
    const extra = errorFacts(connectionError, kafka.TimeoutError);
    const all = { codes: [...facts.codes, ...extra.codes], messages: [...facts.messages, ...extra.messages], names: [...facts.names, ...extra.names] };
    const protocolError = facts.protocolErrors[0];
    if (
      protocolError?.apiId === 'SASL_AUTHENTICATION_FAILED' ||
      (facts.codes.includes('PLT_KFK_AUTHENTICATION') && facts.messages.includes('SASL authentication failed.'))
    ) {
      const said = protocolError?.serverErrorMessage;
      return new StageFailure(
        'auth',
        'protocol',
        'sasl-authentication-failed',
        trustedMessage`SASL ${sasl?.mechanism ?? trustedText('')} authentication as "${sasl?.username ?? trustedText('')}" was refused: the user name or password is wrong${said === undefined ? trustedText('') : trustedMessage` (the broker said: ${said})`}`,
        { cause: error },
      );
    }
    if (protocolError?.apiId === 'UNSUPPORTED_SASL_MECHANISM') {
      const listed = facts.responses
        .map((response) => (response as { mechanisms?: unknown }).mechanisms)
        .find((mechanisms): mechanisms is string[] => Array.isArray(mechanisms));
      return new StageFailure(
        'auth',
        'protocol',
        'sasl-mechanism-unsupported',
        trustedMessage`the broker does not enable SASL ${sasl?.mechanism ?? trustedText('')}${listed === undefined ? trustedText('') : trustedMessage`; it enables ${listed.length === 0 ? trustedText('none') : listed.join(', ')}`}`,
        { cause: error },
      );
    }
    if (protocolError?.apiId === 'ILLEGAL_SASL_STATE') {
      return new StageFailure(
        'auth',
        'protocol',
        'sasl-not-enabled',
        trustedMessage`the broker refused the SASL handshake: this listener does not take SASL (PLAINTEXT or SSL); probe without SASL credentials`,
        { cause: error },
      );
    }
    const timedOut = facts.timedOut || extra.timedOut || all.codes.includes('ETIMEDOUT');
    const tlsTrouble =
      tlsSettings !== undefined &&
      phase === 'connect' &&
      (all.codes.some((code) => tlsCodes.test(code)) || all.messages.some((message) => tlsCodes.test(message)));
    if (tlsTrouble) {
      const code = all.codes.find((candidate) => tlsCodes.test(candidate) && !candidate.startsWith('PLT_KFK_'));
      return new StageFailure(
        'tls',
        timedOut ? 'timeout' : 'network',
        code ?? 'tls',
        trustedMessage`TLS handshake with the broker failed: ${all.messages.at(-1) ?? trustedText('connection error')}${tlsSettings.rejectUnauthorized === false ? trustedText('') : trustedText(' (give the CA with ca, or turn verification off only if this broker is known to use an untrusted certificate)')}`,
        { cause: error },
      );
    }
    if (timedOut) {
      const what =
        phase === 'connect'
          ? sasl === undefined
            ? 'the connection'
            : 'the connection and SASL authentication'
          : phase === 'apiVersions'
            ? 'ApiVersions'
            : 'Metadata';
      return new StageFailure(
        tlsSettings !== undefined && phase === 'connect' ? 'tls' : 'request',
        'timeout',
        'ETIMEDOUT',
        trustedMessage`${what} got no answer within ${settings.timeoutMs} ms`,
        { cause: error },
      );
    }
    if (all.codes.includes('PLT_KFK_UNEXPECTED_CORRELATION_ID')) {
      return new StageFailure('protocol', 'protocol', 'correlation-id', trustedMessage`the answer carried a correlation id the probe never sent`, {
        cause: error,
      });
    }
    if (protocolError !== undefined) {
      return new StageFailure(
        'protocol',
        'protocol',
        `kafka-error-${protocolError.apiCode}`,
        trustedMessage`${phase === 'metadata' ? trustedText('Metadata') : trustedText('ApiVersions')} answered Kafka error ${protocolError.apiId} (${protocolError.apiCode})`,
        { cause: error },
      );
    }
    const closed = all.messages.some((message) => /Connection closed|ECONNRESET|socket hang up/i.test(message)) || all.codes.includes('ECONNRESET');
    if (closed && phase === 'metadata' && sasl === undefined && apiVersionsAnswered) {
      // SaslServerAuthenticator allows ApiVersions before authentication and closes on anything else.
      return new StageFailure(
        'auth',
        'protocol',
        'sasl-required',
        trustedMessage`the broker answered ApiVersions, then closed the connection at Metadata: its listener requires SASL authentication (give a mechanism, user name and password)`,
        { cause: error },
      );
    }
    if (closed || all.codes.includes('PLT_KFK_NETWORK')) {
      const code = all.codes.find((candidate) => !candidate.startsWith('PLT_KFK_'));
      return new StageFailure(
        'request',
        'network',
        code ?? 'closed',
        trustedMessage`the broker closed the connection ${phase === 'connect' ? trustedText('while connecting') : trustedMessage`without answering ${phase === 'metadata' ? trustedText('Metadata') : trustedText('ApiVersions')}`}`,
        { cause: error },
      );
    }
    return new StageFailure(
      'protocol',
      'protocol',
      'malformed',
      trustedMessage`malformed ${phase === 'metadata' ? trustedText('Metadata') : trustedText('ApiVersions')} answer: ${facts.messages.at(-1) ?? trustedText('unreadable')}`,
      { cause: error },
    );
  };

  try {
    const connectStarted = performance.now();
    let tlsHandshakeMs: number | undefined;
    const connecting = connection.connect(host, port) as Promise<void>;
    const socket = connection.socket;
    socket.once('connect', () => {
      const tcpDone = performance.now();
      socket.once('secureConnect', () => {
        tlsHandshakeMs = performance.now() - tcpDone;
      });
    });
    guardFrames(socket, settings.maxFrameBytes, tlsSettings === undefined, (failure) => {
      interrupted ??= failure;
      socket.destroy();
    });
    if (settings.signal?.aborted === true) onAbort();
    settings.signal?.addEventListener('abort', onAbort, { once: true });
    await connecting;
    const authenticationMs = sasl === undefined ? undefined : performance.now() - connectStarted - (tlsHandshakeMs ?? 0);

    phase = 'apiVersions';
    const apiVersionsStarted = performance.now();
    let apiVersionsVersion: ApiVersionsVersion = 3;
    let versions: ApiVersionsResponse;
    try {
      versions = await kafka.apiVersionsV3(connection, 'x-infra', VERSION);
    } catch (error) {
      if (interrupted !== undefined || !errorFacts(error).protocolErrors.some((protocolError) => protocolError.apiId === 'UNSUPPORTED_VERSION')) throw error;
      apiVersionsVersion = 0;
      versions = await kafka.apiVersionsV0(connection, 'x-infra', VERSION);
    }
    const apiVersionsMs = performance.now() - apiVersionsStarted;
    apiVersionsAnswered = true;
    if (versions.apiKeys.length === 0) throw new StageFailure('protocol', 'protocol', 'no-apis', trustedMessage`ApiVersions answered an empty api list`);
    const apis: KafkaApiVersionRange[] = versions.apiKeys.map((api) => ({
      apiKey: api.apiKey,
      name: api.name,
      minVersion: api.minVersion,
      maxVersion: api.maxVersion,
    }));

    phase = 'metadata';
    const metadataRange = apis.find((api) => api.apiKey === 3);
    if (metadataRange === undefined)
      throw new StageFailure('protocol', 'protocol', 'no-metadata', trustedMessage`ApiVersions does not list Metadata (api key 3): not a Kafka broker`);
    const metadataVersion = [...kafka.metadata.keys()]
      .filter((version) => version >= metadataRange.minVersion && version <= metadataRange.maxVersion)
      .sort((left, right) => right - left)[0];
    const metadataCall = metadataVersion === undefined ? undefined : kafka.metadata.get(metadataVersion);
    if (metadataVersion === undefined || metadataCall === undefined) {
      throw new StageFailure(
        'protocol',
        'protocol',
        'metadata-version',
        trustedMessage`the broker speaks Metadata v${metadataRange.minVersion}–v${metadataRange.maxVersion}, the client v0–v12`,
      );
    }
    const metadataStarted = performance.now();
    // No topics (an empty list; v0 has no way to ask for none and answers them all), no auto-creation.
    const metadata = await metadataCall(connection, [], false, false, false);
    const metadataMs = performance.now() - metadataStarted;
    const brokers: KafkaBrokerInfo[] = metadata.brokers.map((broker) => ({
      nodeId: broker.nodeId,
      host: broker.host,
      port: broker.port,
      rack: typeof broker.rack === 'string' ? broker.rack : undefined,
    }));
    const controllerId = metadataVersion >= 1 && metadata.controllerId >= 0 ? metadata.controllerId : undefined;
    const keys = apis.map((api) => api.apiKey);
    return {
      reachable: true,
      host,
      port,
      address: tcp.address,
      family: tcp.family,
      tls: tlsSettings !== undefined,
      authenticated: sasl !== undefined,
      saslMechanism: sasl?.mechanism,
      enabledSaslMechanisms,
      apiVersionsVersion,
      apis,
      apiKeyRange: { min: Math.min(...keys), max: Math.max(...keys) },
      throttleTimeMs: apiVersionsVersion === 0 ? undefined : versions.throttleTimeMs,
      metadataVersion,
      clusterId: typeof metadata.clusterId === 'string' && metadata.clusterId !== '' ? metadata.clusterId : undefined,
      controllerId,
      controller: brokers.find((broker) => broker.nodeId === controllerId),
      brokers,
      tcpConnectMs: round(tcp.connectMs),
      tlsHandshakeMs: tlsHandshakeMs === undefined ? undefined : round(tlsHandshakeMs),
      authenticationMs: authenticationMs === undefined ? undefined : round(authenticationMs),
      apiVersionsMs: round(apiVersionsMs),
      metadataMs: round(metadataMs),
      totalMs: round(performance.now() - startedAt),
    };
  } catch (error) {
    const failure = classify(error);
    throw probeError({
      probe: 'kafka',
      stage: failure.stage,
      failure: failure.failure,
      host,
      port,
      reason: failure.reason,
      message: failure.detail,
      startedAt,
      cause: failure.cause ?? error,
      secrets,
    });
  } finally {
    settings.signal?.removeEventListener('abort', onAbort);
    socketOf(connection)?.destroy();
    await connection.close().catch(() => undefined);
  }
}
