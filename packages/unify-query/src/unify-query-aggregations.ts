import type { CallOptions } from '@x/core-client';
import type { UnifyQuerySeries, UnifyQueryTsParams, UnifyQueryTsResult } from './endpoints/unify-query-ts.js';

/** One bucket of a histogram: the window start (epoch ms) and the count in it. */
export interface UnifyQueryHistogramBucket {
  readonly time: number;
  readonly count: number;
}

/**
 * One series of an aggregation, in camelCase (the wire series is in `raw.series`): its group and
 * its `[epoch ms, value]` points.
 */
export interface UnifyQueryAggregationSeries {
  /** `_result<n>`, when unify-query names it. */
  readonly name: string | undefined;
  readonly metricName: string | undefined;
  /** The dimension names, e.g. `['level']`. */
  readonly groupKeys: readonly string[];
  /** The dimension values, in `groupKeys` order, e.g. `['error']`. */
  readonly groupValues: readonly string[];
  /** `[epoch ms, value]` points (`null`: no value in that window). */
  readonly values: readonly (readonly [time: number, value: number | null])[];
}

/** What {@link histogramOf} returns: buckets summed over every series, in time order. */
export interface UnifyQueryHistogram {
  readonly buckets: UnifyQueryHistogramBucket[];
  /** The series, for per-group histograms (`dimensions`). */
  readonly series: UnifyQueryAggregationSeries[];
  readonly traceId: string | undefined;
  /** unify-query's answer as sent (wire names). */
  readonly raw: UnifyQueryTsResult;
}

/** One bucket of a terms aggregation: a field value and how many rows hold it. */
export interface UnifyQueryTermsBucket {
  readonly value: string;
  readonly count: number;
}

/** What {@link termsOf} returns: buckets by count, largest first. */
export interface UnifyQueryTerms {
  readonly field: string;
  readonly buckets: UnifyQueryTermsBucket[];
  readonly series: UnifyQueryAggregationSeries[];
  readonly traceId: string | undefined;
  /** unify-query's answer as sent (wire names). */
  readonly raw: UnifyQueryTsResult;
}

/** Options of a histogram. */
export interface UnifyQueryHistogramOptions {
  /**
   * The window of each bucket (`1m`, `5m`, `1h`...).
   * @default the query's `step` (which `buildQuery` resolves from `auto`), else '1m'
   */
  readonly interval?: string | undefined;
  /** Split the counts by these fields (one series per value combination). */
  readonly dimensions?: readonly string[] | undefined;
  /** Call options. */
  readonly callOptions?: Omit<CallOptions, 'raw'> | undefined;
}

/** Options of a terms aggregation. */
export interface UnifyQueryTermsOptions {
  /** The field whose values are counted. */
  readonly field: string;
  /**
   * How many values (largest counts) to return.
   * @default 10
   */
  readonly size?: number | undefined;
  /** Call options. */
  readonly callOptions?: Omit<CallOptions, 'raw'> | undefined;
}

function camelSeries(series: UnifyQuerySeries): UnifyQueryAggregationSeries {
  return {
    name: series.name ?? undefined,
    metricName: series.metric_name ?? undefined,
    groupKeys: series.group_keys ?? [],
    groupValues: series.group_values ?? [],
    values: (series.values ?? []).map(([time, value]) => [time, value] as const),
  };
}

/** Calls `query/ts/reference/`. */
export type ReferenceCall = (params: UnifyQueryTsParams, options: Omit<CallOptions, 'raw'>) => Promise<UnifyQueryTsResult>;

/**
 * A date histogram of row counts (bklog's `date_histogram`): every item gets
 * `function: [{method: 'count'}, {method: 'date_histogram', window}]`, `time_aggregation: {}`,
 * `order_by: []`, over `query/ts/reference/`.
 */
export async function histogramOf(call: ReferenceCall, query: UnifyQueryTsParams, options: UnifyQueryHistogramOptions = {}): Promise<UnifyQueryHistogram> {
  const window = options.interval ?? query.step ?? '1m';
  const count =
    options.dimensions === undefined || options.dimensions.length === 0 ? { method: 'count' } : { method: 'count', dimensions: [...options.dimensions] };
  const result = await call(
    {
      ...query,
      query_list: query.query_list.map((item) => ({ ...item, function: [count, { method: 'date_histogram', window }] })),
      time_aggregation: {},
      order_by: [],
    },
    options.callOptions ?? {},
  );
  const series = (result.series ?? []).map(camelSeries);
  const totals = new Map<number, number>();
  for (const item of series) for (const [time, value] of item.values) totals.set(time, (totals.get(time) ?? 0) + (value ?? 0));
  const buckets = [...totals.entries()].sort(([left], [right]) => left - right).map(([time, total]) => ({ time, count: total }));
  return { buckets, series, traceId: result.trace_id ?? undefined, raw: result };
}

/**
 * The most frequent values of a field (bklog's terms aggregation): every item gets
 * `function: [{method: 'count', dimensions: [field]}]`, `field_name: field`, `limit: size` and a
 * `field != ""` condition; `order_by: ['-_value']`, over `query/ts/reference/`.
 */
export async function termsOf(call: ReferenceCall, query: UnifyQueryTsParams, options: UnifyQueryTermsOptions): Promise<UnifyQueryTerms> {
  const size = options.size ?? 10;
  const result = await call(
    {
      ...query,
      query_list: query.query_list.map((item) => {
        const fieldList = [...(item.conditions?.field_list ?? [])];
        const conditionList = [...(item.conditions?.condition_list ?? [])];
        if (fieldList.length > 0) conditionList.push('and');
        fieldList.push({ field_name: options.field, op: 'ne', value: [''] });
        return {
          ...item,
          field_name: options.field,
          limit: size,
          function: [{ method: 'count', dimensions: [options.field] }],
          conditions: { field_list: fieldList, condition_list: conditionList },
        };
      }),
      order_by: ['-_value'],
    },
    options.callOptions ?? {},
  );
  const series = (result.series ?? []).map(camelSeries);
  const counts = new Map<string, number>();
  for (const item of series) {
    const value = item.groupValues[0];
    if (value === undefined) continue;
    const total = item.values.reduce((sum, [, point]) => sum + (point ?? 0), 0);
    counts.set(value, (counts.get(value) ?? 0) + total);
  }
  const buckets = [...counts.entries()]
    .map(([value, count]) => ({ value, count }))
    .sort((left, right) => right.count - left.count || left.value.localeCompare(right.value))
    .slice(0, size);
  return { field: options.field, buckets, series, traceId: result.trace_id ?? undefined, raw: result };
}
