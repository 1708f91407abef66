// @x/infra/endpoints: the metadata cluster endpoints with their zod schemas, and the pieces the
// client builds its calls from, for composing your own calls with `client.call` (an InfraClient's
// `client`, or any core client rooted at metadata). The client itself, the probes and the types of
// their inputs and answers are in `@x/infra`. This entry loads zod; the package root does not.

// The four endpoints, in both URL forms (`metadataEndpoints.legacy` / `.gateway`), and their hooks.
export { createClusterInfoBefore, metadataEndpoints } from './clusters/infra-clusters.js';
export type { MetadataEndpoints } from './clusters/infra-clusters.js';
export { parseAuthInfo, parseClusterInfoEnvelope, parseCustomOption, redactClusterInfo } from './clusters/infra-cluster-info.js';

// Their inputs and answers.
export {
  clusterAuthInfoInputSchema,
  createClusterInfoInputSchema,
  createClusterInfoOutputSchema,
  customOptionInputSchema,
  deleteClusterInfoInputSchema,
  deleteClusterInfoOutputSchema,
  getClusterInfoInputSchema,
  getClusterInfoOutputSchema,
  modifyClusterInfoInputSchema,
  modifyClusterInfoOutputSchema,
} from './clusters/infra-clusters.js';
export { clusterAuthInfoSchema, clusterConfigSchema, clusterCustomOptionSchema, clusterInfoSchema, clusterNameSchema } from './clusters/infra-cluster-info.js';
export { infraExtraSchema } from './infra-schema-parts.js';

// The inputs of the helpers and the probes, as they validate them.
export { registerElasticsearchInputSchema, updateElasticsearchInputSchema } from './elasticsearch/infra-elasticsearch-clusters.js';
export { registerKafkaInputSchema, updateKafkaInputSchema } from './kafka/infra-kafka-clusters.js';
export { elasticsearchProbeOptionsSchema, kafkaProbeOptionsSchema } from './probe/infra-probe-schemas.js';

// A metadata root of your own, and hosts compared as the helpers compare them.
export { INFRA_USER_AGENT, METADATA_LEGACY_PATH, metadataGatewayPath, resolveInfraGatewayMode, resolveMetadataRoot } from './infra-settings.js';
export { explodeIpv6, normalizeClusterHost } from './clusters/infra-cluster-registry.js';
