// The closed sets and defaults of @x/infra, apart from the zod schemas built on them: importing
// the package root gives callers these without loading zod.

/** The server's cluster-name rule (bkmonitor metadata). */
export const CLUSTER_NAME_PATTERN = /^[_A-Za-z0-9][_A-Za-z0-9-]{0,49}$/;

/** The cluster types metadata's create accepts. */
export const CLUSTER_TYPES = ['influxdb', 'elasticsearch', 'kafka', 'redis', 'argus'] as const;
/** A cluster type metadata's create accepts. */
export type ClusterType = (typeof CLUSTER_TYPES)[number];

/** Kafka's `security.protocol` values. */
export const KAFKA_SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;
/** A Kafka `security.protocol`. */
export type KafkaSecurityProtocol = (typeof KAFKA_SECURITY_PROTOCOLS)[number];
/** Kafka's `sasl.mechanism` values. */
export const KAFKA_SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512', 'GSSAPI', 'OAUTHBEARER'] as const;
/** A Kafka `sasl.mechanism`. */
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

/** The SASL mechanisms the probe authenticates with. */
export const KAFKA_PROBE_SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
/** One of {@link KAFKA_PROBE_SASL_MECHANISMS}. */
export type KafkaProbeSaslMechanism = (typeof KAFKA_PROBE_SASL_MECHANISMS)[number];

/** bklog's `visible_type` values. */
export const ELASTICSEARCH_VISIBILITY_TYPES = ['current_biz', 'multi_biz', 'all_biz', 'biz_attr'] as const;
/** A bklog `visible_type`. */
export type ElasticsearchVisibilityType = (typeof ELASTICSEARCH_VISIBILITY_TYPES)[number];

/** bklog's `setup_config` defaults. */
export const DEFAULT_ELASTICSEARCH_SETUP = {
  retentionDaysMax: 7,
  retentionDaysDefault: 7,
  numberOfReplicasMax: 0,
  numberOfReplicasDefault: 0,
  esShardsDefault: 3,
  esShardsMax: 64,
} as const;
