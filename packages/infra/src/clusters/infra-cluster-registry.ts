import { isIPv4, isIPv6 } from 'node:net';
import type { ValidationError } from '@x/errors';
import { fieldError, issuesError } from '../infra-validation.js';
import { stripBrackets } from '../probe/infra-tcp-connect.js';
import type { ClusterInfo } from './infra-cluster-info.js';
import type { InfraClusters, InfraCallOptions } from './infra-clusters.js';

/** `::1` → `0000:0000:0000:0000:0000:0000:0000:0001`, as Python's `ip_address(...).exploded`. */
export function explodeIpv6(address: string): string {
  let text = stripBrackets(address).toLowerCase();
  const zone = text.indexOf('%');
  if (zone !== -1) text = text.slice(0, zone);
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (isIPv4(tail)) {
    const [a = 0, b = 0, c = 0, d = 0] = tail.split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const headParts = head === '' ? [] : head.split(':');
  const tailParts = rest === undefined || rest === '' ? [] : rest.split(':');
  const zeros = rest === undefined ? [] : Array.from({ length: 8 - headParts.length - tailParts.length }, () => '0');
  return [...headParts, ...zeros, ...tailParts].map((part) => part.padStart(4, '0')).join(':');
}

/**
 * A host as clusters are compared and registered: brackets dropped, IPv6 exploded (bklog's
 * handler normalises IPv6 domains so `::1` and `0:0::1` are one cluster), names lower-cased.
 */
export function normalizeClusterHost(host: string): string {
  const bare = stripBrackets(host.trim());
  if (isIPv6(bare)) return explodeIpv6(bare);
  return isIPv4(bare) ? bare : bare.toLowerCase();
}

/**
 * Fetches one cluster of a type — with its credentials in plain text when `withSecrets` (for a
 * re-probe); a ValidationError naming `clusterId` when there is none.
 */
export async function fetchStoredCluster(
  clusters: InfraClusters,
  clusterId: number,
  clusterType: 'elasticsearch' | 'kafka',
  endpoint: string,
  options: InfraCallOptions,
  withSecrets = true,
): Promise<ClusterInfo> {
  const found = await clusters.get(
    { cluster_id: clusterId, cluster_type: clusterType, ...(withSecrets ? { is_plain_text: true } : {}) },
    { ...options, includeSecrets: withSecrets },
  );
  const cluster = found.find((item) => item.cluster_config.cluster_id === clusterId && item.cluster_type === clusterType);
  if (cluster === undefined) throw fieldError(endpoint, ['clusterId'], `no ${clusterType} cluster with id ${clusterId} is registered`, 'not_found');
  return cluster;
}

/** What a new or moved cluster must not share with a registered one. */
export interface ClusterIdentity {
  readonly name?: string | undefined;
  readonly displayName?: string | undefined;
  readonly host: string;
  readonly port: number;
  /** The cluster being updated, which may keep its own address and names. */
  readonly excludeId?: number | undefined;
}

/**
 * Refuses a cluster whose (host, port), name or display name is already registered among
 * `existing` (bklog's `ESClusterAlreadyExistException` and its serializer's name checks).
 */
export function findDuplicate(existing: readonly ClusterInfo[], identity: ClusterIdentity, clusterType: string, endpoint: string): ValidationError | undefined {
  const host = normalizeClusterHost(identity.host);
  for (const cluster of existing) {
    const config = cluster.cluster_config;
    if (config.cluster_id === identity.excludeId) continue;
    const label = `cluster_id ${config.cluster_id} (${config.cluster_name})`;
    if (normalizeClusterHost(config.domain_name) === host && config.port === identity.port) {
      return fieldError(
        endpoint,
        ['host'],
        `a ${clusterType} cluster at ${identity.host}:${identity.port} is already registered: ${label}`,
        'duplicate_cluster',
      );
    }
    if (identity.name !== undefined && config.cluster_name === identity.name) {
      return fieldError(endpoint, ['name'], `the cluster name is already used by ${label}`, 'duplicate_cluster');
    }
    if (identity.displayName !== undefined && config.display_name === identity.displayName) {
      return fieldError(endpoint, ['displayName'], `the display name is already used by ${label}`, 'duplicate_cluster');
    }
  }
  return undefined;
}

/**
 * Refuses a new address for a registered cluster. bkmonitor's `modify_cluster_info` has no
 * `domain_name` or `port` (TencentBlueKing/bk-monitor bkmonitor/metadata/resources/cluster.py,
 * ModifyClusterInfoResource's serializer): it drops them and answers success, so an update that
 * "moves" a cluster would report success while metadata keeps the old address.
 */
export function refuseMove(endpoint: string, stored: ClusterInfo, input: { readonly host?: string | undefined; readonly port?: number | undefined }): void {
  const config = stored.cluster_config;
  const fields: string[] = [];
  if (input.host !== undefined && normalizeClusterHost(input.host) !== normalizeClusterHost(config.domain_name)) fields.push('host');
  if (input.port !== undefined && input.port !== config.port) fields.push('port');
  if (fields.length === 0) return;
  const message = `metadata cannot change a registered cluster's address (modify_cluster_info ignores domain_name and port; it stays ${config.domain_name}:${config.port}): delete cluster_id ${config.cluster_id} and register it again`;
  throw issuesError(
    endpoint,
    fields.map((field) => ({ path: [field], message, code: 'address_not_modifiable' })),
  );
}
