// @x/infra: register Elasticsearch and Kafka clusters in BlueKing metadata, each probed first.
// This is the contract: the factory and its types, the probes, what every call takes and returns,
// the closed sets callers pick from, and the probe error. The endpoint definitions and zod
// schemas, for composing your own calls, are in `@x/infra/endpoints`. Nothing imported from here
// loads zod: the schemas load with the first call or probe.

export { createInfra } from './infra-client.js';
export type { InfraClient } from './infra-client.js';
export type { InfraProbeDefaults, InfraSettings } from './infra-settings.js';

// Probes, usable on their own.
export { probeElasticsearch } from './elasticsearch/infra-elasticsearch-probe.js';
export type { ElasticsearchProbeOptions, ElasticsearchProbeResult } from './elasticsearch/infra-elasticsearch-probe.js';
export { probeKafka } from './kafka/infra-kafka-probe.js';
export type {
  ApiVersionsVersion,
  KafkaApiVersionRange,
  KafkaBrokerInfo,
  KafkaProbeOptions,
  KafkaProbeResult,
  KafkaProbeSaslOptions,
  KafkaProbeTlsOptions,
} from './kafka/infra-kafka-probe.js';

// What the calls take and return: `clusters` (metadata's snake_case), `es` and `kafka` (camelCase).
export type {
  CreateClusterInfoParams,
  DeleteClusterInfoParams,
  GetClusterInfoOptions,
  GetClusterInfoParams,
  InfraCallOptions,
  InfraClusters,
  ModifyClusterInfoParams,
} from './clusters/infra-clusters.js';
export type { ClusterAuthInfo, ClusterConfig, ClusterCustomOption, ClusterInfo } from './clusters/infra-cluster-info.js';
export type { InfraClusterBase } from './clusters/infra-cluster-view.js';
export type { InfraExtra, InfraJsonValue } from './infra-validation.js';
export type {
  ElasticsearchCluster,
  ElasticsearchHotWarm,
  ElasticsearchRegistration,
  ElasticsearchSetup,
  ElasticsearchVisibility,
  GetClusterParams,
  InfraElasticsearch,
  ListClustersOptions,
  RegisterElasticsearchParams,
  UpdateElasticsearchParams,
} from './elasticsearch/infra-elasticsearch-clusters.js';
export type { InfraKafka, KafkaCluster, KafkaRegistration, RegisterKafkaParams, UpdateKafkaParams } from './kafka/infra-kafka-clusters.js';

// The closed sets and defaults callers pick from.
export {
  CLUSTER_NAME_PATTERN,
  CLUSTER_TYPES,
  DEFAULT_ELASTICSEARCH_SETUP,
  ELASTICSEARCH_VISIBILITY_TYPES,
  KAFKA_PROBE_SASL_MECHANISMS,
  KAFKA_SASL_MECHANISMS,
  KAFKA_SECURITY_PROTOCOLS,
} from './infra-constants.js';
export type { ClusterType, ElasticsearchVisibilityType, KafkaProbeSaslMechanism, KafkaSaslMechanism, KafkaSecurityProtocol } from './infra-constants.js';

// Errors: a failed probe is an ApiRequestError from @x/errors; this narrows to it.
export { isProbeError } from './probe/infra-probe-error.js';
export type { InfraProbeErrorData, InfraProbeKind, InfraProbeStage } from './probe/infra-probe-error.js';

export { VERSION } from './version.js';
