import { formatCount, formatTimestamp, writeText } from '@x/cli-kit';
import type { UnifyQueryHistogramBucket } from '@x/unify-query';
import { renderBarChart } from '../bar-chart.js';
import { formatDuration, parseDuration } from '../duration.js';
import { jsonLine } from './command-context.js';
import type { CommandContext } from './command-context.js';
import { searchQuery } from './search-command.js';
import type { SearchOptions } from './search-command.js';

/** Options of {@link histogramCommand}. */
export interface HistogramOptions extends SearchOptions {
  /**
   * The bucket window (`1m`, `5m`, `1h`...).
   * @default the smallest of 1m, 2m, 5m, 10m, 15m, 30m, 1h, 2h, 3h, 6h, 12h, 1d giving at most 24 buckets
   */
  readonly interval?: string | undefined;
}

/** What {@link histogramCommand} counted. */
export interface HistogramResult {
  readonly interval: string;
  readonly total: number;
  readonly buckets: readonly UnifyQueryHistogramBucket[];
}

const INTERVALS = ['1m', '2m', '5m', '10m', '15m', '30m', '1h', '2h', '3h', '6h', '12h', '1d'] as const;
const MAX_BUCKETS = 24;

/** The bucket window for a time range: at most 24 buckets, e.g. 1h → 5m, 6h → 15m, 24h → 1h. */
export function autoInterval(rangeMs: number): string {
  return INTERVALS.find((interval) => rangeMs / parseDuration(interval) <= MAX_BUCKETS) ?? '1d';
}

/**
 * `search "<query>" --histogram`: counts per time window as a terminal bar chart
 * (`unifyQuery.histogram`, a date_histogram over `query/ts/reference/`).
 */
export async function histogramCommand(context: CommandContext, options: HistogramOptions): Promise<HistogramResult> {
  const interval = options.interval ?? autoInterval(options.sinceMs);
  const { buckets } = await context.target.unifyQuery.histogram(searchQuery(options, context.now, 1), { interval, callOptions: { signal: context.io.signal } });
  const total = buckets.reduce((sum, bucket) => sum + bucket.count, 0);
  if (context.json) {
    await writeText(context.io.stdout, jsonLine({ interval, total, buckets }));
    return { interval, total, buckets };
  }
  // Within a day the time of day is enough; longer ranges need the date.
  const label = (time: number): string => formatTimestamp(time).slice(options.sinceMs <= 86_400_000 ? 11 : 5, 16);
  await writeText(
    context.io.stdout,
    `Records per ${interval} matching "${options.query}" (index set ${options.indexSetIds.join(', ')}, last ${formatDuration(options.sinceMs)}): ${formatCount(total)} in total\n`,
  );
  await writeText(context.io.stdout, renderBarChart(buckets.map((bucket) => ({ label: label(bucket.time), value: bucket.count })), context.columns));
  return { interval, total, buckets };
}
