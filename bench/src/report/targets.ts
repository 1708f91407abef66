import type { ScenarioResult } from '../suites/request-lines.ts';
import type { BulkResult, PaginateResult } from '../workloads/bulk.ts';
import type { ColdImportResult } from '../workloads/packages.ts';
import type { TargetResult } from './results.ts';
import { formatMegabytes, formatSignificant } from './table.ts';

/** The thresholds. */
export const thresholds = {
  coreRatio: 0.7,
  bulkRatio: 1.2,
  paginateGrowthBytes: 50e6,
  coldImportMs: 50,
} as const;

function lineRatio(requests: readonly ScenarioResult[], scenario: string, line: string): number | undefined {
  return requests.find((result) => result.scenario === scenario)?.lines.find((entry) => entry.line === line)?.ratio;
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
    const ratio = lineRatio(input.requests, scenario, 'core');
    if (ratio === undefined) continue;
    targets.push({
      id: `core-${scenario}`,
      description: `@x/core-client call vs raw node:http, small payload, ${label} (requests/s)`,
      target: `≥ ${thresholds.coreRatio}×`,
      measured: `${formatSignificant(ratio)}×`,
      met: ratio >= thresholds.coreRatio,
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
