import { concatenate, median, percentile } from './stats.ts';

/** One batch of requests of one line: `count` calls with at most `concurrency` in flight. */
export interface BatchSample {
  readonly count: number;
  readonly wallMs: number;
  /** User + system CPU of this process (all its threads) during the batch, in µs. */
  readonly cpuMicros: number;
  /** Each call's latency in ms, in completion order. */
  readonly latenciesMs: Float64Array;
}

/** Collects garbage between batches (needs `node --expose-gc`), so one line's garbage is not paid by the next. */
export function collectGarbage(): void {
  globalThis.gc?.();
}

/**
 * Runs `call` `count` times with `concurrency` workers pulling from one shared counter, and
 * measures wall time, this process's CPU time and every call's latency.
 */
export async function runBatch(call: () => Promise<void>, count: number, concurrency: number): Promise<BatchSample> {
  const latencies = new Float64Array(count);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next += 1;
      const started = performance.now();
      await call();
      latencies[done] = performance.now() - started;
      done += 1;
    }
  };
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { count, wallMs, cpuMicros: used.user + used.system, latenciesMs: latencies };
}

/** A line taking part in interleaved rounds. */
export interface Contender {
  readonly id: string;
  readonly call: () => Promise<void>;
}

/** How one scenario is run. */
export interface RoundsPlan {
  readonly rounds: number;
  /**
   * The wall time one batch should take, in ms. Each line's count per batch is fixed once, from
   * its warm-up rate, so every line gets about the same time whatever its speed.
   */
  readonly batchMs: number;
  /** The fewest and most calls per batch. */
  readonly minCount: number;
  readonly maxCount: number;
  readonly concurrency: number;
  /** Calls per line before the first round (JIT, connections), not measured; also the calibration. */
  readonly warmup: number;
}

/** The calls per batch for a line that ran `warmup` calls in `warmupMs`: a multiple of the concurrency. */
export function batchCount(plan: RoundsPlan, warmup: BatchSample): number {
  const callsPerMs = warmup.count / Math.max(warmup.wallMs, 0.001);
  const wanted = Math.ceil((callsPerMs * plan.batchMs) / plan.concurrency) * plan.concurrency;
  return Math.max(plan.minCount, Math.min(plan.maxCount, wanted));
}

/**
 * The order of round `round`: the contenders rotated by `round`, so every line runs first, second,
 * … equally often and slow drift of the machine (thermal, other tenants) falls on all of them.
 */
export function rotation<T>(items: readonly T[], round: number): T[] {
  if (items.length === 0) return [];
  const shift = round % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/**
 * Interleaved rounds: every round runs every contender once (one batch each) in rotating order,
 * collecting garbage before each batch. Returns each contender's batches in round order.
 */
export async function runRounds(contenders: readonly Contender[], plan: RoundsPlan, onRound?: (round: number) => void): Promise<Map<string, BatchSample[]>> {
  const counts = new Map<string, number>();
  for (const contender of contenders) {
    collectGarbage();
    counts.set(contender.id, batchCount(plan, await runBatch(contender.call, plan.warmup, plan.concurrency)));
  }
  const samples = new Map<string, BatchSample[]>(contenders.map((contender) => [contender.id, []]));
  for (let round = 0; round < plan.rounds; round += 1) {
    for (const contender of rotation(contenders, round)) {
      collectGarbage();
      samples.get(contender.id)?.push(await runBatch(contender.call, counts.get(contender.id) ?? plan.minCount, plan.concurrency));
    }
    onRound?.(round);
  }
  return samples;
}

/** A line's figures in one scenario. */
export interface LineSummary {
  /** Median over rounds of the round's requests per second. */
  readonly requestsPerSecond: number;
  /** The slowest and fastest round, to show the spread. */
  readonly requestsPerSecondRange: readonly [number, number];
  /** Latency percentiles over every call of every round, in ms. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Median over rounds of this process's CPU time per request, in µs. */
  readonly cpuMicrosPerRequest: number;
  readonly rounds: number;
  /** Calls per batch (calibrated) and in all rounds. */
  readonly batchCount: number;
  readonly requests: number;
}

/** Summarises one line's batches. */
export function summarize(batches: readonly BatchSample[]): LineSummary {
  const rates = batches.map((batch) => batch.count / (batch.wallMs / 1000));
  const latencies = concatenate(batches.map((batch) => batch.latenciesMs));
  return {
    requestsPerSecond: median(rates),
    requestsPerSecondRange: [Math.min(...rates), Math.max(...rates)],
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    cpuMicrosPerRequest: median(batches.map((batch) => batch.cpuMicros / batch.count)),
    rounds: batches.length,
    batchCount: batches[0]?.count ?? 0,
    requests: latencies.length,
  };
}

/**
 * A line's throughput relative to a baseline, paired by round (each round's ratio, then the
 * median): both ran within the same round, so drift between rounds cancels out.
 */
export function pairedRatio(line: readonly BatchSample[], baseline: readonly BatchSample[]): number {
  const ratios: number[] = [];
  for (let index = 0; index < Math.min(line.length, baseline.length); index += 1) {
    const own = line[index];
    const base = baseline[index];
    if (own === undefined || base === undefined) continue;
    ratios.push(own.count / own.wallMs / (base.count / base.wallMs));
  }
  return median(ratios);
}
