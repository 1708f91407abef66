import { median } from '../measure/stats.ts';
import { formatMegabytes, formatNumber, type Table } from '../report/table.ts';
import type { RouteCounts } from '../server/server-protocol.ts';
import type { LoopbackServer } from '../server/start-server.ts';
import { poolModes, poolsHeld, relayCall, relayServerCounts, type PoolMode, type RelayServerCounts } from './relay-mix.ts';
import { runChild } from './run-child.ts';
import type { SharedPoolChildResult } from './shared-pool-child.ts';

/** One run of a mode: what the process measured and what the server saw. */
export interface SharedPoolRun extends SharedPoolChildResult {
  readonly server: RelayServerCounts;
}

export interface SharedPoolModeResult {
  readonly mode: PoolMode;
  /** Calls in flight at once. */
  readonly concurrency: number;
  /** The connection pools the relay holds in this mode. */
  readonly pools: number;
  readonly runs: readonly SharedPoolRun[];
  readonly medianConnections: number;
  readonly medianCallsPerSecond: number;
  readonly medianCpuMicrosPerCall: number;
  readonly medianPeakRssBytes: number;
  readonly medianEndRssBytes: number;
}

export interface SharedPoolResult {
  readonly calls: number;
  readonly concurrencies: readonly number[];
  readonly webhooks: number;
  /** Every mode at every concurrency, in that order. */
  readonly modes: readonly SharedPoolModeResult[];
}

export interface SharedPoolOptions {
  readonly calls: number;
  /** Each is a scenario: the three modes at that many calls in flight. */
  readonly concurrencies: readonly number[];
  readonly webhooks: number;
  readonly rounds: number;
}

/** `after - before` per key: the counts of one run, whatever the server counted before it. */
export function countsSince(before: RouteCounts, after: RouteCounts): RouteCounts {
  const delta: RouteCounts = {};
  for (const [key, value] of Object.entries(after)) delta[key] = value - (before[key] ?? 0);
  return delta;
}

/** The requests a run of `calls` should make per kind (see `relayCall`). */
export function expectedRequests(calls: number, webhooks: number): Omit<RelayServerCounts, 'connections'> {
  const expected = { cmsiRequests: 0, appchatRequests: 0, robotRequests: 0 };
  for (let index = 0; index < calls; index += 1) {
    const kind = relayCall(index, webhooks).kind;
    if (kind === 'cmsi-mail') expected.cmsiRequests += 1;
    else if (kind === 'wework-appchat') expected.appchatRequests += 1;
    else expected.robotRequests += 1;
  }
  return expected;
}

/** The medians of a mode's runs. */
export function summarizeMode(mode: PoolMode, concurrency: number, webhooks: number, runs: readonly SharedPoolRun[]): SharedPoolModeResult {
  return {
    mode,
    concurrency,
    pools: poolsHeld(mode, webhooks),
    runs,
    medianConnections: median(runs.map((run) => run.server.connections)),
    medianCallsPerSecond: median(runs.map((run) => run.calls / (run.wallMs / 1000))),
    medianCpuMicrosPerCall: median(runs.map((run) => (run.cpuMs * 1000) / run.calls)),
    medianPeakRssBytes: median(runs.map((run) => run.peakRssBytes)),
    medianEndRssBytes: median(runs.map((run) => run.endRssBytes)),
  };
}

/** The modes in the order of round `round`: rotated each round, so none always runs first. */
export function modeOrder(round: number): PoolMode[] {
  return poolModes.map((_unused, index) => poolModes[(index + round) % poolModes.length] ?? 'shared');
}

/**
 * A relay using CMSI and WeCom together (mails, app-chat texts, posts to `webhooks` group robots),
 * at each concurrency, each mode run in a fresh process, the modes' order rotating each round.
 * The server counts the TCP connections each run opened.
 */
export async function runSharedPool(server: LoopbackServer, options: SharedPoolOptions, log: (message: string) => void): Promise<SharedPoolResult> {
  const expected = expectedRequests(options.calls, options.webhooks);
  const modes: SharedPoolModeResult[] = [];
  for (const concurrency of options.concurrencies) {
    const runs: Record<PoolMode, SharedPoolRun[]> = { shared: [], separate: [], 'per-robot': [] };
    for (let round = 0; round < options.rounds; round += 1) {
      for (const mode of modeOrder(round)) {
        const before = await server.counts();
        const result = await runChild<SharedPoolChildResult>('workloads/shared-pool-child.ts', [
          server.origin,
          mode,
          String(options.calls),
          String(concurrency),
          String(options.webhooks),
        ]);
        const counts = relayServerCounts(countsSince(before, await server.counts()), mode);
        if (
          counts.cmsiRequests !== expected.cmsiRequests ||
          counts.appchatRequests !== expected.appchatRequests ||
          counts.robotRequests !== expected.robotRequests
        ) {
          throw new Error(`shared pool ${mode}: the server saw ${JSON.stringify(counts)}, expected ${JSON.stringify(expected)}`);
        }
        runs[mode].push({ ...result, server: counts });
        log(
          `  shared pool ${mode}, ${concurrency} at once: ${counts.connections} connections, ${Math.round(result.wallMs)} ms, peak RSS ${Math.round(result.peakRssBytes / 2 ** 20)} MiB`,
        );
      }
    }
    for (const mode of poolModes) modes.push(summarizeMode(mode, concurrency, options.webhooks, runs[mode]));
  }
  return { calls: options.calls, concurrencies: options.concurrencies, webhooks: options.webhooks, modes };
}

const modeLabels: Readonly<Record<PoolMode, string>> = {
  shared: 'one `dispatcher` for CMSI, WeWork and its robots',
  separate: 'defaults: CMSI, WeWork app chats, WeWork robots',
  'per-robot': 'defaults + `createWeworkRobot` per webhook (a pool each)',
};

/** The modes side by side (medians over the runs). */
export function sharedPoolTable(result: SharedPoolResult): Table {
  return {
    head: ['at once', 'pools', 'relay', 'TCP connections (server)', 'calls/s', 'CPU µs/call', 'peak RSS', 'RSS at end', 'robots open'],
    align: ['r', 'r', 'l', 'r', 'r', 'r', 'r', 'r', 'r'],
    rows: result.modes.map((mode) => [
      formatNumber(mode.concurrency),
      formatNumber(mode.pools),
      modeLabels[mode.mode],
      formatNumber(mode.medianConnections),
      formatNumber(mode.medianCallsPerSecond),
      formatNumber(mode.medianCpuMicrosPerCall),
      formatMegabytes(mode.medianPeakRssBytes),
      formatMegabytes(mode.medianEndRssBytes),
      formatNumber(mode.runs[0]?.openRobots ?? Number.NaN),
    ]),
  };
}

/** What the table measured, in one sentence. */
export function sharedPoolCaption(result: SharedPoolResult): string {
  return (
    `A notification relay: ${formatNumber(result.calls)} calls (${result.concurrencies.join(' or ')} at once), in turn a CMSI \`sendMail\`, a WeWork \`sendText\` (app chat) and a \`sendRobotMarkdown\` to one of ${result.webhooks} group-robot webhooks; ` +
    `each mode in a fresh process (median of ${result.modes[0]?.runs.length ?? 0} runs). TCP connections are counted by the server ('connection' events).`
  );
}
