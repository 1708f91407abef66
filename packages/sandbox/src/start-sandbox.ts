import { createAdaptorServer } from '@hono/node-server';
import type { Server } from 'node:http';
import { INDEX_SETS } from './data/index-sets.js';
import { startElasticsearchListener } from './listeners/elasticsearch-listener.js';
import type { ElasticsearchListener } from './listeners/elasticsearch-listener.js';
import { startKafkaListener } from './listeners/kafka-listener.js';
import type { KafkaListener, KafkaListenerSasl } from './listeners/kafka-listener.js';
import { SANDBOX_KAFKA_SASL_MECHANISMS } from './listeners/kafka-sasl.js';
import { closeServer, listen } from './listeners/listen.js';
import { createSandboxApp } from './sandbox-app.js';
import { SANDBOX_ANSWER_MODES } from './sandbox-answers.js';
import { buildRoots } from './sandbox-roots.js';
import type { Sandbox, SandboxKafkaOptions, SandboxOptions } from './sandbox-types.js';
import { FIRST_RAW_DATA_ID, SEEDED_RAW_DATA_COUNT } from './state/bkdata-store.js';
import { defaultClusterSeeds } from './state/default-clusters.js';
import { SandboxState } from './state/sandbox-state.js';
import type { SandboxSettings } from './state/sandbox-state.js';

function resolveSettings(options: SandboxOptions): SandboxSettings {
  const answers = options.answers ?? 'full';
  if (!SANDBOX_ANSWER_MODES.includes(answers)) {
    throw new TypeError(`startSandbox: answers must be one of ${SANDBOX_ANSWER_MODES.map((mode) => `'${mode}'`).join(', ')}, not ${JSON.stringify(answers)}`);
  }
  return {
    answers,
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    appCode: options.appCode ?? 'bk_sandbox',
    appSecret: options.appSecret ?? 'sandbox-secret',
    seed: options.seed ?? 42,
    faults: options.faults ?? [],
    latencyMs: options.latencyMs ?? 0,
    now: options.now ?? Date.now(),
    recordCount: options.recordCount ?? 30_000,
    webhookKey: options.webhookKey ?? 'sandbox-robot-key',
    dataToken: options.dataToken ?? 'sandbox-data-token',
    seedDefaultClusters: options.seedDefaultClusters ?? true,
    elasticsearch: {
      username: options.elasticsearch?.username ?? 'elastic',
      password: options.elasticsearch?.password ?? 'changeme',
      version: options.elasticsearch?.version ?? '7.10.2',
      mode: options.elasticsearch?.mode ?? 'elasticsearch',
    },
  };
}

function kafkaSasl(options: SandboxKafkaOptions): KafkaListenerSasl {
  const mechanisms = options.mechanisms ?? SANDBOX_KAFKA_SASL_MECHANISMS;
  const unknown = mechanisms.filter((mechanism) => !SANDBOX_KAFKA_SASL_MECHANISMS.includes(mechanism));
  if (unknown.length > 0) {
    throw new TypeError(
      `startSandbox: kafka.mechanisms must be among ${SANDBOX_KAFKA_SASL_MECHANISMS.map((mechanism) => `'${mechanism}'`).join(', ')}, not ${JSON.stringify(unknown)}`,
    );
  }
  return { required: options.saslRequired ?? false, mechanisms, users: new Map(Object.entries(options.users ?? { admin: 'kafka-secret' })) };
}

/** Formats a host for a URL (IPv6 literals need brackets). */
function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Starts a sandbox: the BlueKing gateway emulator, an Elasticsearch-compatible listener and a Kafka
 * listener (ApiVersions, SASL, Metadata), each on its own port of `host`.
 *
 * @example
 * ```ts
 * import { startSandbox } from '@x/sandbox';
 *
 * const sandbox = await startSandbox({ seed: 1 });
 * console.log(sandbox.roots.gateway.cmsi); // http://127.0.0.1:<port>/api/bk-cmsi/prod/v1/
 * await sandbox.close();
 * ```
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const settings = resolveSettings(options);
  let elasticsearch: ElasticsearchListener | undefined;
  let kafka: KafkaListener | undefined;
  let server: Server | undefined;
  let state: SandboxState | undefined;
  try {
    elasticsearch = await startElasticsearchListener({ host: settings.host, ...settings.elasticsearch });
    kafka = await startKafkaListener({ host: settings.host, sasl: kafkaSasl(options.kafka ?? {}) });
    state = new SandboxState(
      settings,
      settings.seedDefaultClusters ? defaultClusterSeeds(settings, { elasticsearchPort: elasticsearch.port, kafkaPort: kafka.port }) : [],
    );
    const app = createSandboxApp(state);
    server = createAdaptorServer({ fetch: app.fetch, hostname: settings.host }) as Server;
    const port = await listen(server, settings.port, settings.host);
    return createHandle(settings, state, port, server, elasticsearch, kafka);
  } catch (error) {
    await Promise.allSettled([elasticsearch?.close(), kafka?.close(), server === undefined ? undefined : closeServer(server)]);
    state?.close();
    throw error;
  }
}

function createHandle(
  settings: SandboxSettings,
  state: SandboxState,
  port: number,
  server: Server,
  elasticsearch: ElasticsearchListener,
  kafka: KafkaListener,
): Sandbox {
  const url = `http://${urlHost(settings.host)}:${port}`;
  let closing: Promise<void> | undefined;
  const recordCounts = Object.fromEntries([...state.records].map(([tableId, records]) => [tableId, records.length]));
  return {
    url,
    answers: settings.answers,
    apiHost: url,
    roots: buildRoots(url),
    webhookUrl: `${url}/cgi-bin/webhook/send?key=${encodeURIComponent(settings.webhookKey)}`,
    elasticsearchUrl: elasticsearch.url,
    kafkaAddress: { host: kafka.host, port: kafka.port },
    credentials: { appCode: settings.appCode, appSecret: settings.appSecret },
    calls: state.calls,
    outbox: state.outbox,
    clusters: { list: () => state.clusters.list(), get: (idOrName) => state.clusters.get(idOrName) },
    data: {
      now: settings.now,
      start: settings.now - 86_400_000,
      indexSets: INDEX_SETS,
      resultTables: INDEX_SETS.map((indexSet) => indexSet.resultTableId),
      dataToken: settings.dataToken,
      rawDataIds: Array.from({ length: SEEDED_RAW_DATA_COUNT }, (_unused, offset) => FIRST_RAW_DATA_ID + offset),
      recordCounts,
    },
    lastCall: (routeOrPathPart) =>
      state.calls.findLast((call) => routeOrPathPart === undefined || call.route.includes(routeOrPathPart) || call.path.includes(routeOrPathPart)),
    inject: (fault) => state.faults.add(fault),
    clearFaults: () => {
      state.faults.clear();
    },
    reset: () => {
      state.reset();
    },
    close: () => {
      closing ??= Promise.all([closeServer(server), elasticsearch.close(), kafka.close()]).then(() => {
        state.close();
      });
      return closing;
    },
  };
}
