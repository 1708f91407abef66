import { Hono } from 'hono';
import type { Context } from 'hono';
import type { StoredRecord } from '../data/log-records.js';
import { QueryRejectedError, readOrderBy, sortRecords } from '../data/record-filter.js';
import { buildSeries, orderSeries, readSeriesRequest } from '../data/time-series.js';
import { resolveItems, timeRange, toRow } from '../data/unify-query-items.js';
import type { ResolvedItem } from '../data/unify-query-items.js';
import { mayOmit } from '../sandbox-answers.js';
import { jsonResponse } from '../sandbox-envelope.js';
import type { SandboxEnv } from '../sandbox-env.js';
import { blueKingRoute } from '../sandbox-route.js';
import type { RouteContext } from '../sandbox-route.js';
import type { SandboxState } from '../state/sandbox-state.js';
import type { ScrollCursor, SliceCursor } from '../state/scroll-store.js';
import { isRecord } from '../request-params.js';

/*
 * Shapes follow unify-query's own source, TencentBlueKing/bkmonitor-datalink `pkg/unify-query`
 * (read at 03015508bb9c3203a6bcc6515fb9407806de518f for the handler tests, 059af48c for the structs):
 * - `service/http/prom_data.go` `PromData` (query/ts, query/ts/reference): `series`, `is_partial`;
 *   `status`, `trace_id`, `result_table_id` are `omitempty` (a success carries no `status`).
 * - `service/http/response.go` `ListData` (query/ts/raw, raw_with_scroll): `total`, `list`, `done`,
 *   `status` (`null` on success since 2025-09, left out before), `trace_id` and
 *   `result_table_options` `omitempty`, `result_table_id` (newer servers only).
 * - `response.go` `ErrResponse`: a failure is HTTP 400 `{trace_id (omitempty), error}`.
 * - `metadata` `ResultTableOption` (every field `omitempty`), keyed by `Query.TableUUID()`:
 *   `<table_id>|<storage_id>`, plus `|<slice>` in a slice export.
 * - `service/http/handler_test.go` `TestQueryRawWithHandler`, `TestQueryReferenceWithHandler`,
 *   "test field map in es": real answers of each endpoint.
 * `trace_id` is the request's trace when tracing is on; minimal answers leave it out (`mayOmit`).
 */

const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 10_000;
/** The storage id of the sandbox's Elasticsearch in `result_table_options` keys (unify-query's tests use 3). */
const STORAGE_ID = '3';

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

/** `Query.TableUUID()`: the real result table and its storage (and slice). */
function tableKey(resolved: ResolvedItem, slice?: number): string {
  return [resolved.indexSet.resultTableId, STORAGE_ID, ...(slice === undefined ? [] : [String(slice)])].join('|');
}

/** `result_table_id`: the routed result tables, sorted and distinct (`resultTableIDFromRouteInfo`). */
function resultTableIds(items: readonly ResolvedItem[]): string[] {
  return [...new Set(items.map((resolved) => resolved.indexSet.resultTableId))].sort();
}

/** A `ListData` answer in its upstream key order; `status` is `null` on success (left out by servers before 2025-09). */
function listData(
  c: Context<SandboxEnv>,
  answer: { total: number; list: Record<string, unknown>[]; done: boolean; traceId: string; options: Record<string, unknown>; items: readonly ResolvedItem[] },
): Response {
  return jsonResponse(c, {
    total: answer.total,
    list: answer.list,
    done: answer.done,
    trace_id: mayOmit(c, answer.traceId),
    status: mayOmit(c, null),
    // `omitempty` on a map: an empty one is left out.
    result_table_options: Object.keys(answer.options).length === 0 ? undefined : answer.options,
    result_table_id: mayOmit(c, resultTableIds(answer.items)),
  });
}

/** Plain raw query (`HandlerQueryRaw`): merged, sorted, paged by from/limit; `total` is every match. */
function rawPage(c: Context<SandboxEnv>, body: Record<string, unknown>, traceId: string, items: readonly ResolvedItem[]): Response {
  const highlightWanted = isRecord(body.highlight) && body.highlight.enable === true;
  const owners = new Map<StoredRecord, ResolvedItem>();
  for (const resolved of items) for (const record of resolved.matched) owners.set(record, resolved);
  const all = sortRecords([...owners.keys()], readOrderBy(body.order_by));
  const from = pageFrom(body);
  const limit = pageLimit(body);
  const page = all.slice(from, from + limit);
  return listData(c, {
    total: all.length,
    list: page.flatMap((record) => {
      const owner = owners.get(record);
      return owner === undefined ? [] : [toRow(record, owner, highlightWanted)];
    }),
    done: from + page.length >= all.length,
    traceId,
    // The handler turns a nil map into `{}` (so a raw page always has the key).
    options: Object.fromEntries(items.map((resolved) => [tableKey(resolved), { from: Math.min(from + limit, resolved.matched.length) }])),
    items,
  });
}

/**
 * `query/ts/raw` with `scroll`: one Elasticsearch scroll per table, found again through the
 * `scroll_id` of the `result_table_options` the client sends back. `total` is every match
 * (the storage's hit count summed over tables, as `queryRawWithInstance` sums them).
 */
function rawScroll(c: Context<SandboxEnv>, state: SandboxState, body: Record<string, unknown>, traceId: string, items: readonly ResolvedItem[]): Response {
  const previous = isRecord(body.result_table_options) ? body.result_table_options : {};
  const limit = pageLimit(body);
  const list: Record<string, unknown>[] = [];
  const options: Record<string, unknown> = {};
  let total = 0;
  let done = true;
  for (const resolved of items) {
    const key = tableKey(resolved);
    const option = previous[key];
    let cursor: ScrollCursor | undefined;
    if (isRecord(option) && typeof option.scroll_id === 'string') {
      cursor = state.scrolls.cursors.get(option.scroll_id);
      if (cursor?.tableId !== resolved.tableId) throw new QueryRejectedError(`scroll_id not found or expired: ${option.scroll_id}`);
    } else {
      cursor = { scrollId: `scroll-${state.ids.hex(24)}`, tableId: resolved.tableId, rows: sortedRows(resolved, body), position: pageFrom(body) };
      state.scrolls.cursors.set(cursor.scrollId, cursor);
    }
    const page = cursor.rows.slice(cursor.position, cursor.position + limit);
    cursor.position += page.length;
    list.push(...page.map((record) => toRow(record, resolved, false)));
    options[key] = { from: cursor.position, scroll_id: cursor.scrollId };
    total += cursor.rows.length;
    if (cursor.position < cursor.rows.length) done = false;
  }
  return listData(c, { total, list, done, traceId: typeof body.trace_id === 'string' && body.trace_id !== '' ? body.trace_id : traceId, options, items });
}

/**
 * `raw_with_scroll` (`HandlerQueryRawWithScroll`, `queryRawWithScroll`): the server keeps the
 * export in a session keyed by the user and the query, and each call reads the next `limit` rows
 * of every slice. `total` is the rows of this call only; a slice is complete once a call reads
 * nothing from it, and the session is `done` when every slice is, so the last rows come with
 * `done: false` and the call after them answers `total: 0, done: true`
 * (`scroll_test.go` `TestQueryRawWithScroll_ESFlow`: 3, 3, 2, 0).
 */
function rawWithScroll(c: Context<SandboxEnv>, state: SandboxState, body: Record<string, unknown>, traceId: string): Response {
  const { clear_cache: clearCache, trace_id: _trace, result_table_options: _options, ...query } = body;
  const key = `${c.req.header('bk-query-source') ?? ''}:${JSON.stringify(query)}`;
  let session = state.scrolls.sliceSessions.get(key);
  const items = resolveItems(body, state.records);
  if (session === undefined || clearCache === true) {
    const sliceMax = typeof body.slice_max === 'number' && body.slice_max > 1 ? body.slice_max : 1;
    const slices = items.flatMap((resolved) => {
      const rows = sortedRows(resolved, body);
      const size = Math.ceil(rows.length / sliceMax);
      return Array.from({ length: sliceMax }, (_unused, sliceIndex): SliceCursor => ({
        scrollId: `scroll-${state.ids.hex(24)}`,
        tableId: resolved.tableId,
        rows: rows.slice(sliceIndex * size, (sliceIndex + 1) * size),
        position: 0,
        sliceIndex,
        sliceMax,
        completed: false,
      }));
    });
    session = { slices };
    state.scrolls.sliceSessions.set(key, session);
  }
  const byTable = new Map(items.map((resolved) => [resolved.tableId, resolved]));
  const limit = pageLimit(body);
  const list: Record<string, unknown>[] = [];
  const options: Record<string, unknown> = {};
  for (const slice of session.slices) {
    const resolved = byTable.get(slice.tableId);
    if (resolved === undefined || slice.completed) continue;
    const page = slice.rows.slice(slice.position, slice.position + limit);
    if (page.length === 0) {
      slice.completed = true;
      continue;
    }
    slice.position += page.length;
    list.push(...page.map((record) => toRow(record, resolved, false)));
    options[tableKey(resolved, slice.sliceIndex)] = {
      from: slice.position,
      scroll_id: slice.scrollId,
      slice_index: slice.sliceIndex,
      slice_max: slice.sliceMax,
    };
  }
  const done = session.slices.every((slice) => slice.completed);
  // The handler clears a finished session, so the same query afterwards starts afresh.
  if (done) state.scrolls.sliceSessions.delete(key);
  return listData(c, { total: list.length, list, done, traceId, options, items });
}

/** `PromData`: `series` named `_result<n>` (`PromData.Fill`), `is_partial`; no `status` on success. */
function timeSeries(c: Context<SandboxEnv>, state: SandboxState, body: Record<string, unknown>, traceId: string): Response {
  const items = resolveItems(body, state.records);
  const range = timeRange(body);
  const series = items
    .flatMap((resolved) => orderSeries(buildSeries(resolved.matched, readSeriesRequest(resolved.item), range), body.order_by, resolved.item.limit))
    .map((entry, index) => ({ ...entry, name: `_result${index}` }));
  return jsonResponse(c, { series, trace_id: mayOmit(c, traceId), is_partial: false, result_table_id: mayOmit(c, resultTableIds(items)) });
}

/** `HandlerFieldMap`: `{data: [FieldOption...]}` (`handler_test.go` "test field map in es"). */
function fieldMap(c: Context<SandboxEnv>, body: Record<string, unknown>, traceId: string): Response {
  const tableId = typeof body.table_id === 'string' ? body.table_id : '';
  const resolved = resolveItems({ ...body, query_list: [{ table_id: tableId }] }, new Map([[tableId, []]]))[0];
  const fields = resolved?.indexSet.fields ?? [];
  return jsonResponse(c, {
    data: fields.map((field) => ({
      alias_name: '',
      field_name: field.fieldName,
      field_type: ES_FIELD_TYPES[field.fieldType] ?? 'keyword',
      origin_field: field.fieldName,
      is_agg: field.fieldType !== 'text',
      is_analyzed: field.fieldType === 'text',
      is_case_sensitive: false,
      tokenize_on_chars: [],
    })),
    trace_id: mayOmit(c, traceId),
  });
}

/** `ErrResponse`: HTTP 400 `{trace_id, error}`, `trace_id` `omitempty`. */
function failed(c: Context<SandboxEnv>, traceId: string, error: string): Response {
  return jsonResponse(c, { trace_id: mayOmit(c, traceId), error }, 400);
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
          return failed(c, traceId, 'space uid is empty: send X-Bk-Scope-Space-Uid or X-Bk-Scope-Skip-Space');
        }
        const body = c.get('body');
        if (!isRecord(body)) return failed(c, traceId, 'the request body must be a JSON object');
        try {
          return handler(c, body, traceId);
        } catch (error) {
          if (error instanceof QueryRejectedError) return failed(c, traceId, error.message);
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
