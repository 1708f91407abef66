export { VERSION } from './version.js';
export { probeElasticsearch, elasticsearchProbeOptionsSchema } from './elasticsearch/infra-elasticsearch-probe.js';
export type { ElasticsearchProbeOptions, ElasticsearchProbeResult } from './elasticsearch/infra-elasticsearch-probe.js';
export { probeKafka, kafkaProbeOptionsSchema } from './kafka/infra-kafka-probe.js';
export type { KafkaProbeOptions, KafkaProbeResult, KafkaProbeTlsOptions } from './kafka/infra-kafka-probe.js';
export { KAFKA_API_NAMES } from './kafka/kafka-api-versions.js';
export type { KafkaApiVersionRange } from './kafka/kafka-api-versions.js';
export { isProbeError } from './probe/infra-probe-error.js';
export type { InfraProbeErrorData, InfraProbeKind, InfraProbeStage } from './probe/infra-probe-error.js';
