import { Hono } from 'hono';
import type { Context } from 'hono';
import type { StoredRecord } from '../data/log-records.js';
import { QueryRejectedError, readOrderBy, sortRecords } from '../data/record-filter.js';
import { buildSeries, orderSeries, readSeriesRequest } from '../data/time-series.js';
import { resolveItems, timeRange, toRow } from '../data/unify-query-items.js';
import type { ResolvedItem } from '../data/unify-query-items.js';
import { jsonResponse } from '../sandbox-envelope.js';
import type { SandboxEnv } from '../sandbox-env.js';
import { blueKingRoute } from '../sandbox-route.js';
import type { RouteContext } from '../sandbox-route.js';
import type { SandboxState } from '../state/sandbox-state.js';
import type { ScrollCursor } from '../state/scroll-store.js';
import { isRecord } from '../request-params.js';

const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 10_000;

const ES_FIELD_TYPES: Readonly<Record<string, string>> = { keyword: 'keyword', text: 'text', long: 'long', integer: 'integer', double: 'double', date: 'date' };

type UnifyHandler = (c: Context<SandboxEnv>, body: Record<string, unknown>, traceId: string) => Response;

function pageLimit(body: Record<string, unknown>): number {
  const limit = typeof body.limit === 'number' ? body.limit : Number(body.limit ?? DEFAULT_LIMIT);
  return Number.isInteger(limit) && limit > 0 ? Math.min(limit, MAX_LIMIT) : DEFAULT_LIMIT;
}

function pageFrom(body: Record<string, unknown>): number {
  const from = typeof body.from === 'number' ? body.from : Number(body.from ?? 0);
  return Number.isInteger(from) && from > 0 ? from : 0;
}

function sortedRows(resolved: ResolvedItem, body: Record<string, unknown>): StoredRecord[] {
  return sortRecords(resolved.matched, readOrderBy(body.order_by));
}

/** Plain raw query: merged, sorted, paged by from/limit. */
function rawPage(c: Context<SandboxEnv>, body: Record<string, unknown>, traceId: string, items: readonly ResolvedItem[]): Response {
  const highlightWanted = isRecord(body.highlight) && body.highlight.enable === true;
  const owners = new Map<StoredRecord, ResolvedItem>();
  for (const resolved of items) for (const record of resolved.matched) owners.set(record, resolved);
  const all = sortRecords([...owners.keys()], readOrderBy(body.order_by));
  const from = pageFrom(body);
  const limit = pageLimit(body);
  const page = all.slice(from, from + limit);
  return jsonResponse(c, {
    total: all.length,
    list: page.flatMap((record) => {
      const owner = owners.get(record);
      return owner === undefined ? [] : [toRow(record, owner, highlightWanted)];
    }),
    done: from + page.length >= all.length,
    trace_id: traceId,
    status: null,
    result_table_options: Object.fromEntries(items.map((resolved) => [resolved.tableId, { from: Math.min(from + limit, resolved.matched.length) }])),
    result_table_id: items.map((resolved) => resolved.indexSet.resultTableId),
  });
}

/** Serves the next `limit` rows of each cursor and reports where each stands. */
function scrollPage(c: Context<SandboxEnv>, traceId: string, pairs: readonly { resolved: ResolvedItem; cursor: ScrollCursor; key: string; extra?: Record<string, unknown> }[], limit: number, total: number, highlightWanted: boolean): Response {
  const list: Record<string, unknown>[] = [];
  const options: Record<string, unknown> = {};
  for (const { resolved, cursor, key, extra } of pairs) {
    const page = cursor.rows.slice(cursor.position, cursor.position + limit);
    cursor.position += page.length;
    list.push(...page.map((record) => toRow(record, resolved, highlightWanted)));
    options[key] = { scroll_id: cursor.scrollId, from: cursor.position, ...extra };
  }
  return jsonResponse(c, {
    total,
    list,
    done: pairs.every(({ cursor }) => cursor.position >= cursor.rows.length),
    trace_id: traceId,
    status: null,
    result_table_options: options,
    result_table_id: [...new Set(pairs.map(({ resolved }) => resolved.indexSet.resultTableId))],
  });
}

function rawScroll(c: Context<SandboxEnv>, state: SandboxState, body: Record<string, unknown>, traceId: string, items: readonly ResolvedItem[]): Response {
  const previous = isRecord(body.result_table_options) ? body.result_table_options : {};
  const pairs = items.map((resolved) => {
    const option = previous[resolved.tableId];
    if (isRecord(option) && typeof option.scroll_id === 'string') {
      const cursor = state.scrolls.cursors.get(option.scroll_id);
      if (cursor?.tableId !== resolved.tableId) throw new QueryRejectedError(`scroll_id not found or expired: ${option.scroll_id}`);
      return { resolved, cursor, key: resolved.tableId };
    }
    const cursor: ScrollCursor = { scrollId: `scroll-${state.ids.hex(24)}`, tableId: resolved.tableId, rows: sortedRows(resolved, body), position: pageFrom(body) };
    state.scrolls.cursors.set(cursor.scrollId, cursor);
    return { resolved, cursor, key: resolved.tableId };
  });
  const total = pairs.reduce((sum, { cursor }) => sum + cursor.rows.length, 0);
  return scrollPage(c, typeof body.trace_id === 'string' && body.trace_id !== '' ? body.trace_id : traceId, pairs, pageLimit(body), total, false);
}

/** `raw_with_scroll`: the server keeps the export (keyed by the query) and serves every slice a page per call. */
function rawWithScroll(c: Context<SandboxEnv>, state: SandboxState, body: Record<string, unknown>, traceId: string): Response {
  const { clear_cache: clearCache, trace_id: _trace, result_table_options: _options, ...query } = body;
  const key = JSON.stringify(query);
  let session = state.scrolls.sliceSessions.get(key);
  const items = resolveItems(body, state.records);
  if (session === undefined || clearCache === true) {
    const sliceMax = typeof body.slice_max === 'number' && body.slice_max > 1 ? body.slice_max : 1;
    const slices = items.flatMap((resolved) => {
      const rows = sortedRows(resolved, body);
      const size = Math.ceil(rows.length / sliceMax);
      return Array.from({ length: sliceMax }, (_unused, sliceIndex) => ({ scrollId: `scroll-${state.ids.hex(24)}`, tableId: resolved.tableId, rows: rows.slice(sliceIndex * size, (sliceIndex + 1) * size), position: 0, sliceIndex, sliceMax }));
    });
    session = { traceId, slices };
    state.scrolls.sliceSessions.set(key, session);
  }
  const byTable = new Map(items.map((resolved) => [resolved.tableId, resolved]));
  const pairs = session.slices.flatMap((slice) => {
    const resolved = byTable.get(slice.tableId);
    return resolved === undefined ? [] : [{ resolved, cursor: slice, key: `${slice.tableId}|slice_${slice.sliceIndex}`, extra: { slice_index: slice.sliceIndex, slice_max: slice.sliceMax } }];
  });
  const total = items.reduce((sum, resolved) => sum + resolved.matched.length, 0);
  return scrollPage(c, session.traceId, pairs, pageLimit(body), total, false);
}

function timeSeries(c: Context<SandboxEnv>, state: SandboxState, body: Record<string, unknown>, traceId: string): Response {
  const items = resolveItems(body, state.records);
  const range = timeRange(body);
  const series = items.flatMap((resolved, position) => {
    const name = typeof resolved.item.reference_name === 'string' ? resolved.item.reference_name : `_result${position}`;
    return orderSeries(buildSeries(resolved.matched, readSeriesRequest(resolved.item), range, name), body.order_by, resolved.item.limit);
  });
  return jsonResponse(c, { series, is_partial: false, status: null, trace_id: traceId });
}

function fieldMap(c: Context<SandboxEnv>, body: Record<string, unknown>, traceId: string): Response {
  const tableId = typeof body.table_id === 'string' ? body.table_id : '';
  const resolved = resolveItems({ ...body, query_list: [{ table_id: tableId }] }, new Map([[tableId, []]]))[0];
  const fields = resolved?.indexSet.fields ?? [];
  return jsonResponse(c, {
    data: fields.map((field) => ({
      field_name: field.fieldName,
      field_type: ES_FIELD_TYPES[field.fieldType] ?? 'keyword',
      field_alias: field.fieldAlias,
      alias_name: '',
      origin_field: field.fieldName,
      is_agg: field.fieldType !== 'text',
      is_analyzed: field.fieldType === 'text',
      is_case_sensitive: false,
      tokenize_on_chars: field.fieldType === 'text' ? [' ', ',', ';', '"', "'", '(', ')', '[', ']', '{', '}', '|', '=', '&', '?', '<', '>', '\n', '\t'] : [],
    })),
    trace_id: traceId,
  });
}

/**
 * unify-query (spec §6): the five `query/ts/...` endpoints over the seeded records. Answers are raw
 * JSON without `result`; a request the server cannot run answers HTTP 400 `{trace_id, error}`.
 */
export function createUnifyQueryRoutes(context: RouteContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const { state } = context;
  const route = (path: string, name: string, handler: UnifyHandler): void => {
    app.post(
      path,
      blueKingRoute(context.services, `unify_query.${name}`, (c) => {
        const traceId = state.ids.hex(32);
        if (c.req.header('x-bk-scope-space-uid') === undefined && c.req.header('x-bk-scope-skip-space') === undefined) {
          return jsonResponse(c, { trace_id: traceId, error: 'space uid is empty: send X-Bk-Scope-Space-Uid or X-Bk-Scope-Skip-Space' }, 400);
        }
        const body = c.get('body');
        if (!isRecord(body)) return jsonResponse(c, { trace_id: traceId, error: 'the request body must be a JSON object' }, 400);
        try {
          return handler(c, body, traceId);
        } catch (error) {
          if (error instanceof QueryRejectedError) return jsonResponse(c, { trace_id: traceId, error: error.message }, 400);
          throw error;
        }
      }),
    );
  };
  route('/query/ts/', 'query_ts', (c, body, traceId) => timeSeries(c, state, body, traceId));
  route('/query/ts/reference/', 'query_ts_reference', (c, body, traceId) => timeSeries(c, state, body, traceId));
  route('/query/ts/raw/', 'query_ts_raw', (c, body, traceId) => {
    const items = resolveItems(body, state.records);
    return typeof body.scroll === 'string' && body.scroll !== '' ? rawScroll(c, state, body, traceId, items) : rawPage(c, body, traceId, items);
  });
  route('/query/ts/raw_with_scroll/', 'query_ts_raw_with_scroll', (c, body, traceId) => rawWithScroll(c, state, body, traceId));
  route('/query/ts/info/field_map/', 'query_field_map', (c, body, traceId) => fieldMap(c, body, traceId));
  return app;
}
