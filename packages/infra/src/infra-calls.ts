// The calls of an InfraClient, bound to its core client. `createInfra` imports this module on the
// first call: it brings the endpoint definitions, the zod schemas and zod itself.
import type { BkClient, GatewayMode } from '@x/core-client';
import { bindInfraClusters, metadataEndpoints } from './clusters/infra-clusters.js';
import type { InfraClusters } from './clusters/infra-clusters.js';
import { bindInfraElasticsearch } from './elasticsearch/infra-elasticsearch-clusters.js';
import type { InfraElasticsearch } from './elasticsearch/infra-elasticsearch-clusters.js';
import type { InfraProbeDefaults } from './infra-settings.js';
import { bindInfraKafka } from './kafka/infra-kafka-clusters.js';
import type { InfraKafka } from './kafka/infra-kafka-clusters.js';

/** The three groups of calls of an InfraClient. */
export interface InfraCalls {
  readonly clusters: InfraClusters;
  readonly es: InfraElasticsearch;
  readonly kafka: InfraKafka;
}

/** Binds the cluster API (in one URL form) and the Elasticsearch and Kafka helpers to `client`. */
export function bindInfraCalls(client: BkClient, mode: GatewayMode, probeDefaults: InfraProbeDefaults | undefined): InfraCalls {
  const clusters = bindInfraClusters(client, metadataEndpoints[mode]);
  return { clusters, es: bindInfraElasticsearch(clusters, probeDefaults), kafka: bindInfraKafka(clusters, probeDefaults) };
}
