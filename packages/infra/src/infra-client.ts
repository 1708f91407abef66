import { lazyImport } from '@x/core-client';
import type { BkClient } from '@x/core-client';
import type { InfraClusters } from './clusters/infra-clusters.js';
import type { InfraElasticsearch } from './elasticsearch/infra-elasticsearch-clusters.js';
import type { InfraCalls } from './infra-calls.js';
import { createInfraCoreClient, resolveInfraGatewayMode } from './infra-settings.js';
import type { InfraSettings } from './infra-settings.js';
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
  const mode = resolveInfraGatewayMode(settings.gatewayMode);
  // The calls, their schemas and zod load with the first call: importing @x/infra stays cheap.
  const calls = lazyImport(async () => (await import('./infra-calls.js')).bindInfraCalls(client, mode, settings.probe));
  return { ...deferredCalls(calls), client, close: () => client.close() };
}

/** Every call of an InfraClient, each loading the real calls first (once), then making it. */
function deferredCalls(load: () => Promise<InfraCalls>): InfraCalls {
  return {
    clusters: {
      create: async (...args) => (await load()).clusters.create(...args),
      modify: async (...args) => (await load()).clusters.modify(...args),
      delete: async (...args) => (await load()).clusters.delete(...args),
      get: async (...args) => (await load()).clusters.get(...args),
    },
    es: {
      register: async (...args) => (await load()).es.register(...args),
      update: async (...args) => (await load()).es.update(...args),
      delete: async (...args) => (await load()).es.delete(...args),
      list: async (...args) => (await load()).es.list(...args),
      get: async (...args) => (await load()).es.get(...args),
    },
    kafka: {
      register: async (...args) => (await load()).kafka.register(...args),
      update: async (...args) => (await load()).kafka.update(...args),
      delete: async (...args) => (await load()).kafka.delete(...args),
      list: async (...args) => (await load()).kafka.list(...args),
      get: async (...args) => (await load()).kafka.get(...args),
    },
  };
}
