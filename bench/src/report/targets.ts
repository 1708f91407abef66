import type { ScenarioResult } from '../suites/request-lines.ts';
import type { BulkResult, PaginateResult } from '../workloads/bulk.ts';
import type { ColdImportResult } from '../workloads/packages.ts';
import type { TargetResult } from './results.ts';
import { formatMegabytes, formatSignificant } from './table.ts';

/**
 * Issue 20's thresholds. The core is compared with bare ky on the same kind of transport: the
 * `ky-request` line (ky over a `fetch` built on `undici.request`, as the core's default transport is).
 */
export const thresholds = {
  coreCpuOverKy: 1.15,
  coreBaseline: 'ky-request',
  bulkRatio: 1.5,
  paginateGrowthBytes: 64e6,
  coldImportMs: 40,
} as const;

/** CPU µs per call of `line` divided by the baseline's, from the medians of one interleaved run. */
function cpuRatio(requests: readonly ScenarioResult[], scenario: string, line: string, baseline: string): number | undefined {
  const lines = requests.find((result) => result.scenario === scenario)?.lines;
  const measured = lines?.find((entry) => entry.line === line)?.cpuMicrosPerRequest;
  const base = lines?.find((entry) => entry.line === baseline)?.cpuMicrosPerRequest;
  return measured === undefined || base === undefined || base <= 0 ? undefined : measured / base;
}

/** Checks every target the run has data for. */
export function evaluateTargets(input: {
  readonly requests: readonly ScenarioResult[];
  readonly bulk: BulkResult | undefined;
  readonly paginate: PaginateResult | undefined;
  readonly coldImports: readonly ColdImportResult[] | undefined;
}): TargetResult[] {
  const targets: TargetResult[] = [];
  for (const [scenario, label] of [
    ['small-sequential', 'sequential'],
    ['small-concurrent', '64 concurrent'],
  ] as const) {
    const ratio = cpuRatio(input.requests, scenario, 'core', thresholds.coreBaseline);
    if (ratio === undefined) continue;
    targets.push({
      id: `core-${scenario}`,
      description: `@x/core-client call vs bare ky on an undici.request fetch, small payload, ${label} (CPU µs per call)`,
      target: `≤ ${thresholds.coreCpuOverKy}×`,
      measured: `${formatSignificant(ratio)}×`,
      met: ratio <= thresholds.coreCpuOverKy,
    });
  }
  if (input.bulk !== undefined) {
    targets.push({
      id: 'bulk',
      description: `bulk of ${input.bulk.total.toLocaleString('en-US')} records (pages of ${input.bulk.limit}, concurrency ${input.bulk.concurrency}) vs the hand-written node:http loop (wall time)`,
      target: `≤ ${thresholds.bulkRatio}×`,
      measured: `${formatSignificant(input.bulk.wallRatio)}×`,
      met: input.bulk.wallRatio <= thresholds.bulkRatio,
    });
  }
  if (input.paginate !== undefined) {
    targets.push({
      id: 'paginate-rss',
      description: `paginate over ${input.paginate.total.toLocaleString('en-US')} records: RSS growth (peak − before the first page)`,
      target: `< ${formatMegabytes(thresholds.paginateGrowthBytes)}`,
      measured: formatMegabytes(input.paginate.growthBytes),
      met: input.paginate.growthBytes < thresholds.paginateGrowthBytes,
    });
  }
  for (const entry of input.coldImports ?? []) {
    if (!entry.integration) continue;
    targets.push({
      id: `cold-import-${entry.name}`,
      description: `cold import of ${entry.name} (median of ${entry.runs}, fresh process)`,
      target: `< ${thresholds.coldImportMs} ms`,
      measured: entry.error === undefined ? `${formatSignificant(entry.importMs)} ms` : `failed: ${entry.error}`,
      met: entry.error === undefined && entry.importMs < thresholds.coldImportMs,
    });
  }
  return targets;
}
