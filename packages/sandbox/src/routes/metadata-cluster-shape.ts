import type { ClusterRecord } from '../state/cluster-store.js';

const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/**
 * A cluster as metadata's `get_cluster_info` answers it (spec §7.1). `auth_info` is base64 JSON
 * unless the caller asked for plain text; certificates are base64 with their raw text beside them.
 */
export function clusterShape(cluster: ClusterRecord, plainText: boolean): Record<string, unknown> {
  const authInfo = plainText ? cluster.authInfo : base64(JSON.stringify(cluster.authInfo));
  return {
    cluster_config: {
      domain_name: cluster.domainName,
      port: cluster.port,
      extranet_domain_name: cluster.extranetDomainName,
      extranet_port: cluster.extranetPort,
      schema: cluster.schema,
      is_ssl_verify: cluster.isSslVerify,
      ssl_verification_mode: cluster.sslVerificationMode,
      ssl_insecure_skip_verify: cluster.sslInsecureSkipVerify,
      ssl_certificate_authorities: base64(cluster.sslCertificateAuthorities),
      ssl_certificate: base64(cluster.sslCertificate),
      ssl_certificate_key: base64(cluster.sslCertificateKey),
      raw_ssl_certificate_authorities: cluster.sslCertificateAuthorities,
      raw_ssl_certificate: cluster.sslCertificate,
      raw_ssl_certificate_key: cluster.sslCertificateKey,
      cluster_id: cluster.clusterId,
      cluster_name: cluster.clusterName,
      display_name: cluster.displayName,
      description: cluster.description,
      version: cluster.version,
      custom_option: cluster.customOption,
      registered_system: cluster.registeredSystem,
      creator: cluster.creator,
      create_time: cluster.createTime,
      last_modify_user: cluster.lastModifyUser,
      last_modify_time: cluster.lastModifyTime,
      is_default_cluster: cluster.isDefaultCluster,
    },
    cluster_type: cluster.clusterType,
    auth_info: authInfo,
  };
}
