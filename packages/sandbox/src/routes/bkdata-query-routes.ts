import { Hono } from 'hono';
import type { Context } from 'hono';
import { searchRecords } from '../data/es-query.js';
import { INDEX_SETS } from '../data/index-sets.js';
import type { IndexSetDefinition } from '../data/index-sets.js';
import type { StoredRecord } from '../data/log-records.js';
import { QueryRejectedError } from '../data/record-filter.js';
import { SqlQueryError } from '../data/sql-engine.js';
import type { SqlFailureKind } from '../data/sql-engine.js';
import { mayOmit } from '../sandbox-answers.js';
import type { SandboxEnv } from '../sandbox-env.js';
import { blueKingRoute } from '../sandbox-route.js';
import type { RouteContext } from '../sandbox-route.js';
import type { SandboxState } from '../state/sandbox-state.js';
import { isRecord, readParams, stringParam } from '../request-params.js';
import { BKDATA_QUERY_CODES, bkdataFailure, bkdataQuerySuccess } from './bkdata-codes.js';

// `query_sync/` as BKData's query engine answers it (Tencent/bk-base src/datalab/queryengine):
// - the envelope: `ResultCodeEnum.SUCCESS("00")` and a recorded success in
//   TencentBlueKing/bkmonitor-datalink pkg/unify-query/mock/handler.go (`mockBKBaseHandler`);
// - `data`: `genSyncResponse` (list — `[]` when the driver set nothing —, totalRecords,
//   select_fields_order, bksql_call_elapsed_time, device, cluster, sql, result_table_scan_range,
//   result_table_ids, timetaken), written by a Jackson mapper with `NON_NULL`: a null field is left out;
// - failures: `ResultCodeEnum` codes; `1532006` is `QUERY_SQL_SYNTAX_ERROR`, never "no such index":
//   `EsQueryDriver.esNormalQuery` searches with `ignore_unavailable=true`, so an index that does not
//   exist is a success with no hits, and an ES request whose index cannot be read is `1532006`
//   (`getEsResultTableId`: "ES查询语法错误，无法解析出Index");
// - `errors` of a failure is `{error}` (bklog's doris handler reads `errors.error`).

const ES_TYPES: Readonly<Record<string, string>> = { keyword: 'keyword', text: 'text', long: 'long', integer: 'integer', double: 'double', date: 'date' };

function globMatches(pattern: string, name: string): boolean {
  const expression = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\?]/g, '\\$&').replaceAll('*', '.*')}$`);
  return expression.test(name);
}

const indexNamesCache = new WeakMap<readonly StoredRecord[], readonly string[]>();

/** Every name an index expression may use for a table: the result table id, `<rt>_<day>` and the physical `v2_<rt>_<day>_0`. */
function indexNames(indexSet: IndexSetDefinition, records: readonly StoredRecord[]): readonly string[] {
  let names = indexNamesCache.get(records);
  if (names === undefined) {
    const physical = new Set(records.map((record) => record.index));
    names = [indexSet.resultTableId, ...physical, ...[...physical].map((name) => name.replace(/^v2_/, '').replace(/_0$/, ''))];
    indexNamesCache.set(records, names);
  }
  return names;
}

/** The index sets an ES index expression (`<rt>_*,<rt>_2025*`, physical names...) points at. */
function resolveIndices(state: SandboxState, expression: string): IndexSetDefinition[] {
  const patterns = expression
    .split(',')
    .map((pattern) => pattern.trim())
    .filter((pattern) => pattern !== '');
  return INDEX_SETS.filter((indexSet) => {
    const names = indexNames(indexSet, state.records.get(indexSet.tableId) ?? []);
    return patterns.some((pattern) => names.some((name) => globMatches(pattern, name)));
  });
}

/** A query engine failure with `errors: {error}`. */
function queryFailure(c: Context<SandboxEnv>, code: string, message: string): Response {
  return bkdataFailure(c, code, message, { error: message });
}

/** Checks BKData's own auth modes (inside the body, on top of the gateway's). */
function checkDataAuthentication(c: Context<SandboxEnv>, state: SandboxState, params: Record<string, unknown>): Response | undefined {
  const method = stringParam(params, 'bkdata_authentication_method') ?? 'user';
  if (method === 'user') {
    if (stringParam(params, 'bk_username') === undefined)
      return queryFailure(c, BKDATA_QUERY_CODES.paramBlank, 'bkdata_authentication_method user needs bk_username');
    return undefined;
  }
  if (method === 'token') {
    const token = stringParam(params, 'bkdata_data_token');
    if (token === undefined) return queryFailure(c, BKDATA_QUERY_CODES.paramBlank, 'bkdata_authentication_method token needs bkdata_data_token');
    if (token !== state.settings.dataToken) return queryFailure(c, BKDATA_QUERY_CODES.permissionInvalid, 'bkdata_data_token is not valid');
    return undefined;
  }
  return queryFailure(c, BKDATA_QUERY_CODES.paramInvalid, `unknown bkdata_authentication_method: ${method}`);
}

/** `genSyncResponse` for one answered query. */
function syncData(
  c: Context<SandboxEnv>,
  fields: {
    list: unknown;
    totalRecords: number | undefined;
    order: readonly string[];
    device: string;
    sql: string;
    resultTableIds: readonly string[];
    started: number;
  },
): Record<string, unknown> {
  return {
    list: fields.list,
    totalRecords: fields.totalRecords,
    select_fields_order: fields.order,
    bksql_call_elapsed_time: 0,
    device: fields.device,
    cluster: `${fields.device}-default`,
    sql: fields.sql,
    result_table_scan_range: mayOmit(c, {}),
    result_table_ids: fields.resultTableIds,
    timetaken: Math.round(performance.now() - fields.started) / 1000,
  };
}

const SQL_FAILURE_CODES: Readonly<Record<SqlFailureKind, string>> = {
  syntax: BKDATA_QUERY_CODES.sqlSyntaxError,
  'unsupported-statement': BKDATA_QUERY_CODES.otherError,
  'table-not-found': BKDATA_QUERY_CODES.tableNotFound,
  'field-not-found': BKDATA_QUERY_CODES.fieldNotExists,
  'function-not-found': BKDATA_QUERY_CODES.funcNotExists,
  device: BKDATA_QUERY_CODES.deviceError,
};

function runEsQuery(c: Context<SandboxEnv>, state: SandboxState, sql: string): Response {
  const started = performance.now();
  let request: unknown;
  try {
    request = JSON.parse(sql);
  } catch {
    return queryFailure(c, BKDATA_QUERY_CODES.sqlSyntaxError, 'ES查询语法错误，无法解析出Index');
  }
  if (!isRecord(request) || typeof request.index !== 'string' || request.index.trim() === '')
    return queryFailure(c, BKDATA_QUERY_CODES.sqlSyntaxError, 'ES查询语法错误，无法解析出Index');
  const indexSets = resolveIndices(state, request.index);
  const resultTableIds = indexSets.map((indexSet) => indexSet.resultTableId);
  if (request.mapping === true) {
    // GET /<index>/_mapping: a wildcard that matches nothing answers {}, a missing concrete index
    // is ES's index_not_found_exception, reported as QUERY_DEVICE_ERROR.
    const missing = request.index
      .split(',')
      .map((pattern) => pattern.trim())
      .find((pattern) => pattern !== '' && !pattern.includes('*') && resolveIndices(state, pattern).length === 0);
    if (missing !== undefined) return queryFailure(c, BKDATA_QUERY_CODES.deviceError, `index_not_found_exception: no such index [${missing}]`);
    const mappings = Object.fromEntries(
      indexSets.map((indexSet) => {
        const records = state.records.get(indexSet.tableId) ?? [];
        const physical = records.at(-1)?.index ?? `v2_${indexSet.resultTableId}_0`;
        const properties = Object.fromEntries(indexSet.fields.map((field) => [field.fieldName, { type: ES_TYPES[field.fieldType] ?? 'keyword' }]));
        return [physical, { mappings: { properties } }];
      }),
    );
    return bkdataQuerySuccess(
      c,
      syncData(c, { list: mappings, totalRecords: Object.keys(mappings).length, order: [], device: 'es', sql, resultTableIds, started }),
    );
  }
  const records: StoredRecord[] = indexSets.flatMap((indexSet) => [...(state.records.get(indexSet.tableId) ?? [])]);
  try {
    const response = searchRecords(records, isRecord(request.body) ? request.body : {});
    const hits: readonly unknown[] = isRecord(response.hits) && Array.isArray(response.hits.hits) ? response.hits.hits : [];
    const total = isRecord(response.hits) && isRecord(response.hits.total) && typeof response.hits.total.value === 'number' ? response.hits.total.value : 0;
    const first = hits[0];
    // esNormalQuery sets the total and the column order only when there are hits.
    const order = isRecord(first) && isRecord(first._source) ? Object.keys(first._source).sort() : [];
    return bkdataQuerySuccess(
      c,
      syncData(c, { list: response, totalRecords: hits.length > 0 ? total : mayOmit(c, 0), order, device: 'es', sql, resultTableIds, started }),
    );
  } catch (error) {
    // Elasticsearch refuses the body (400 parsing_exception); the driver reports QUERY_DEVICE_ERROR.
    if (error instanceof QueryRejectedError) return queryFailure(c, BKDATA_QUERY_CODES.deviceError, error.message);
    throw error;
  }
}

/** The result tables a SQL text reads (`FROM`/`JOIN <digits>_<name>`). */
function tablesOf(sql: string): string[] {
  return [...new Set([...sql.matchAll(/\b(?:FROM|JOIN)\s+[`"]?(\d+_\w+)/gi)].map((match) => match[1] ?? ''))].filter((table) => table !== '');
}

/** BKData query (spec §5.2): `query_sync/` in SQL mode (node:sqlite) and ES passthrough mode. */
export function createBkdataQueryRoutes(context: RouteContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const { state } = context;
  app.post(
    '/query_sync/',
    blueKingRoute(context.services, 'bkdata.query.query_sync', (c) => {
      const params = readParams(c);
      const rejected = checkDataAuthentication(c, state, params);
      if (rejected !== undefined) return rejected;
      const sql = stringParam(params, 'sql');
      if (sql === undefined) return queryFailure(c, BKDATA_QUERY_CODES.paramBlank, 'sql is required');
      if (stringParam(params, 'prefer_storage') === 'es') return runEsQuery(c, state, sql);
      try {
        const started = performance.now();
        const result = state.sql.query(sql);
        // `device` names the storage that answered (doris, mysql, es... upstream): here it is SQLite.
        return bkdataQuerySuccess(
          c,
          syncData(c, {
            list: result.list,
            totalRecords: result.list.length,
            order: result.selectFieldsOrder,
            device: 'sqlite',
            sql,
            resultTableIds: tablesOf(sql),
            started,
          }),
        );
      } catch (error) {
        if (error instanceof SqlQueryError) return queryFailure(c, SQL_FAILURE_CODES[error.kind], error.message);
        throw error;
      }
    }),
  );
  return app;
}
