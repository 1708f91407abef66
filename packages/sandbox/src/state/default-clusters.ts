import type { ClusterSeed } from './cluster-store.js';
import type { SandboxSettings } from './sandbox-state.js';

/**
 * The platform clusters a BlueKing deployment registers itself (`registered_system: '_default'`):
 * one Kafka and one Elasticsearch cluster, pointing at the sandbox's own listeners so a probe of a
 * listed cluster reaches something real.
 */
export function defaultClusterSeeds(settings: SandboxSettings, ports: { elasticsearchPort: number; kafkaPort: number }): ClusterSeed[] {
  const createdAt = Math.floor((settings.now - 90 * 86_400_000) / 1000);
  const base = {
    extranetDomainName: '',
    extranetPort: 0,
    description: '',
    isSslVerify: false,
    sslVerificationMode: 'none',
    sslInsecureSkipVerify: false,
    sslCertificateAuthorities: '',
    sslCertificate: '',
    sslCertificateKey: '',
    registeredSystem: '_default',
    creator: 'system',
    createTime: createdAt,
    lastModifyUser: 'system',
    lastModifyTime: createdAt,
    isDefaultCluster: true,
    tenantId: 'system',
  } as const;
  return [
    {
      ...base,
      clusterName: 'kafka_default',
      displayName: 'Default Kafka',
      clusterType: 'kafka',
      domainName: settings.host,
      port: ports.kafkaPort,
      schema: null,
      authInfo: { username: '', password: '' },
      version: '3.6.0',
      customOption: '{}',
    },
    {
      ...base,
      clusterName: 'es_default',
      displayName: 'Default Elasticsearch',
      clusterType: 'elasticsearch',
      domainName: settings.host,
      port: ports.elasticsearchPort,
      schema: 'http',
      authInfo: { username: settings.elasticsearch.username, password: settings.elasticsearch.password },
      version: settings.elasticsearch.version,
      customOption: JSON.stringify({ bk_biz_id: 0, hot_warm_config: { is_enabled: false }, setup_config: { retention_days_default: 7 } }),
    },
  ];
}
