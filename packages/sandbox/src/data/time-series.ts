import { isRecord } from '../request-params.js';
import type { StoredRecord } from './log-records.js';
import { QueryRejectedError } from './record-filter.js';

/**
 * One series of a `query/ts` answer: bkmonitor-datalink `pkg/unify-query/service/http` `TablesItem`
 * (`name` `_result<n>`, `metric_name`, `columns`, `types`, `group_keys`, `group_values`, `values`;
 * `stat` is `omitempty` and left out here).
 */
export interface Series {
  readonly name: string;
  readonly metric_name: string;
  readonly columns: readonly string[];
  readonly types: readonly string[];
  readonly group_keys: readonly string[];
  readonly group_values: readonly string[];
  readonly values: readonly (readonly [number, number])[];
}

// unify-query reads `window` and `step` with prometheus/common's `model.ParseDuration`
// (pkg/unify-query/query/structured/method.go `AggregateMethodList.ToQry`, window.go, query_ts.go
// `ToTime`): units y, w, d, h, m, s, ms, largest first, each at most once (`1w`, `1h30m`), a year
// of 365 days and a week of 7.
const WINDOW = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const WINDOW_UNITS = [31_536_000_000, 604_800_000, 86_400_000, 3_600_000, 60_000, 1000, 1] as const;

/** Parses a window such as `1m`, `5m`, `1h`, `1d`, `1w` or `1h30m` into milliseconds, as unify-query does. */
export function parseWindow(window: unknown): number {
  const match = typeof window === 'string' && window !== '' ? WINDOW.exec(window) : null;
  const milliseconds = match === null ? 0 : WINDOW_UNITS.reduce((total, unit, index) => total + Number(match[index + 1] ?? 0) * unit, 0);
  if (milliseconds <= 0) throw new QueryRejectedError(`invalid window: ${String(window)}`);
  return milliseconds;
}

/**
 * A `date_histogram` window as Elasticsearch gets it: unify-query writes the interval in whole
 * seconds (tsdb/elasticsearch functions.go `shortDur`: `7d` for `1w`, `0s` below a second, which
 * Elasticsearch refuses).
 */
function histogramWindow(window: unknown): number {
  const seconds = Math.floor(parseWindow(window) / 1000);
  if (seconds <= 0) throw new QueryRejectedError(`invalid date_histogram interval: ${String(window)} is under one second`);
  return seconds * 1000;
}

type Aggregate = 'count' | 'sum' | 'avg' | 'min' | 'max' | 'cardinality';
const AGGREGATES = new Set<string>(['count', 'sum', 'avg', 'min', 'max', 'cardinality']);

interface Accumulator {
  count: number;
  sum: number;
  min: number;
  max: number;
  distinct: Set<string>;
}

function finish(aggregate: Aggregate, accumulator: Accumulator): number {
  switch (aggregate) {
    case 'count':
      return accumulator.count;
    case 'sum':
      return accumulator.sum;
    case 'avg':
      return accumulator.count === 0 ? 0 : accumulator.sum / accumulator.count;
    case 'min':
      return accumulator.min;
    case 'max':
      return accumulator.max;
    default:
      return accumulator.distinct.size;
  }
}

/** What one query item asks for: the aggregate, its field, the group-by dimensions and an optional histogram window. */
export interface SeriesRequest {
  readonly aggregate: Aggregate;
  readonly field: string | undefined;
  readonly dimensions: readonly string[];
  readonly windowMs: number | undefined;
}

/** Reads `function: [{method, dimensions}, {method: 'date_histogram', window}]` (and `time_aggregation.window`). */
export function readSeriesRequest(item: Record<string, unknown>): SeriesRequest {
  const functions = Array.isArray(item.function) ? item.function.filter(isRecord) : [];
  let aggregate: Aggregate = 'count';
  let windowMs: number | undefined;
  const dimensions = new Set<string>(
    Array.isArray(item.dimensions) ? item.dimensions.filter((dimension): dimension is string => typeof dimension === 'string') : [],
  );
  for (const entry of functions) {
    const method = typeof entry.method === 'string' ? entry.method : '';
    if (method === 'date_histogram') {
      windowMs = histogramWindow(entry.window);
      continue;
    }
    if (!AGGREGATES.has(method)) throw new QueryRejectedError(`unsupported function method: ${method}`);
    aggregate = method as Aggregate;
    if (Array.isArray(entry.dimensions)) for (const dimension of entry.dimensions) if (typeof dimension === 'string') dimensions.add(dimension);
    if (entry.window !== undefined && entry.window !== '') windowMs = parseWindow(entry.window);
  }
  const timeAggregation = item.time_aggregation;
  if (windowMs === undefined && isRecord(timeAggregation) && timeAggregation.window !== undefined && timeAggregation.window !== '')
    windowMs = parseWindow(timeAggregation.window);
  const field = typeof item.field_name === 'string' && item.field_name !== '' ? item.field_name : undefined;
  if (aggregate !== 'count' && field === undefined) throw new QueryRejectedError(`${aggregate} needs field_name`);
  return { aggregate, field, dimensions: [...dimensions], windowMs };
}

/**
 * Aggregates records into series: one per combination of dimension values, each with one point
 * per window (zero-filled between start and end for counts), or one point at the start when there
 * is no window.
 */
export function buildSeries(
  records: readonly StoredRecord[],
  request: SeriesRequest,
  range: { start: number | undefined; end: number | undefined },
  name = '_result0',
): Series[] {
  const groups = new Map<string, { values: string[]; buckets: Map<number, Accumulator> }>();
  const firstTimestamp = range.start ?? records.reduce((minimum, record) => Math.min(minimum, record.timestamp), Number.POSITIVE_INFINITY);
  for (const record of records) {
    const values = request.dimensions.map((dimension) => (record.source[dimension] === undefined ? '' : String(record.source[dimension])));
    const key = JSON.stringify(values);
    let group = groups.get(key);
    if (group === undefined) {
      group = { values, buckets: new Map() };
      groups.set(key, group);
    }
    const bucket = request.windowMs === undefined ? firstTimestamp : Math.floor(record.timestamp / request.windowMs) * request.windowMs;
    let accumulator = group.buckets.get(bucket);
    if (accumulator === undefined) {
      accumulator = { count: 0, sum: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY, distinct: new Set() };
      group.buckets.set(bucket, accumulator);
    }
    accumulator.count += 1;
    const raw = request.field === undefined ? undefined : record.source[request.field];
    if (raw !== undefined) {
      const number = Number(raw);
      if (Number.isFinite(number)) {
        accumulator.sum += number;
        accumulator.min = Math.min(accumulator.min, number);
        accumulator.max = Math.max(accumulator.max, number);
      }
      accumulator.distinct.add(String(raw));
    }
  }
  return [...groups.values()].map((group) => {
    const points = new Map<number, number>([...group.buckets].map(([bucket, accumulator]) => [bucket, finish(request.aggregate, accumulator)]));
    if (request.windowMs !== undefined && request.aggregate === 'count' && range.start !== undefined && range.end !== undefined) {
      for (let bucket = Math.floor(range.start / request.windowMs) * request.windowMs; bucket <= range.end; bucket += request.windowMs) {
        if (!points.has(bucket)) points.set(bucket, 0);
      }
    }
    return {
      name,
      metric_name: '',
      columns: ['_time', '_value'],
      types: ['float', 'float'],
      group_keys: request.dimensions,
      group_values: group.values,
      values: [...points].sort(([left], [right]) => left - right),
    };
  });
}

/** Orders series by `_value` (the sum of their points) when asked, else by group values, then keeps `limit`. */
export function orderSeries(series: readonly Series[], orderBy: unknown, limit: unknown): Series[] {
  const total = (entry: Series): number => entry.values.reduce((sum, [, value]) => sum + value, 0);
  const keys = Array.isArray(orderBy) ? orderBy.filter((key): key is string => typeof key === 'string') : [];
  const byValue = keys.find((key) => key.replace(/^-/, '') === '_value');
  const ordered = [...series].sort((left, right) => {
    if (byValue !== undefined) {
      const difference = total(left) - total(right);
      if (difference !== 0) return byValue.startsWith('-') ? -difference : difference;
    }
    return JSON.stringify(left.group_values).localeCompare(JSON.stringify(right.group_values));
  });
  return typeof limit === 'number' && limit > 0 ? ordered.slice(0, limit) : ordered;
}
