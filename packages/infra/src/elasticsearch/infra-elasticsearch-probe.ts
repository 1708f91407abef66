import { lazyImport } from '@x/core-client';
import { trustedMessage, trustedText } from '@x/errors';
import type { TrustedMessage } from '@x/errors';
import type * as Elasticsearch from '@elastic/elasticsearch';
import type { ClientOptions, TransportOptions, TransportResult } from '@elastic/elasticsearch';
import { parseInput } from '../infra-validation.js';
import { probeError } from '../probe/infra-probe-error.js';
import type { InfraProbeStage } from '../probe/infra-probe-error.js';
import type { ElasticsearchRootInfo } from '../probe/infra-probe-schemas.js';
import { connectTcp, stripBrackets, urlHost } from '../probe/infra-tcp-connect.js';

// The option and answer schemas (and zod with them) load with the first probe.
const probeSchemas = lazyImport(() => import('../probe/infra-probe-schemas.js'));

/**
 * Options of {@link probeElasticsearch}.
 * @example
 * await probeElasticsearch({ host: 'es.example.com', port: 9200, schema: 'https', username: 'elastic', password });
 */
export interface ElasticsearchProbeOptions {
  /** Host name, IPv4 or IPv6 address (brackets optional). */
  readonly host: string;
  /** The HTTP port, e.g. 9200. */
  readonly port: number;
  /**
   * `http` or `https`.
   * @default 'http'
   */
  readonly schema?: 'http' | 'https' | undefined;
  /** Basic-auth user; sent only together with a non-empty `password` (as bklog does). */
  readonly username?: string | undefined;
  /** Basic-auth password. Never appears in results, errors or logs. */
  readonly password?: string | undefined;
  /**
   * Whether the server certificate is verified on `https`. `false` accepts any certificate: an
   * explicit, per-cluster opt-in (bklog always used `verify_certs=False`).
   * @default true
   */
  readonly sslVerify?: boolean | undefined;
  /** Extra trusted CA certificates (PEM) for `https`. */
  readonly ca?: string | Buffer | (string | Buffer)[] | undefined;
  /**
   * Milliseconds each HTTP request (`HEAD /`, `GET /`) may take.
   * @default 10000
   */
  readonly timeoutMs?: number | undefined;
  /**
   * Milliseconds the TCP connect may take (never more than `timeoutMs`).
   * @default 2000 (bklog's socket timeout)
   */
  readonly connectTimeoutMs?: number | undefined;
  /** Aborts the probe. */
  readonly signal?: AbortSignal | undefined;
}

/** What a successful {@link probeElasticsearch} found. */
export interface ElasticsearchProbeResult {
  /** Always `true`: a failed probe throws instead. */
  readonly reachable: true;
  readonly host: string;
  readonly port: number;
  readonly schema: 'http' | 'https';
  /** The node URL probed, without credentials. */
  readonly url: string;
  /** The address the TCP connect reached. */
  readonly address: string;
  readonly family: 4 | 6;
  /** `version.number` of `GET /`, e.g. `7.10.2`. */
  readonly version: string;
  /** `version.distribution`, when the server names one. */
  readonly distribution: string | undefined;
  readonly clusterName: string | undefined;
  readonly clusterUuid: string | undefined;
  /** The `X-Elastic-Product` header (absent before Elasticsearch 7.14). */
  readonly product: string | undefined;
  /** Whether credentials were sent. */
  readonly authenticated: boolean;
  /** Milliseconds of the TCP connect. */
  readonly tcpConnectMs: number;
  /** Milliseconds of `HEAD /`. */
  readonly pingMs: number;
  /** Milliseconds of `GET /`. */
  readonly infoMs: number;
  /** Milliseconds of the whole probe. */
  readonly totalMs: number;
}

/**
 * The official client refuses any 2xx answer without `X-Elastic-Product: Elasticsearch`, which
 * only Elasticsearch 7.14+ sends; bklog registers 5.x–7.x clusters too. The probe turns the
 * client's check off and does its own (header, or the classic root document) in {@link checkProduct}.
 */
function probeTransportOf(Transport: typeof Elasticsearch.Transport): typeof Elasticsearch.Transport {
  return class ProbeTransport extends Transport {
    constructor(options: TransportOptions) {
      const { productCheck: _productCheck, ...rest } = options;
      super(rest);
    }
  };
}

interface ElasticsearchModule {
  readonly Client: typeof Elasticsearch.Client;
  readonly errors: typeof Elasticsearch.errors;
  readonly ProbeTransport: typeof Elasticsearch.Transport;
}

let loadingElasticsearch: Promise<ElasticsearchModule> | undefined;

// The official client takes ~200 ms to import: paid by the first probe, not by importing @x/infra.
async function loadElasticsearch(): Promise<ElasticsearchModule> {
  loadingElasticsearch ??= import('@elastic/elasticsearch').then(
    (module) => ({ Client: module.Client, errors: module.errors, ProbeTransport: probeTransportOf(module.Transport) }),
    (error: unknown) => {
      loadingElasticsearch = undefined;
      throw error;
    },
  );
  return loadingElasticsearch;
}

// Elasticsearch 9 clients ask for `compatible-with=9` media types, which 5.x–8.x servers refuse.
const plainJsonHeaders = { accept: 'application/json' } as const;

const tlsCodes = /CERT|SELF_SIGNED|UNABLE_TO_(?:GET|VERIFY)|ERR_SSL|ERR_TLS|EPROTO|wrong version number|certificate|SSL routines/i;

function causeChain(error: unknown): { codes: string[]; messages: string[] } {
  const codes: string[] = [];
  const messages: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    messages.push(current.message);
    current = current.cause;
  }
  return { codes, messages };
}

function round(milliseconds: number): number {
  return Math.round(milliseconds * 100) / 100;
}

function checkProduct(result: TransportResult, info: ElasticsearchRootInfo): string | undefined {
  const product = result.headers['x-elastic-product'];
  if (product === 'Elasticsearch') return undefined;
  if (product === undefined && info.tagline === 'You Know, for Search' && typeof info.version?.number === 'string') return undefined;
  return typeof product === 'string' ? `product-${product}` : 'not-elasticsearch';
}

/**
 * Checks that an Elasticsearch cluster is reachable and answers, as bklog's `connectivity_detect`
 * does: a TCP connect (2 s, IPv4 then IPv6), then `HEAD /` and `GET /` through the official
 * `@elastic/elasticsearch` client, reading `version.number`.
 *
 * Throws ApiRequestError with `data.stage` (`tcp`, `tls`, `request`, `auth`, `protocol`,
 * `version`), `data.reason` and `failure` (`network`, `timeout`, `http-status`, `invalid-json`, `protocol`,
 * `aborted`), or ValidationError for bad options. The password never appears in either.
 * @example
 * const result = await probeElasticsearch({ host: '10.0.0.8', port: 9200, username: 'elastic', password: 'changeme' });
 * console.log(result.version, result.totalMs); // '7.10.2' 12.4
 */
export async function probeElasticsearch(options: ElasticsearchProbeOptions): Promise<ElasticsearchProbeResult> {
  // Loaded before the clock starts: the first probe's timings are the probe's own.
  const { elasticsearchProbeOptionsSchema, elasticsearchRootInfoSchema } = await probeSchemas();
  const startedAt = performance.now();
  const settings = parseInput(elasticsearchProbeOptionsSchema, options, 'probe_elasticsearch');
  const host = stripBrackets(settings.host);
  const { port, schema } = settings;
  const secrets = [settings.password];
  const url = `${schema}://${urlHost(host)}:${port}`;
  const fail = (
    stage: InfraProbeStage,
    failure: Parameters<typeof probeError>[0]['failure'],
    reason: string,
    message: TrustedMessage,
    extra: { cause?: unknown; status?: number; method?: string } = {},
  ): never => {
    throw probeError({ probe: 'elasticsearch', stage, failure, host, port, reason, message, startedAt, url, secrets, ...extra });
  };

  const connection = await connectTcp({
    probe: 'elasticsearch',
    host,
    port,
    timeoutMs: Math.min(settings.connectTimeoutMs, settings.timeoutMs),
    startedAt,
    signal: settings.signal,
  });
  connection.socket.destroy();

  const { Client, errors: elasticErrors, ProbeTransport } = await loadElasticsearch();
  const withCredentials = settings.password !== undefined && settings.password !== '';
  const clientOptions: ClientOptions = {
    node: url,
    maxRetries: 0,
    requestTimeout: settings.timeoutMs,
    compression: false,
    enableMetaHeader: false,
    Transport: ProbeTransport,
    tls: { rejectUnauthorized: settings.sslVerify, ...(settings.ca === undefined ? {} : { ca: settings.ca }) },
    ...(withCredentials ? { auth: { username: settings.username ?? '', password: settings.password ?? '' } } : {}),
  };
  const client = new Client(clientOptions);

  const translate = (error: unknown, method: string): never => {
    if (error instanceof elasticErrors.ResponseError) {
      const status = error.statusCode ?? 0;
      if (status === 401 || status === 403) {
        return fail(
          'auth',
          'http-status',
          String(status),
          trustedMessage`${method} / was refused with HTTP ${status}: ${withCredentials ? trustedText('the credentials are wrong or lack permission') : trustedText('the cluster requires credentials')}`,
          { status, method, cause: error },
        );
      }
      return fail('request', 'http-status', String(status), trustedMessage`${method} / answered HTTP ${status}`, { status, method, cause: error });
    }
    if (error instanceof elasticErrors.TimeoutError)
      return fail('request', 'timeout', 'ETIMEDOUT', trustedMessage`${method} / got no answer within ${settings.timeoutMs} ms`, { method, cause: error });
    if (error instanceof elasticErrors.RequestAbortedError)
      return fail('request', 'aborted', 'ABORT_ERR', trustedMessage`${method} / was aborted`, { method, cause: error });
    if (error instanceof elasticErrors.DeserializationError)
      return fail('protocol', 'invalid-json', 'invalid-json', trustedMessage`${method} / answered a body that is not JSON`, { method, cause: error });
    const chain = causeChain(error);
    if (
      chain.codes.some((code) => code.startsWith('HPE_')) ||
      chain.messages.some((message) => /parse error|HPE_|invalid http|does not match the HTTP|Expected HTTP\//i.test(message))
    ) {
      return fail('protocol', 'protocol', 'not-http', trustedMessage`${method} / got an answer that is not HTTP`, { method, cause: error });
    }
    if (schema === 'https' && (chain.codes.some((code) => tlsCodes.test(code)) || chain.messages.some((message) => tlsCodes.test(message)))) {
      return fail(
        'tls',
        'network',
        chain.codes.find((code) => tlsCodes.test(code)) ?? 'tls',
        trustedMessage`TLS handshake with ${url} failed${settings.sslVerify ? trustedText(' (set sslVerify: false only if this cluster is known to use an untrusted certificate)') : trustedText('')}`,
        { method, cause: error },
      );
    }
    return fail(
      'request',
      'network',
      chain.codes[0] ?? 'network',
      trustedMessage`${method} / failed: ${chain.messages[0] ?? trustedText('connection error')}`,
      { method, cause: error },
    );
  };

  try {
    const requestOptions = { meta: true, headers: plainJsonHeaders, ...(settings.signal === undefined ? {} : { signal: settings.signal }) } as const;
    const pingStarted = performance.now();
    const ping = await client.ping(undefined, requestOptions).catch((error: unknown) => translate(error, 'HEAD'));
    const pingMs = performance.now() - pingStarted;
    if (!ping.body)
      fail('protocol', 'http-status', String(ping.statusCode), trustedMessage`HEAD / answered HTTP ${ping.statusCode}: Elasticsearch is not alive at ${url}`, {
        status: ping.statusCode,
        method: 'HEAD',
      });

    const infoStarted = performance.now();
    const info = (await client.info(undefined, requestOptions).catch((error: unknown) => translate(error, 'GET'))) as TransportResult;
    const infoMs = performance.now() - infoStarted;
    const parsed = elasticsearchRootInfoSchema.safeParse(info.body);
    if (!parsed.success) {
      return fail(
        'protocol',
        'protocol',
        'not-elasticsearch',
        trustedMessage`GET / did not answer an Elasticsearch root document (content-type ${info.headers['content-type'] ?? trustedText('none')})`,
        { method: 'GET' },
      );
    }
    const productProblem = checkProduct(info, parsed.data);
    if (productProblem !== undefined)
      fail('protocol', 'protocol', productProblem, trustedMessage`${url} is not an Elasticsearch cluster (${productProblem})`, { method: 'GET' });
    const version = parsed.data.version?.number;
    if (typeof version !== 'string' || version === '')
      return fail('version', 'invalid-json', 'unknown-version', trustedMessage`GET / answered without version.number: unknown Elasticsearch version`, {
        method: 'GET',
      });
    const product = info.headers['x-elastic-product'];
    return {
      reachable: true,
      host,
      port,
      schema,
      url,
      address: connection.address,
      family: connection.family,
      version,
      distribution: parsed.data.version?.distribution ?? undefined,
      clusterName: parsed.data.cluster_name ?? undefined,
      clusterUuid: parsed.data.cluster_uuid ?? undefined,
      product: typeof product === 'string' ? product : undefined,
      authenticated: withCredentials,
      tcpConnectMs: round(connection.connectMs),
      pingMs: round(pingMs),
      infoMs: round(infoMs),
      totalMs: round(performance.now() - startedAt),
    };
  } finally {
    await client.close().catch(() => undefined);
  }
}
