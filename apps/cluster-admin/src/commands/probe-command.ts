import { renderTable, writeText } from '@x/cli-kit';
import { probeElasticsearch, probeKafka } from '@x/infra';
import type { ElasticsearchProbeResult, KafkaProbeResult, KafkaProbeSaslOptions } from '@x/infra';
import { formatHostPort } from '../address.js';
import type { HostPort } from '../address.js';
import { formatMilliseconds, jsonLine } from './command-context.js';
import type { CommandContext } from './command-context.js';

/** Options of {@link probeElasticsearchCommand}. */
export interface ProbeElasticsearchOptions extends HostPort {
  readonly schema?: 'http' | 'https' | undefined;
  readonly username?: string | undefined;
  /** A secret: never printed. */
  readonly password?: string | undefined;
  readonly sslVerify?: boolean | undefined;
  readonly timeoutMs?: number | undefined;
}

/** Options of {@link probeKafkaCommand}. */
export interface ProbeKafkaOptions extends HostPort {
  readonly tls?: boolean | undefined;
  readonly sslVerify?: boolean | undefined;
  /** SASL mechanism, user and password (a secret: never printed). */
  readonly sasl?: KafkaProbeSaslOptions | undefined;
  readonly timeoutMs?: number | undefined;
}

function facts(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n') + '\n';
}

/** The lines `probe es` prints, also used after `es register` / `es update`. */
export function describeElasticsearchProbe(result: ElasticsearchProbeResult): string {
  return (
    `Elasticsearch at ${formatHostPort(result.host, result.port)} (${result.url}, IPv${result.family} ${result.address})\n` +
    facts([
      ['version', `${result.version}${result.distribution === undefined ? '' : ` (${result.distribution})`}`],
      ['cluster', `${result.clusterName ?? '-'}${result.clusterUuid === undefined ? '' : ` (uuid ${result.clusterUuid})`}`],
      ['product header', result.product ?? '(none: before 7.14)'],
      ['credentials', result.authenticated ? 'sent, accepted' : 'none sent'],
      ['TCP connect', formatMilliseconds(result.tcpConnectMs)],
      ['HEAD /', formatMilliseconds(result.pingMs)],
      ['GET /', formatMilliseconds(result.infoMs)],
      ['total', formatMilliseconds(result.totalMs)],
    ])
  );
}

/** The lines `probe kafka` prints (without the API table). */
export function describeKafkaProbe(result: KafkaProbeResult): string {
  return (
    `Kafka broker at ${formatHostPort(result.host, result.port)} (IPv${result.family} ${result.address}, ${result.tls ? 'TLS' : 'plaintext'})\n` +
    facts([
      [
        'SASL',
        result.authenticated ? `${result.saslMechanism ?? ''} accepted (the broker enables ${result.enabledSaslMechanisms?.join(', ') ?? '?'})` : 'none',
      ],
      ['ApiVersions', `v${result.apiVersionsVersion}: ${result.apis.length} APIs, api keys ${result.apiKeyRange.min}–${result.apiKeyRange.max}`],
      [
        'cluster',
        `${result.clusterId ?? '(no id: Metadata before v2)'}, controller ${result.controller === undefined ? (result.controllerId ?? '-') : `${result.controller.nodeId} (${formatHostPort(result.controller.host, result.controller.port)})`}`,
      ],
      [
        'brokers',
        result.brokers
          .map((broker) => `${broker.nodeId} ${formatHostPort(broker.host, broker.port)}${broker.rack === undefined ? '' : ` rack ${broker.rack}`}`)
          .join(', '),
      ],
      ['TCP connect', formatMilliseconds(result.tcpConnectMs)],
      ...(result.tlsHandshakeMs === undefined ? [] : ([['TLS handshake', formatMilliseconds(result.tlsHandshakeMs)]] as const)),
      ...(result.authenticationMs === undefined ? [] : ([['SASL exchange', formatMilliseconds(result.authenticationMs)]] as const)),
      ['ApiVersions call', formatMilliseconds(result.apiVersionsMs)],
      [`Metadata v${result.metadataVersion}`, formatMilliseconds(result.metadataMs)],
      ['total', formatMilliseconds(result.totalMs)],
    ])
  );
}

/** `probe es <host:port>`: TCP connect, `HEAD /`, `GET /` — timings, version, cluster name. */
export async function probeElasticsearchCommand(context: CommandContext, options: ProbeElasticsearchOptions): Promise<ElasticsearchProbeResult> {
  const result = await probeElasticsearch({
    host: options.host,
    port: options.port,
    schema: options.schema,
    username: options.username,
    password: options.password,
    sslVerify: options.sslVerify,
    timeoutMs: options.timeoutMs,
  });
  await writeText(context.io.stdout, context.json ? jsonLine(result) : describeElasticsearchProbe(result));
  return result;
}

/** `probe kafka <host:port>`: TCP connect, TLS and SASL when asked, ApiVersions and Metadata — timings, the cluster and every API's version range. */
export async function probeKafkaCommand(context: CommandContext, options: ProbeKafkaOptions): Promise<KafkaProbeResult> {
  const result = await probeKafka({
    host: options.host,
    port: options.port,
    tls: options.tls === true ? { rejectUnauthorized: options.sslVerify !== false } : false,
    sasl: options.sasl,
    timeoutMs: options.timeoutMs,
  });
  if (context.json) {
    await writeText(context.io.stdout, jsonLine(result));
    return result;
  }
  await writeText(context.io.stdout, describeKafkaProbe(result));
  await writeText(
    context.io.stdout,
    '\n' +
      renderTable(
        [{ header: 'key', align: 'right' }, { header: 'api' }, { header: 'versions' }],
        result.apis.map((api) => [
          String(api.apiKey),
          api.name ?? '(unknown)',
          api.minVersion === api.maxVersion ? `${api.minVersion}` : `${api.minVersion}–${api.maxVersion}`,
        ]),
        context.columns,
      ),
  );
  return result;
}
