import type { BkClient } from '@x/core-client';
import { bindInfraClusters, metadataEndpoints } from './clusters/infra-clusters.js';
import type { InfraClusters } from './clusters/infra-clusters.js';
import { bindInfraElasticsearch } from './elasticsearch/infra-elasticsearch-clusters.js';
import type { InfraElasticsearch } from './elasticsearch/infra-elasticsearch-clusters.js';
import { createInfraCoreClient, resolveInfraGatewayMode } from './infra-settings.js';
import type { InfraSettings } from './infra-settings.js';
import { bindInfraKafka } from './kafka/infra-kafka-clusters.js';
import type { InfraKafka } from './kafka/infra-kafka-clusters.js';

/** An infra client: the metadata cluster API and the Elasticsearch / Kafka registration flows. */
export interface InfraClient {
  /** The raw metadata cluster API: create, modify, delete, get (spec §7.1). */
  readonly clusters: InfraClusters;
  /** Elasticsearch clusters: probe, then register / update; delete; list (spec §7.2). */
  readonly es: InfraElasticsearch;
  /** Kafka clusters: probe, then register / update; delete; list (spec §7.3). */
  readonly kafka: InfraKafka;
  /** The underlying core client, for `call` with the endpoints of `@x/infra/endpoints`. */
  readonly client: BkClient;
  /** Closes the client's connections. */
  readonly close: () => Promise<void>;
}

/**
 * Creates an infra client. Never throws: the API host and credentials are read at the first call.
 * The URL form (legacy `metadata_*` paths or the monitor gateway) is chosen here, from
 * `gatewayMode` or the environment.
 * @example
 * import { createInfra } from '@x/infra';
 * const infra = createInfra({ apiHost: 'http://paas.example.com', gatewayMode: 'gateway', username: 'admin' });
 * const { clusterId } = await infra.es.register({
 *   name: 'es_prod', displayName: 'Prod ES', bkBizId: 2, host: '10.0.0.8', port: 9200,
 *   username: 'elastic', password: 'changeme',
 * });
 * await infra.close();
 */
export function createInfra(settings: InfraSettings = {}): InfraClient {
  const client = createInfraCoreClient(settings);
  const clusters = bindInfraClusters(client, metadataEndpoints[resolveInfraGatewayMode(settings.gatewayMode)]);
  return {
    clusters,
    es: bindInfraElasticsearch(clusters, settings.probe),
    kafka: bindInfraKafka(clusters, settings.probe),
    client,
    close: () => client.close(),
  };
}
