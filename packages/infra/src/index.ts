export { VERSION } from './version.js';

// Client and settings
export { createInfra } from './infra-client.js';
export type { InfraClient } from './infra-client.js';
export { INFRA_USER_AGENT, METADATA_LEGACY_PATH, metadataGatewayPath, resolveInfraGatewayMode, resolveMetadataRoot } from './infra-settings.js';
export type { InfraProbeDefaults, InfraSettings } from './infra-settings.js';

// Metadata cluster API
export {
  clusterAuthInfoInputSchema,
  createClusterInfoBefore,
  createClusterInfoInputSchema,
  createClusterInfoOutputSchema,
  customOptionInputSchema,
  deleteClusterInfoInputSchema,
  deleteClusterInfoOutputSchema,
  getClusterInfoInputSchema,
  getClusterInfoOutputSchema,
  metadataEndpoints,
  modifyClusterInfoInputSchema,
  modifyClusterInfoOutputSchema,
} from './clusters/infra-clusters.js';
export type {
  CreateClusterInfoParams,
  DeleteClusterInfoParams,
  GetClusterInfoOptions,
  GetClusterInfoParams,
  InfraCallOptions,
  InfraClusters,
  MetadataEndpoints,
  ModifyClusterInfoParams,
} from './clusters/infra-clusters.js';
export {
  CLUSTER_NAME_PATTERN,
  CLUSTER_TYPES,
  clusterAuthInfoSchema,
  clusterConfigSchema,
  clusterCustomOptionSchema,
  clusterInfoSchema,
  clusterNameSchema,
  parseAuthInfo,
  parseClusterInfoEnvelope,
  parseCustomOption,
  redactClusterInfo,
} from './clusters/infra-cluster-info.js';
export type { ClusterAuthInfo, ClusterConfig, ClusterCustomOption, ClusterInfo, ClusterType } from './clusters/infra-cluster-info.js';
export { explodeIpv6, normalizeClusterHost } from './clusters/infra-cluster-registry.js';
export type { InfraClusterBase } from './clusters/infra-cluster-view.js';
export { infraExtraSchema } from './infra-validation.js';
export type { InfraExtra, InfraJsonValue } from './infra-validation.js';

// Elasticsearch
export {
  DEFAULT_ELASTICSEARCH_SETUP,
  ELASTICSEARCH_VISIBILITY_TYPES,
  registerElasticsearchInputSchema,
  updateElasticsearchInputSchema,
} from './elasticsearch/infra-elasticsearch-clusters.js';
export type {
  ElasticsearchCluster,
  ElasticsearchHotWarm,
  ElasticsearchRegistration,
  ElasticsearchSetup,
  ElasticsearchVisibility,
  ElasticsearchVisibilityType,
  GetClusterParams,
  InfraElasticsearch,
  ListClustersOptions,
  RegisterElasticsearchParams,
  UpdateElasticsearchParams,
} from './elasticsearch/infra-elasticsearch-clusters.js';
export { elasticsearchProbeOptionsSchema, probeElasticsearch } from './elasticsearch/infra-elasticsearch-probe.js';
export type { ElasticsearchProbeOptions, ElasticsearchProbeResult } from './elasticsearch/infra-elasticsearch-probe.js';

// Kafka
export { KAFKA_SASL_MECHANISMS, KAFKA_SECURITY_PROTOCOLS, registerKafkaInputSchema, updateKafkaInputSchema } from './kafka/infra-kafka-clusters.js';
export type { InfraKafka, KafkaCluster, KafkaRegistration, KafkaSaslMechanism, KafkaSecurityProtocol, RegisterKafkaParams, UpdateKafkaParams } from './kafka/infra-kafka-clusters.js';
export { KAFKA_PROBE_SASL_MECHANISMS, kafkaProbeOptionsSchema, probeKafka } from './kafka/infra-kafka-probe.js';
export type {
  ApiVersionsVersion,
  KafkaApiVersionRange,
  KafkaBrokerInfo,
  KafkaProbeOptions,
  KafkaProbeResult,
  KafkaProbeSaslMechanism,
  KafkaProbeSaslOptions,
  KafkaProbeTlsOptions,
} from './kafka/infra-kafka-probe.js';

// Probe errors
export { isProbeError } from './probe/infra-probe-error.js';
export type { InfraProbeErrorData, InfraProbeKind, InfraProbeStage } from './probe/infra-probe-error.js';
