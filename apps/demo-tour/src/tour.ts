import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import type { Writable } from 'node:stream';
import { startSandbox } from '@x/sandbox';
import type { Sandbox } from '@x/sandbox';
import { probeKafka } from '@x/infra';
import {
  describeKafkaProbe,
  listClustersCommand,
  probeElasticsearchCommand,
  registerElasticsearchCommand,
  registerKafkaCommand,
  resolveTarget as resolveClusterAdminTarget,
} from 'cluster-admin';
import type { ClusterAdminTarget, CommandContext as ClusterAdminContext } from 'cluster-admin';
import { exportCommand, histogramCommand, resolveTarget as resolveLogSearchTarget, searchCommand } from 'log-search';
import type { CommandContext as LogSearchContext, LogSearchTarget } from 'log-search';
import { startNotifyRelay } from 'notify-relay';
import type { AlertAccepted, NotifyRelay } from 'notify-relay';
import { indentedStream } from './indented-stream.js';

/** Options of {@link runTour}. */
export interface TourOptions {
  /** Where the tour is printed (stdout). */
  readonly out: Writable;
  /** Where the export's progress goes (stderr): a bar on a terminal, plain lines elsewhere. */
  readonly progress: Writable & { readonly isTTY?: boolean | undefined };
  /**
   * The width of tables and charts.
   * @default 100
   */
  readonly columns?: number | undefined;
  /** Keep the exported NDJSON file (its path is printed) instead of removing it at the end. */
  readonly keepExport?: boolean | undefined;
}

/** What the tour did, for tests and scripts. */
export interface TourResult {
  readonly seconds: number;
  /** Messages per outbox channel for the tour's alert. */
  readonly deliveries: Readonly<Record<string, number>>;
  readonly exportedRecords: number;
  readonly exportFileLines: number;
  readonly matchingRecords: number;
  readonly clusters: { readonly elasticsearch: number; readonly kafka: number };
}

/** The password of the sandbox's Elasticsearch listener (`startSandbox()` default). */
const SANDBOX_ES_PASSWORD = 'changeme';

const ALERT = {
  id: 'tour-db-primary-down',
  severity: 'critical',
  title: 'orders-db primary is down',
  content: 'Primary 10.0.0.21:3306 stopped answering at 03:12; automatic failover to the replica has started.',
  receivers: ['admin', 'oncall'],
} as const;

async function countLines(path: string): Promise<number> {
  let lines = 0;
  const reader = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const _line of reader) lines += 1;
  return lines;
}

async function postAlert(relay: NotifyRelay, token: string, alert: Record<string, unknown>): Promise<{ status: number; body: AlertAccepted }> {
  const response = await fetch(`${relay.url}/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(alert),
  });
  const body = (await response.json()) as AlertAccepted;
  if (response.status >= 300) throw new Error(`POST /alerts answered ${response.status}: ${JSON.stringify(body)}`);
  return { status: response.status, body };
}

/**
 * The scripted tour of `pnpm demo`: starts the sandbox, fans one critical alert out through
 * notify-relay and proves from the sandbox's outbox that each channel delivered exactly once,
 * searches logs (a table, a histogram and an NDJSON export of a few thousand records), probes and
 * registers an Elasticsearch and a Kafka cluster — then closes everything it started.
 */
export async function runTour(options: TourOptions): Promise<TourResult> {
  const started = performance.now();
  const result = await runSections(options);
  const seconds = (performance.now() - started) / 1000;
  if (!options.out.write(`\n✓ Tour finished in ${seconds.toFixed(1)} s; the relay, the clients and the sandbox are closed.\n`))
    await once(options.out, 'drain');
  return { ...result, seconds };
}

// The four sections; whatever happens, everything started here is closed before it returns.
async function runSections(options: TourOptions): Promise<TourResult> {
  const out = options.out;
  const body = indentedStream(out, '  ');
  const columns = Math.max(60, (options.columns ?? 100) - 2);
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const section = async (title: string): Promise<void> => {
    await write(`\n▸ ${title}\n\n`);
  };
  const command = async (text: string): Promise<void> => {
    await write(`  $ ${text}\n`);
  };
  const flush = async (): Promise<void> => {
    // The indenting stream writes through synchronously; this only lets it settle.
    await new Promise<void>((resolve) =>
      body.write('', () => {
        resolve();
      }),
    );
  };

  let sandbox: Sandbox | undefined;
  let relay: NotifyRelay | undefined;
  let search: LogSearchTarget | undefined;
  let clusters: ClusterAdminTarget | undefined;
  let exportDirectory: string | undefined;
  try {
    await write('bk-integrations — a tour of the SDK on an embedded BlueKing sandbox\n');
    await write(`${'═'.repeat(Math.min(columns, 68))}\n`);

    // 1. The sandbox
    await section('1. The sandbox (@x/sandbox)');
    sandbox = await startSandbox();
    const records = Object.values(sandbox.data.recordCounts).reduce((sum, count) => sum + count, 0);
    const esAddress = new URL(sandbox.elasticsearchUrl).host;
    const kafkaAddress = `${sandbox.kafkaAddress.host}:${sandbox.kafkaAddress.port}`;
    await write(
      [
        `  BlueKing gateway emulator  ${sandbox.url}  (app ${sandbox.credentials.appCode})`,
        `  Elasticsearch listener     ${esAddress}  (user elastic)`,
        `  Kafka listener             ${kafkaAddress}  (ApiVersions)`,
        `  Seeded logs                ${records.toLocaleString('en-US')} records over the last 24 h in index sets ${sandbox.data.indexSets.map((indexSet) => indexSet.indexSetId).join(', ')}`,
        '',
      ].join('\n'),
    );

    // 2. Alert fan-out
    await section('2. One critical alert, fanned out by notify-relay (@x/cmsi + @x/wework)');
    // The relay asks for a bearer token on every route but /healthz; the tour makes up its own.
    const relayToken = randomBytes(24).toString('base64url');
    relay = await startNotifyRelay({ port: 0, dbPath: ':memory:', sandbox, demoChat: true, token: relayToken });
    const outboxBefore = sandbox.outbox.length;
    const alert = { ...ALERT, chatid: relay.demoChatId };
    await write(`  notify-relay listening on ${relay.url} (queue ${relay.queueKind}, WeCom chat ${relay.demoChatId ?? '-'})\n`);
    await command(
      `curl -X POST ${relay.url}/alerts -H 'content-type: application/json' -H "Authorization: Bearer $NOTIFY_RELAY_TOKEN" -d '{"id":"${alert.id}","severity":"critical",...}'`,
    );
    const first = await postAlert(relay, relayToken, alert);
    await write(`  → ${first.status} delivery ${first.body.deliveryId}: channels ${first.body.channels.join(', ')}\n`);
    const delivery = await relay.waitForDelivery(alert.id, 30_000);
    await write('  Delivery (GET /alerts/' + alert.id + '):\n');
    const keyWidth = Math.max(...delivery.channels.map((channel) => channel.idempotencyKey.length));
    for (const channel of delivery.channels) {
      const last = channel.attempts.at(-1);
      await write(
        `    ${channel.channel.padEnd(7)} ${channel.state.padEnd(7)} ${channel.attempts.length} attempt${channel.attempts.length === 1 ? ' ' : 's'}  key ${channel.idempotencyKey.padEnd(keyWidth)}${last?.requestId === undefined ? '' : `  request id ${last.requestId}`}\n`,
      );
    }
    const again = await postAlert(relay, relayToken, alert);
    await write(`  The same alert POSTed again → ${again.status}, duplicate: ${again.body.duplicate} (nothing enqueued)\n`);
    // Give a wrongly re-enqueued send the time to show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const sent = sandbox.outbox.slice(outboxBefore);
    const deliveries: Record<string, number> = {};
    for (const message of sent) deliveries[message.channel] = (deliveries[message.channel] ?? 0) + 1;
    await write('  Sandbox outbox — what the gateways accepted (wework goes out as a WeCom app-chat message):\n');
    for (const message of sent) {
      await write(`    ${message.id.padEnd(7)} ${message.channel.padEnd(8)} to ${message.receivers.join(', ') || '(chat)'}  request id ${message.requestId}\n`);
    }
    const exactlyOnce = Object.values(deliveries).every((count) => count === 1) && sent.length === delivery.channels.length;
    await write(
      `  ${exactlyOnce ? '✓' : '✗'} ${Object.entries(deliveries)
        .map(([channel, count]) => `${channel} ×${count}`)
        .join(', ')} — ${exactlyOnce ? 'each channel delivered exactly once' : 'NOT exactly once'}\n`,
    );
    if (!exactlyOnce) throw new Error(`the outbox does not hold one message per channel: ${JSON.stringify(deliveries)}`);

    // 3. Log search
    await section('3. Log search with log-search (@x/unify-query + @x/bkdata)');
    search = await resolveLogSearchTarget({ apiHost: sandbox.url }, {}, () => undefined);
    const now = Date.now();
    const searchContext: LogSearchContext = { io: { stdout: body, stderr: options.progress, env: {} }, target: search, json: false, columns, now };
    await command("log-search search 'level:error' --index-set 42 --since 1h --limit 5");
    await searchCommand(searchContext, { query: 'level:error', indexSetIds: [42], sinceMs: 3_600_000, bkBizId: 2, limit: 5 });
    await flush();
    await write('\n');
    await command("log-search search '*' --index-set 42 --since 6h --histogram --interval 30m");
    const histogram = await histogramCommand(searchContext, { query: '*', indexSetIds: [42], sinceMs: 21_600_000, bkBizId: 2, interval: '30m' });
    await flush();
    await write('\n');
    exportDirectory = await mkdtemp(join(tmpdir(), 'bk-tour-'));
    const exportFile = join(exportDirectory, 'nginx-6h.ndjson');
    await command(`log-search search '*' --index-set 42 --since 6h --export ${exportFile}`);
    const exported = await exportCommand(searchContext, {
      query: '*',
      indexSetIds: [42],
      sinceMs: 21_600_000,
      bkBizId: 2,
      file: exportFile,
      interactiveProgress: options.progress.isTTY === true,
    });
    await flush();
    const lines = await countLines(exportFile);
    const complete = lines === exported.records && exported.records === exported.total;
    await write(
      `  ${complete ? '✓' : '✗'} ${exportFile} holds ${lines.toLocaleString('en-US')} lines = ${exported.total.toLocaleString('en-US')} matching records (the histogram counted ${histogram.total.toLocaleString('en-US')})${options.keepExport === true ? '' : '; removed at the end'}\n`,
    );
    if (!complete) throw new Error(`the export holds ${lines} lines for ${exported.total} matches`);

    // 4. Clusters
    await section('4. Cluster registration with cluster-admin (@x/infra)');
    clusters = await resolveClusterAdminTarget({ apiHost: sandbox.url }, {}, () => undefined);
    const clusterContext: ClusterAdminContext = { io: { stdout: body, stderr: options.progress, stdin: emptyInput(), env: {} }, json: false, columns };
    const esPort = Number(new URL(sandbox.elasticsearchUrl).port);
    await command(`cluster-admin probe es ${esAddress} --username elastic    # password: CLUSTER_PASSWORD or a prompt`);
    await probeElasticsearchCommand(clusterContext, {
      host: new URL(sandbox.elasticsearchUrl).hostname,
      port: esPort,
      username: 'elastic',
      password: SANDBOX_ES_PASSWORD,
    });
    await flush();
    await command(`cluster-admin probe kafka ${kafkaAddress}`);
    const kafkaProbe = await probeKafka({ host: sandbox.kafkaAddress.host, port: sandbox.kafkaAddress.port });
    await write(indentText(describeKafkaProbe(kafkaProbe)));
    await write(
      indentText(
        wrapList(
          '  APIs              ',
          kafkaProbe.apis.map((api) => `${api.name ?? String(api.apiKey)} ${api.minVersion}–${api.maxVersion}`),
          columns,
        ),
      ),
    );
    await write('\n');
    // localhost: the sandbox's own _default clusters already hold 127.0.0.1 and these ports.
    const registerContext = { ...clusterContext, infra: clusters.infra };
    await command(`cluster-admin es register es_tour localhost:${esPort} --biz 2 --username elastic --display-name "Tour ES"`);
    await registerElasticsearchCommand(registerContext, {
      name: 'es_tour',
      displayName: 'Tour ES',
      bkBizId: 2,
      host: 'localhost',
      port: esPort,
      username: 'elastic',
      password: SANDBOX_ES_PASSWORD,
    });
    await flush();
    await command(`cluster-admin kafka register kafka_tour localhost:${sandbox.kafkaAddress.port} --display-name "Tour Kafka" --kafka-version 3.7.0`);
    await registerKafkaCommand(registerContext, {
      name: 'kafka_tour',
      displayName: 'Tour Kafka',
      host: 'localhost',
      port: sandbox.kafkaAddress.port,
      version: '3.7.0',
    });
    await flush();
    await write('\n');
    await command('cluster-admin es list');
    const esClusters = await listClustersCommand(registerContext, 'es');
    await flush();
    await write('\n');
    await command('cluster-admin kafka list');
    const kafkaClusters = await listClustersCommand(registerContext, 'kafka');
    await flush();

    return {
      seconds: 0,
      deliveries,
      exportedRecords: exported.records,
      exportFileLines: lines,
      matchingRecords: exported.total,
      clusters: { elasticsearch: esClusters.length, kafka: kafkaClusters.length },
    };
  } finally {
    await relay?.close();
    await search?.close();
    await clusters?.close();
    await sandbox?.close();
    if (exportDirectory !== undefined && options.keepExport !== true) await rm(exportDirectory, { recursive: true, force: true });
  }
}

/** `label item, item, ...` wrapped to `width`, continuation lines under the first item. */
function wrapList(label: string, items: readonly string[], width: number): string {
  const lines: string[] = [];
  let line = label;
  for (const [index, item] of items.entries()) {
    const piece = `${item}${index === items.length - 1 ? '' : ','}`;
    if (line.length + piece.length + 1 > width && line.trim() !== label.trim()) {
      lines.push(line.trimEnd());
      line = ' '.repeat(label.length);
    }
    line += line.endsWith(' ') ? piece : ` ${piece}`;
  }
  lines.push(line.trimEnd());
  return `${lines.join('\n')}\n`;
}

function indentText(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : `  ${line}`))
    .join('\n');
}

// The tour never prompts: an ended stream stands in for stdin (touching process.stdin could keep a terminal handle open).
function emptyInput(): PassThrough {
  const input = new PassThrough();
  input.end();
  return input;
}
