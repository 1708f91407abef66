import type { Context } from 'hono';
import { mayOmit } from '../sandbox-answers.js';
import type { SandboxEnv } from '../sandbox-env.js';
import type { ClusterRecord } from '../state/cluster-store.js';

const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/** bkmonitor's `ClusterInfo.base64_with_prefix`: empty stays as it is, else `base64://<base64>`. */
const base64WithPrefix = (text: string): string => (text === '' ? text : `base64://${base64(text)}`);

/**
 * The SASL settings metadata adds to a Kafka cluster's `auth_info` when it has a user and a
 * password: deployment constants, not what the caller registered (bkmonitor
 * bkmonitor/metadata/config.py `KAFKA_SASL_MECHANISM`, `KAFKA_SASL_PROTOCOL`).
 */
export const METADATA_KAFKA_SASL = { mechanism: 'SCRAM-SHA-512', protocol: 'SASL_PLAINTEXT' } as const;

/**
 * A cluster as bkmonitor's metadata answers it: `ClusterInfo.consul_config` (TencentBlueKing/bk-monitor
 * bkmonitor/metadata/models/storage.py @0045906d), which `modify_cluster_info` returns as is and
 * `get_cluster_info` (QueryClusterInfoResource, bkmonitor/metadata/resources/cluster.py) returns per
 * cluster with, unless `is_plain_text`, `auth_info` as base64 of its JSON and each non-empty
 * `raw_ssl_*` as base64. Times are Unix seconds (`arrow.get(...).timestamp`); there is no
 * `description` in it.
 *
 * Minimal answers leave out what later versions added and older servers do not send: display_name,
 * extranet_*, ssl_verification_mode, ssl_insecure_skip_verify, ssl_* and raw_ssl_* (absent from
 * the 2021 model's consul_config and from bkmonitor/docs/api/apidocs/zh_hans/query_cluster_info.md's
 * example). custom_option, registered_system and is_default_cluster stay: every consul_config
 * version sends them, and bklog reads them.
 */
export function clusterShape(c: Context<SandboxEnv>, cluster: ClusterRecord, plainText: boolean): Record<string, unknown> {
  const auth: Record<string, string> = { password: cluster.authInfo.password, username: cluster.authInfo.username };
  if (cluster.clusterType === 'kafka' && cluster.authInfo.username !== '' && cluster.authInfo.password !== '') {
    auth.sasl_mechanisms = METADATA_KAFKA_SASL.mechanism;
    auth.security_protocol = METADATA_KAFKA_SASL.protocol;
  }
  const raw = (text: string): string => (plainText || text === '' ? text : base64(text));
  return {
    cluster_config: {
      domain_name: cluster.domainName,
      port: cluster.port,
      extranet_domain_name: mayOmit(c, cluster.extranetDomainName),
      extranet_port: mayOmit(c, cluster.extranetPort),
      schema: cluster.schema,
      is_ssl_verify: cluster.isSslVerify,
      ssl_verification_mode: mayOmit(c, cluster.sslVerificationMode),
      ssl_insecure_skip_verify: mayOmit(c, cluster.sslInsecureSkipVerify),
      ssl_certificate_authorities: mayOmit(c, base64WithPrefix(cluster.sslCertificateAuthorities)),
      ssl_certificate: mayOmit(c, base64WithPrefix(cluster.sslCertificate)),
      ssl_certificate_key: mayOmit(c, base64WithPrefix(cluster.sslCertificateKey)),
      raw_ssl_certificate_authorities: mayOmit(c, raw(cluster.sslCertificateAuthorities)),
      raw_ssl_certificate: mayOmit(c, raw(cluster.sslCertificate)),
      raw_ssl_certificate_key: mayOmit(c, raw(cluster.sslCertificateKey)),
      cluster_id: cluster.clusterId,
      cluster_name: cluster.clusterName,
      display_name: mayOmit(c, cluster.displayName),
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
    auth_info: plainText ? auth : base64(JSON.stringify(auth)),
  };
}
