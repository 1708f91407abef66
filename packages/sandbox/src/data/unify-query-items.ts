import { highlight } from 'liqe';
import { isRecord } from '../request-params.js';
import { INDEX_SETS } from './index-sets.js';
import type { IndexSetDefinition } from './index-sets.js';
import type { RecordsByTable, StoredRecord } from './log-records.js';
import { compileFilter, epochMilliseconds, parseQueryString, QueryRejectedError } from './record-filter.js';

/** One `query_list` item resolved against the seeded data. */
export interface ResolvedItem {
  readonly item: Record<string, unknown>;
  readonly tableId: string;
  readonly indexSet: IndexSetDefinition;
  /** The matching records, in storage (time ascending) order. */
  readonly matched: readonly StoredRecord[];
}

/** The request's time range in epoch milliseconds. */
export function timeRange(body: Record<string, unknown>): { start: number | undefined; end: number | undefined } {
  return { start: epochMilliseconds(body.start_time), end: epochMilliseconds(body.end_time) };
}

/** Resolves every `query_list` item: known table, filters compiled and applied. */
export function resolveItems(body: Record<string, unknown>, records: RecordsByTable): ResolvedItem[] {
  const queryList = body.query_list;
  if (!Array.isArray(queryList) || queryList.length === 0) throw new QueryRejectedError('query_list is empty');
  return queryList.map((item: unknown): ResolvedItem => {
    if (!isRecord(item)) throw new QueryRejectedError('each query_list item must be an object');
    const tableId = typeof item.table_id === 'string' ? item.table_id : '';
    const indexSet = INDEX_SETS.find((candidate) => candidate.tableId === tableId);
    if (indexSet === undefined) throw new QueryRejectedError(`table_id not found: ${tableId === '' ? '(empty)' : tableId}`);
    const predicate = compileFilter({ queryString: item.query_string, conditions: item.conditions, startTime: body.start_time, endTime: body.end_time });
    return { item, tableId, indexSet, matched: (records.get(tableId) ?? []).filter(predicate) };
  });
}

function highlightOf(record: StoredRecord, queryString: unknown): Record<string, string[]> {
  const query = parseQueryString(queryString);
  if (query === undefined) return {};
  const fragments: Record<string, string[]> = {};
  for (const match of highlight(query, record.source)) {
    const value = record.source[match.path];
    if (value === undefined) continue;
    const text = String(value);
    const marked =
      match.query === undefined
        ? `<mark>${text}</mark>`
        : text.replace(new RegExp(match.query.source, `${match.query.flags.replace('g', '')}g`), '<mark>$&</mark>');
    fragments[match.path] = [marked];
  }
  return fragments;
}

/** A record as unify-query lists it: the document plus its internal `__` keys. */
export function toRow(record: StoredRecord, resolved: ResolvedItem, withHighlight: boolean): Record<string, unknown> {
  const row: Record<string, unknown> = {
    ...record.source,
    __index: record.index,
    __doc_id: record.docId,
    __result_table: resolved.indexSet.resultTableId,
    __data_label: resolved.tableId,
  };
  if (withHighlight) row.__highlight = highlightOf(record, resolved.item.query_string);
  return row;
}
