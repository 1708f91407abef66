import type { BenchLine, PayloadSize } from '../lines/bench-line.ts';
import type { LoopbackServer } from '../server/start-server.ts';
import { pairedRatio, runRounds, summarize, type LineSummary, type RoundsPlan } from '../measure/interleave.ts';

/** One cell of the comparison: payload size × concurrency. */
export interface Scenario {
  readonly id: string;
  readonly label: string;
  readonly size: PayloadSize;
  readonly plan: RoundsPlan;
}

/** A line's result in one scenario. */
export interface LineResult extends LineSummary {
  readonly line: string;
  /** Requests/s relative to the baseline line (paired by round; 1 for the baseline). */
  readonly ratio: number;
  /**
   * Requests/s relative to `undici.request` on a Pool (paired by round), when that line ran;
   * absent in results written before it existed.
   */
  readonly ratioToUndici?: number | undefined;
  /** Calls made, warm-up included, and requests the server counted for this line: equal unless calls were merged. */
  readonly calls: number;
  readonly upstreamRequests: number;
}

export interface ScenarioResult {
  readonly scenario: string;
  readonly label: string;
  readonly size: PayloadSize;
  readonly concurrency: number;
  readonly plan: RoundsPlan;
  readonly durationMs: number;
  readonly lines: readonly LineResult[];
}

/**
 * Runs every line through one scenario in interleaved rounds and relates each to `baselineId`.
 */
export async function runScenario(
  server: LoopbackServer,
  lines: readonly BenchLine[],
  scenario: Scenario,
  baselineId: string,
  log: (message: string) => void,
  floorId = 'undici-request',
): Promise<ScenarioResult> {
  server.reset();
  const started = performance.now();
  const samples = await runRounds(
    lines.map((line) => ({ id: line.id, call: async () => line.call(scenario.size) })),
    scenario.plan,
    (round) => {
      log(`  ${scenario.label}: round ${round + 1}/${scenario.plan.rounds}`);
    },
  );
  const baseline = samples.get(baselineId) ?? [];
  const floor = samples.get(floorId);
  const counts = await server.counts();
  return {
    scenario: scenario.id,
    label: scenario.label,
    size: scenario.size,
    concurrency: scenario.plan.concurrency,
    plan: scenario.plan,
    durationMs: performance.now() - started,
    lines: lines.map((line) => {
      const batches = samples.get(line.id) ?? [];
      return {
        line: line.id,
        ...summarize(batches),
        ratio: line.id === baselineId ? 1 : pairedRatio(batches, baseline),
        ratioToUndici: floor === undefined ? undefined : line.id === floorId ? 1 : pairedRatio(batches, floor),
        calls: scenario.plan.warmup + batches.reduce((sum, batch) => sum + batch.count, 0),
        upstreamRequests: counts[`${scenario.size}/${line.id}`] ?? 0,
      };
    }),
  };
}

/** The four scenarios; `quick` shrinks rounds and batch times for a smoke run. */
export function scenarios(quick: boolean): Scenario[] {
  const rounds = quick ? 2 : 5;
  const batchMs = quick ? 150 : 600;
  return [
    {
      id: 'small-sequential',
      label: 'small ~200 B, sequential',
      size: 'small',
      plan: { rounds, batchMs, minCount: 30, maxCount: 20_000, concurrency: 1, warmup: quick ? 50 : 300 },
    },
    {
      id: 'small-concurrent',
      label: 'small ~200 B, 64 concurrent',
      size: 'small',
      plan: { rounds, batchMs, minCount: 128, maxCount: 40_000, concurrency: 64, warmup: quick ? 128 : 640 },
    },
    {
      id: 'large-sequential',
      label: 'large ~1 MB, sequential',
      size: 'large',
      plan: { rounds, batchMs, minCount: 3, maxCount: 500, concurrency: 1, warmup: quick ? 2 : 5 },
    },
    // 64 calls is the least that keeps 64 in flight; at ~1 MB each, three rounds keep the run short.
    {
      id: 'large-concurrent',
      label: 'large ~1 MB, 64 concurrent',
      size: 'large',
      plan: { rounds: quick ? 1 : 3, batchMs, minCount: 64, maxCount: 640, concurrency: 64, warmup: 64 },
    },
  ];
}
