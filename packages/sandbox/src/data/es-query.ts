import { test } from 'liqe';
import { isRecord } from '../request-params.js';
import type { StoredRecord } from './log-records.js';
import { parseQueryString, QueryRejectedError, sortRecords } from './record-filter.js';
import type { RecordPredicate, SortKey } from './record-filter.js';

function asNumberOrText(value: unknown): number | string | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const number = Number(value);
    return value.trim() !== '' && Number.isFinite(number) ? number : value;
  }
  return undefined;
}

function compare(left: unknown, right: unknown): number | undefined {
  const a = asNumberOrText(left);
  const b = asNumberOrText(right);
  if (a === undefined || b === undefined) return undefined;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

function singleEntry(clause: unknown, name: string): [string, unknown] {
  if (!isRecord(clause)) throw new QueryRejectedError(`[${name}] query malformed, expected an object`);
  const entries = Object.entries(clause).filter(([key]) => key !== 'boost' && key !== '_name');
  const entry = entries[0];
  if (entries.length !== 1 || entry === undefined) throw new QueryRejectedError(`[${name}] query doesn't support multiple fields`);
  return entry;
}

function clauses(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Compiles the subset of the Elasticsearch query DSL the sandbox understands: `match_all`,
 * `query_string`, `term`, `terms`, `range`, `exists` and `bool` (must, filter, should, must_not).
 */
export function compileEsQuery(query: unknown): RecordPredicate {
  if (query === undefined) return () => true;
  if (!isRecord(query)) throw new QueryRejectedError('query must be an object');
  const [kind, clause] = singleEntry(query, 'query');
  switch (kind) {
    case 'match_all':
      return () => true;
    case 'query_string': {
      const text = isRecord(clause) ? clause.query : undefined;
      const parsed = parseQueryString(text);
      return parsed === undefined ? () => true : (record) => test(parsed, record.source);
    }
    case 'term': {
      const [field, value] = singleEntry(clause, 'term');
      const expected = isRecord(value) ? value.value : value;
      return (record) => record.source[field] !== undefined && String(record.source[field]) === String(expected);
    }
    case 'terms': {
      const [field, values] = singleEntry(clause, 'terms');
      if (!Array.isArray(values)) throw new QueryRejectedError('[terms] query requires an array of values');
      const expected = new Set(values.map(String));
      return (record) => record.source[field] !== undefined && expected.has(String(record.source[field]));
    }
    case 'range': {
      const [field, bounds] = singleEntry(clause, 'range');
      if (!isRecord(bounds)) throw new QueryRejectedError('[range] query malformed');
      return (record) => {
        const value = record.source[field];
        const check = (bound: unknown, accept: (difference: number) => boolean): boolean => {
          if (bound === undefined || bound === null) return true;
          const difference = compare(value, bound);
          return difference !== undefined && accept(difference);
        };
        return check(bounds.gte, (d) => d >= 0) && check(bounds.gt, (d) => d > 0) && check(bounds.lte, (d) => d <= 0) && check(bounds.lt, (d) => d < 0);
      };
    }
    case 'exists': {
      const field = isRecord(clause) && typeof clause.field === 'string' ? clause.field : undefined;
      if (field === undefined) throw new QueryRejectedError('[exists] query requires a field');
      return (record) => record.source[field] !== undefined;
    }
    case 'bool': {
      if (!isRecord(clause)) throw new QueryRejectedError('[bool] query malformed');
      const must = [...clauses(clause.must), ...clauses(clause.filter)].map(compileEsQuery);
      const should = clauses(clause.should).map(compileEsQuery);
      const mustNot = clauses(clause.must_not).map(compileEsQuery);
      const minimumShould = typeof clause.minimum_should_match === 'number' ? clause.minimum_should_match : must.length === 0 ? 1 : 0;
      return (record) =>
        must.every((predicate) => predicate(record)) &&
        !mustNot.some((predicate) => predicate(record)) &&
        (should.length === 0 || should.filter((predicate) => predicate(record)).length >= minimumShould);
    }
    default:
      throw new QueryRejectedError(`unknown query [${kind}]`);
  }
}

/** Reads ES `sort`: `'field'`, `{field: 'desc'}`, `{field: {order: 'desc'}}`, or a list of those. */
export function readEsSort(sort: unknown): SortKey[] {
  return clauses(sort).flatMap((item): SortKey[] => {
    if (typeof item === 'string') return [{ field: item, descending: false }];
    if (!isRecord(item)) return [];
    return Object.entries(item).map(([field, order]) => ({ field, descending: String(isRecord(order) ? order.order : order).toLowerCase() === 'desc' }));
  });
}

/** An ES search response over the records of the matched indices. */
export function searchRecords(records: readonly StoredRecord[], body: Record<string, unknown>): Record<string, unknown> {
  const predicate = compileEsQuery(body.query);
  const matched = sortRecords(records.filter(predicate), readEsSort(body.sort));
  const from = typeof body.from === 'number' ? body.from : 0;
  const size = typeof body.size === 'number' ? body.size : 10;
  const exact = body.track_total_hits === true || matched.length <= 10_000;
  return {
    took: 1,
    timed_out: false,
    _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
    hits: {
      total: { value: exact ? matched.length : 10_000, relation: exact ? 'eq' : 'gte' },
      max_score: null,
      hits: matched
        .slice(from, from + size)
        .map((record) => ({ _index: record.index, _type: '_doc', _id: record.docId, _score: null, _source: record.source })),
    },
  };
}
