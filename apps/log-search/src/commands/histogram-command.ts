import { formatCount, formatTimestamp, UsageError, writeText } from '@x/cli-kit';
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
   * The bucket window, in the syntax of `--since` (`30s`, `5m`, `1h`, `1d`, `1w`, `1h30m`). At most
   * {@link MAX_HISTOGRAM_BUCKETS} buckets: a window that makes more is a UsageError naming the
   * smallest that fits.
   * @default the smallest of 1m, 2m, 5m, 10m, 15m, 30m, 1h, 2h, 3h, 6h, 12h, 1d giving at most 24 buckets
   */
  readonly interval?: string | undefined;
}

/** What {@link histogramCommand} counted. */
export interface HistogramResult {
  /** The window as sent to unify-query (`1h30m` → `90m`). */
  readonly interval: string;
  readonly total: number;
  readonly buckets: readonly UnifyQueryHistogramBucket[];
}

const INTERVALS = ['1m', '2m', '5m', '10m', '15m', '30m', '1h', '2h', '3h', '6h', '12h', '1d'] as const;
const AUTO_BUCKETS = 24;

/**
 * The most buckets a histogram may have: a day by the minute fits (1,441 buckets with both ends).
 * unify-query asks Elasticsearch for
 * every bucket of the range (`extended_bounds`, `min_doc_count: 0`), so `--interval 1s --since 1d`
 * would be 86,401 buckets (past Elasticsearch's `search.max_buckets`) and as many lines.
 */
export const MAX_HISTOGRAM_BUCKETS = 2_000;

// Windows offered when an --interval makes too many buckets.
const SUGGESTED = ['1s', '2s', '5s', '10s', '15s', '30s', ...INTERVALS, '2d', '1w', '2w', '4w'] as const;

/** The bucket window for a time range: at most 24 buckets, e.g. 1h → 5m, 6h → 15m, 24h → 1h. */
export function autoInterval(rangeMs: number): string {
  return INTERVALS.find((interval) => rangeMs / parseDuration(interval) <= AUTO_BUCKETS) ?? '1d';
}

/** The most buckets a range may fall into with a window: aligned buckets, both ends included. */
export function bucketCount(rangeMs: number, windowMs: number): number {
  return Math.floor(rangeMs / windowMs) + 1;
}

/**
 * The window `--interval` asks for, as unify-query reads it: unify-query parses windows with
 * prometheus' `model.ParseDuration` (units largest first, lower case: `1h30m`, `1w`; a week is
 * `7d` to Elasticsearch), so the text sent is the canonical one (`30m1h` and `90M` become `90m`).
 * @throws UsageError for a window that is not a duration, or that makes more than {@link MAX_HISTOGRAM_BUCKETS} buckets over the range
 */
export function histogramInterval(interval: string | undefined, rangeMs: number): { readonly interval: string; readonly windowMs: number } {
  if (interval === undefined) {
    const chosen = autoInterval(rangeMs);
    return { interval: chosen, windowMs: parseDuration(chosen) };
  }
  const windowMs = parseDuration(interval);
  const count = bucketCount(rangeMs, windowMs);
  if (count > MAX_HISTOGRAM_BUCKETS) {
    const fits = SUGGESTED.find((candidate) => parseDuration(candidate) >= windowMs && bucketCount(rangeMs, parseDuration(candidate)) <= MAX_HISTOGRAM_BUCKETS);
    throw new UsageError(
      `--interval ${interval} over the last ${formatDuration(rangeMs)} makes ${formatCount(count)} buckets, more than the ${formatCount(MAX_HISTOGRAM_BUCKETS)} a histogram may have: ` +
        `use ${fits === undefined ? 'a longer --interval' : `--interval ${fits} or longer`}, or a shorter --since`,
    );
  }
  return { interval: formatDuration(windowMs), windowMs };
}

/**
 * Labels for bucket start times that say what the window needs and no more, and never repeat:
 * seconds when the window is not whole minutes, the date when the buckets span several days (the
 * year when several years), and the date alone for day-aligned windows starting at midnight.
 * @example histogramLabels([t0, t0 + 1000], 1000) // ['18:20:00', '18:20:01']
 */
export function histogramLabels(times: readonly number[], windowMs: number): string[] {
  const stamps = times.map(formatTimestamp); // local `YYYY-MM-DD HH:mm:ss.SSS`
  const days = new Set(stamps.map((stamp) => stamp.slice(0, 10)));
  const years = new Set(stamps.map((stamp) => stamp.slice(0, 4)));
  const wholeDays = windowMs % 86_400_000 === 0 && stamps.every((stamp) => stamp.endsWith('00:00:00.000'));
  const seconds = windowMs % 60_000 !== 0 || stamps.some((stamp) => stamp.slice(17) !== '00.000');
  return stamps.map((stamp) => {
    const date = years.size > 1 ? stamp.slice(0, 10) : days.size > 1 || wholeDays ? stamp.slice(5, 10) : '';
    const time = wholeDays ? '' : stamp.slice(11, seconds ? 19 : 16);
    return [date, time].filter((part) => part !== '').join(' ');
  });
}

/**
 * `search "<query>" --histogram`: counts per time window as a terminal bar chart
 * (`unifyQuery.histogram`, a date_histogram over `query/ts/reference/`).
 * @throws UsageError before anything is sent when `interval` is not a duration or makes too many buckets
 */
export async function histogramCommand(context: CommandContext, options: HistogramOptions): Promise<HistogramResult> {
  const { interval, windowMs } = histogramInterval(options.interval, options.sinceMs);
  const { buckets } = await context.target.unifyQuery.histogram(searchQuery(options, context.now, 1), { interval, callOptions: { signal: context.io.signal } });
  const total = buckets.reduce((sum, bucket) => sum + bucket.count, 0);
  if (context.json) {
    await writeText(context.io.stdout, jsonLine({ interval, total, buckets }));
    return { interval, total, buckets };
  }
  const labels = histogramLabels(
    buckets.map((bucket) => bucket.time),
    windowMs,
  );
  await writeText(
    context.io.stdout,
    `Records per ${interval} matching "${options.query}" (index set ${options.indexSetIds.join(', ')}, last ${formatDuration(options.sinceMs)}): ${formatCount(total)} in total\n`,
  );
  await writeText(
    context.io.stdout,
    renderBarChart(
      buckets.map((bucket, index) => ({ label: labels[index] ?? '', value: bucket.count })),
      context.columns,
    ),
  );
  return { interval, total, buckets };
}
