import { cellText, padToWidth, renderTable, writeText } from '@x/cli-kit';
import type {
  ElasticsearchCluster,
  ElasticsearchRegistration,
  InfraClient,
  KafkaCluster,
  KafkaRegistration,
  KafkaSaslMechanism,
  KafkaSecurityProtocol,
} from '@x/infra';
import { formatHostPort } from '../address.js';
import type { HostPort } from '../address.js';
import { formatMilliseconds, jsonLine } from './command-context.js';
import type { CommandContext } from './command-context.js';

/** A context with the metadata client. */
export interface ClusterCommandContext extends CommandContext {
  readonly infra: Pick<InfraClient, 'es' | 'kafka'>;
}

/** Which kind of cluster a command handles. */
export type ClusterKind = 'es' | 'kafka';

const TITLES: Readonly<Record<ClusterKind, string>> = { es: 'Elasticsearch', kafka: 'Kafka' };

/** Options of `es register`. */
export interface RegisterElasticsearchOptions extends HostPort {
  readonly name: string;
  readonly displayName?: string | undefined;
  readonly bkBizId: number;
  readonly schema?: 'http' | 'https' | undefined;
  readonly username?: string | undefined;
  /** A secret: sent to metadata, never printed. */
  readonly password?: string | undefined;
  readonly sslVerify?: boolean | undefined;
  readonly description?: string | undefined;
}

/** Options of `kafka register`. */
export interface RegisterKafkaOptions extends HostPort {
  readonly name: string;
  readonly displayName?: string | undefined;
  readonly bkBizId?: number | undefined;
  readonly securityProtocol?: KafkaSecurityProtocol | undefined;
  readonly saslMechanism?: KafkaSaslMechanism | undefined;
  readonly username?: string | undefined;
  /** A secret: sent to metadata, never printed. */
  readonly password?: string | undefined;
  readonly sslVerify?: boolean | undefined;
  readonly version?: string | undefined;
  readonly description?: string | undefined;
}

/** Options of `es update` / `kafka update`: what changes; the rest stays. */
export interface UpdateClusterOptions {
  readonly clusterId: number;
  readonly displayName?: string | undefined;
  readonly address?: HostPort | undefined;
  readonly username?: string | undefined;
  /** A secret: sent to metadata, never printed. Blank keeps the stored one. */
  readonly password?: string | undefined;
  readonly description?: string | undefined;
  readonly sslVerify?: boolean | undefined;
  /** Elasticsearch only. */
  readonly schema?: 'http' | 'https' | undefined;
  /** Kafka only. */
  readonly securityProtocol?: KafkaSecurityProtocol | undefined;
  readonly saslMechanism?: KafkaSaslMechanism | undefined;
  readonly version?: string | undefined;
}

// Only what is defined: exactOptionalPropertyTypes, and "left out" means "keep" for updates.
function defined<T extends Record<string, unknown>>(value: T): { [Key in keyof T]?: Exclude<T[Key], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as { [Key in keyof T]?: Exclude<T[Key], undefined> };
}

/** A registered cluster as the CLI shows it: never a password. */
export interface ClusterSummary {
  readonly id: number;
  readonly name: string;
  readonly displayName: string;
  readonly address: string;
  readonly version: string;
  readonly bkBizId: number | string;
  readonly username: string;
  readonly securityProtocol: string | undefined;
  readonly registeredBy: string;
  readonly isDefault: boolean;
}

/** The summary of a cluster: credentials reduced to the user name. */
export function summarizeCluster(cluster: ElasticsearchCluster | KafkaCluster): ClusterSummary {
  return {
    id: cluster.clusterId,
    name: cluster.clusterName,
    displayName: cluster.displayName ?? '',
    address: formatHostPort(cluster.domainName, cluster.port),
    version: cluster.version ?? '',
    bkBizId: cluster.bkBizId,
    username: cluster.username,
    securityProtocol: cluster.clusterType === 'kafka' ? cluster.securityProtocol : undefined,
    registeredBy: cluster.registeredSystem ?? '',
    isDefault: cluster.isDefaultCluster === true,
  };
}

/** `es list` / `kafka list`: the registered clusters as a table (no secrets). */
export async function listClustersCommand(context: ClusterCommandContext, kind: ClusterKind): Promise<ClusterSummary[]> {
  const clusters = (await context.infra[kind].list()).map(summarizeCluster);
  if (context.json) {
    await writeText(context.io.stdout, jsonLine(clusters));
    return clusters;
  }
  if (clusters.length === 0) {
    await writeText(context.io.stdout, `No ${TITLES[kind]} clusters are registered.\n`);
    return clusters;
  }
  const rows = clusters.map((cluster) => [
    String(cluster.id),
    cluster.name,
    cluster.displayName,
    cluster.address,
    cluster.version,
    cellText(cluster.bkBizId),
    kind === 'kafka' ? (cluster.securityProtocol ?? '') : cluster.username,
    `${cluster.registeredBy}${cluster.isDefault ? ' (default)' : ''}`,
  ]);
  await writeText(
    context.io.stdout,
    renderTable(
      [
        { header: 'id', align: 'right' },
        { header: 'name' },
        { header: 'display name', flexible: true },
        { header: 'address' },
        { header: 'version' },
        { header: 'biz' },
        { header: kind === 'kafka' ? 'security' : 'user' },
        { header: 'registered by' },
      ],
      rows,
      context.columns,
    ),
  );
  await writeText(context.io.stdout, `${clusters.length} ${TITLES[kind]} cluster${clusters.length === 1 ? '' : 's'}.\n`);
  return clusters;
}

/**
 * `es show <id>` / `kafka show <id>`: one registered cluster, a field a line (never a password;
 * `--json`: its {@link ClusterSummary}).
 */
export async function showClusterCommand(context: ClusterCommandContext, kind: ClusterKind, clusterId: number): Promise<ClusterSummary> {
  const cluster = summarizeCluster(await context.infra[kind].get({ clusterId }));
  if (context.json) {
    await writeText(context.io.stdout, jsonLine(cluster));
    return cluster;
  }
  const fields: [string, string][] = [
    ['name', cluster.name],
    ['display name', cluster.displayName],
    ['address', cluster.address],
    ['version', cluster.version === '' ? '-' : cluster.version],
    ['business', cellText(cluster.bkBizId)],
    ['user', cluster.username === '' ? '(none)' : cluster.username],
    ...(kind === 'kafka' ? ([['security', cluster.securityProtocol ?? '-']] as [string, string][]) : []),
    ['registered by', `${cluster.registeredBy === '' ? '-' : cluster.registeredBy}${cluster.isDefault ? ' (default cluster)' : ''}`],
  ];
  const width = Math.max(...fields.map(([label]) => label.length));
  await writeText(
    context.io.stdout,
    `${TITLES[kind]} cluster ${cluster.id}\n` + fields.map(([label, value]) => `  ${padToWidth(label, width)}  ${value}`).join('\n') + '\n',
  );
  return cluster;
}

/** `es register <name> <host:port>`: probe, duplicate check, registration. */
export async function registerElasticsearchCommand(context: ClusterCommandContext, options: RegisterElasticsearchOptions): Promise<ElasticsearchRegistration> {
  const registration = await context.infra.es.register({
    name: options.name,
    displayName: options.displayName ?? options.name,
    bkBizId: options.bkBizId,
    host: options.host,
    port: options.port,
    ...defined({
      schema: options.schema,
      username: options.username,
      password: options.password,
      sslVerify: options.sslVerify,
      description: options.description,
    }),
  });
  const probe = registration.probe;
  await writeText(
    context.io.stdout,
    context.json
      ? jsonLine({ clusterId: registration.clusterId, clusterName: registration.clusterName, version: registration.version, probe })
      : `Probed Elasticsearch at ${formatHostPort(probe.host, probe.port)}: version ${probe.version}, TCP connect ${formatMilliseconds(probe.tcpConnectMs)}, total ${formatMilliseconds(probe.totalMs)}.\n` +
          `Registered Elasticsearch cluster ${registration.clusterName} (id ${registration.clusterId}, version ${registration.version}) for business ${options.bkBizId}.\n`,
  );
  return registration;
}

/** `cluster <id>, N brokers, controller <id>` of a Kafka probe. */
export function kafkaClusterText(probe: KafkaRegistration['probe']): string {
  return `cluster ${probe.clusterId ?? '(no id)'}, ${probe.brokers.length} broker${probe.brokers.length === 1 ? '' : 's'}, controller ${probe.controllerId ?? '-'}`;
}

/** `kafka register <name> <host:port>`: probe (SASL when given, ApiVersions, Metadata), duplicate check, registration. */
export async function registerKafkaCommand(context: ClusterCommandContext, options: RegisterKafkaOptions): Promise<KafkaRegistration> {
  const registration = await context.infra.kafka.register({
    name: options.name,
    displayName: options.displayName ?? options.name,
    host: options.host,
    port: options.port,
    ...defined({
      bkBizId: options.bkBizId,
      securityProtocol: options.securityProtocol,
      saslMechanisms: options.saslMechanism,
      username: options.username,
      password: options.password,
      sslVerify: options.sslVerify,
      version: options.version,
      description: options.description,
    }),
  });
  const probe = registration.probe;
  await writeText(
    context.io.stdout,
    context.json
      ? jsonLine({ clusterId: registration.clusterId, clusterName: registration.clusterName, probe })
      : `Probed Kafka at ${formatHostPort(probe.host, probe.port)}: ${probe.authenticated ? `SASL ${probe.saslMechanism ?? ''} accepted, ` : ''}ApiVersions v${probe.apiVersionsVersion} (${probe.apis.length} APIs), ${kafkaClusterText(probe)}, TCP connect ${formatMilliseconds(probe.tcpConnectMs)}, total ${formatMilliseconds(probe.totalMs)}.\n` +
          `Registered Kafka cluster ${registration.clusterName} (id ${registration.clusterId}).\n`,
  );
  return registration;
}

/** `es update <id>` / `kafka update <id>`: probe again, then change what was given. */
export async function updateClusterCommand(
  context: ClusterCommandContext,
  kind: ClusterKind,
  options: UpdateClusterOptions,
): Promise<ElasticsearchRegistration | KafkaRegistration> {
  const common = {
    clusterId: options.clusterId,
    ...defined({
      displayName: options.displayName,
      host: options.address?.host,
      port: options.address?.port,
      username: options.username,
      password: options.password,
      description: options.description,
      sslVerify: options.sslVerify,
    }),
  };
  const registration =
    kind === 'es'
      ? await context.infra.es.update({ ...common, ...defined({ schema: options.schema }) })
      : await context.infra.kafka.update({
          ...common,
          ...defined({ securityProtocol: options.securityProtocol, saslMechanisms: options.saslMechanism, version: options.version }),
        });
  const probe = registration.probe;
  await writeText(
    context.io.stdout,
    context.json
      ? jsonLine({ clusterId: registration.clusterId, clusterName: registration.clusterName, probe })
      : `Updated ${TITLES[kind]} cluster ${registration.clusterName} (id ${registration.clusterId}) after probing ${formatHostPort(probe.host, probe.port)} (total ${formatMilliseconds(probe.totalMs)}).\n`,
  );
  return registration;
}

/** `es delete <id>` / `kafka delete <id>`. */
export async function deleteClusterCommand(
  context: ClusterCommandContext,
  kind: ClusterKind,
  clusterId: number,
): Promise<{ clusterId: number; clusterName: string }> {
  const deleted = await context.infra[kind].delete({ clusterId });
  await writeText(context.io.stdout, context.json ? jsonLine(deleted) : `Deleted ${TITLES[kind]} cluster ${deleted.clusterName} (id ${deleted.clusterId}).\n`);
  return deleted;
}
