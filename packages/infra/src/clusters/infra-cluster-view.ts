import type { ClusterInfo } from './infra-cluster-info.js';

/**
 * What every registered cluster shows through `es.list()`/`kafka.list()`/`get()`: metadata's
 * `consul_config` in camelCase, a missing or `null` field as `undefined`, and the wire record
 * itself as `raw`.
 */
export interface InfraClusterBase {
  readonly clusterId: number;
  readonly clusterName: string;
  /** The name people see; older metadata servers leave it out. */
  readonly displayName: string | undefined;
  readonly domainName: string;
  readonly port: number;
  readonly extranetDomainName: string | undefined;
  readonly extranetPort: number | undefined;
  /** The registered version (Elasticsearch: the one the probe detected). */
  readonly version: string | undefined;
  /** Whether consumers verify the cluster's TLS certificate. */
  readonly isSslVerify: boolean | undefined;
  /** `custom_option.bk_biz_id`: the business, `''` when none is stored. */
  readonly bkBizId: number | string;
  /** `auth_info.username`, `''` when none. */
  readonly username: string;
  /** `auth_info.password`: `''` unless `includeSecrets`. */
  readonly password: string;
  readonly isDefaultCluster: boolean | undefined;
  readonly registeredSystem: string | undefined;
  readonly creator: string | undefined;
  /** Unix seconds (current metadata) or a date string (older servers). */
  readonly createTime: string | number | undefined;
  readonly lastModifyUser: string | undefined;
  readonly lastModifyTime: string | number | undefined;
  /**
   * The cluster as metadata answered it (snake_case, `custom_option` parsed, `auth_info` decoded),
   * with the same secrets blanked. Fields the SDK does not type are kept in it at run time.
   */
  readonly raw: ClusterInfo;
}

/** The fields of {@link InfraClusterBase}, read from a wire record. */
export function clusterBase(cluster: ClusterInfo): InfraClusterBase {
  const config = cluster.cluster_config;
  return {
    clusterId: config.cluster_id,
    clusterName: config.cluster_name,
    displayName: config.display_name ?? undefined,
    domainName: config.domain_name,
    port: config.port,
    extranetDomainName: config.extranet_domain_name ?? undefined,
    extranetPort: config.extranet_port ?? undefined,
    version: config.version ?? undefined,
    isSslVerify: config.is_ssl_verify ?? undefined,
    bkBizId: config.custom_option.bk_biz_id,
    username: cluster.auth_info.username ?? '',
    password: cluster.auth_info.password ?? '',
    isDefaultCluster: config.is_default_cluster ?? undefined,
    registeredSystem: config.registered_system ?? undefined,
    creator: config.creator ?? undefined,
    createTime: config.create_time ?? undefined,
    lastModifyUser: config.last_modify_user ?? undefined,
    lastModifyTime: config.last_modify_time ?? undefined,
    raw: cluster,
  };
}
