import { median } from '../measure/stats.ts';
import type { BulkChildResult } from './bulk-child.ts';
import type { PaginateChildResult } from './paginate-child.ts';
import { runChild } from './run-child.ts';

export interface BulkLineResult {
  readonly mode: 'core' | 'http';
  readonly runs: readonly BulkChildResult[];
  readonly medianWallMs: number;
  readonly medianCpuMs: number;
  readonly medianPeakRssBytes: number;
  readonly medianStartRssBytes: number;
}

export interface BulkResult {
  readonly total: number;
  readonly limit: number;
  readonly concurrency: number;
  readonly core: BulkLineResult;
  readonly http: BulkLineResult;
  /** Median core wall time over median hand-written wall time. */
  readonly wallRatio: number;
}

function summarizeRuns(mode: 'core' | 'http', runs: readonly BulkChildResult[]): BulkLineResult {
  return {
    mode,
    runs,
    medianWallMs: median(runs.map((run) => run.wallMs)),
    medianCpuMs: median(runs.map((run) => run.cpuMs)),
    medianPeakRssBytes: median(runs.map((run) => run.peakRssBytes)),
    medianStartRssBytes: median(runs.map((run) => run.startRssBytes)),
  };
}

/**
 * `client.bulk` against the hand-written node:http loop, each run in a fresh process (peak RSS is
 * per run), alternating which goes first.
 */
export async function runBulk(
  origin: string,
  options: { total: number; limit: number; concurrency: number; rounds: number },
  log: (message: string) => void,
): Promise<BulkResult> {
  const runs: Record<'core' | 'http', BulkChildResult[]> = { core: [], http: [] };
  const args = (mode: string): string[] => [origin, mode, String(options.total), String(options.limit), String(options.concurrency)];
  for (let round = 0; round < options.rounds; round += 1) {
    const order: ('core' | 'http')[] = round % 2 === 0 ? ['http', 'core'] : ['core', 'http'];
    for (const mode of order) {
      const result = await runChild<BulkChildResult>('workloads/bulk-child.ts', args(mode));
      runs[mode].push(result);
      log(`  bulk ${mode}: ${Math.round(result.wallMs)} ms, peak RSS ${Math.round(result.peakRssBytes / 2 ** 20)} MiB`);
    }
  }
  const core = summarizeRuns('core', runs.core);
  const http = summarizeRuns('http', runs.http);
  return { ...options, core, http, wallRatio: core.medianWallMs / http.medianWallMs };
}

export interface PaginateResult extends PaginateChildResult {
  readonly total: number;
  readonly limit: number;
  readonly concurrency: number;
  /** Peak RSS minus RSS before the first page. */
  readonly growthBytes: number;
  /** RSS at the end minus RSS after the first 10% of pages (a leak shows here). */
  readonly drift: number;
}

/** Streams `total` records through `client.paginate` (or the hand-written loop) in a fresh process, RSS sampled throughout. */
export async function runPaginate(
  origin: string,
  mode: 'core' | 'http' | 'ky',
  options: { total: number; limit: number; concurrency: number },
): Promise<PaginateResult> {
  const result = await runChild<PaginateChildResult>('workloads/paginate-child.ts', [
    origin,
    mode,
    String(options.total),
    String(options.limit),
    String(options.concurrency),
  ]);
  return { ...options, ...result, growthBytes: result.peakRssBytes - result.startRssBytes, drift: result.endRssBytes - result.warmRssBytes };
}
