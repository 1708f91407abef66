import { Hono } from 'hono';
import type { Context } from 'hono';
import { searchRecords } from '../data/es-query.js';
import { INDEX_SETS } from '../data/index-sets.js';
import type { IndexSetDefinition } from '../data/index-sets.js';
import type { StoredRecord } from '../data/log-records.js';
import { QueryRejectedError } from '../data/record-filter.js';
import { SqlRejectedError } from '../data/sql-engine.js';
import { failure, success } from '../sandbox-envelope.js';
import type { SandboxEnv } from '../sandbox-env.js';
import { blueKingRoute } from '../sandbox-route.js';
import type { RouteContext } from '../sandbox-route.js';
import type { SandboxState } from '../state/sandbox-state.js';
import { isRecord, readParams, stringParam } from '../request-params.js';
import { BKDATA_CODES } from './bkdata-codes.js';

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
  const patterns = expression.split(',').map((pattern) => pattern.trim()).filter((pattern) => pattern !== '');
  return INDEX_SETS.filter((indexSet) => {
    const names = indexNames(indexSet, state.records.get(indexSet.tableId) ?? []);
    return patterns.some((pattern) => names.some((name) => globMatches(pattern, name)));
  });
}

/** Checks BKData's own auth modes (inside the body, on top of the gateway's). */
function checkDataAuthentication(c: Context<SandboxEnv>, state: SandboxState, params: Record<string, unknown>): Response | undefined {
  const method = stringParam(params, 'bkdata_authentication_method') ?? 'user';
  if (method === 'user') {
    if (stringParam(params, 'bk_username') === undefined) return failure(c, BKDATA_CODES.authenticationMissing, 'bkdata_authentication_method user needs bk_username');
    return undefined;
  }
  if (method === 'token') {
    const token = stringParam(params, 'bkdata_data_token');
    if (token === undefined) return failure(c, BKDATA_CODES.authenticationMissing, 'bkdata_authentication_method token needs bkdata_data_token');
    if (token !== state.settings.dataToken) return failure(c, BKDATA_CODES.invalidToken, 'bkdata_data_token is not valid');
    return undefined;
  }
  return failure(c, BKDATA_CODES.invalidParameter, `unknown bkdata_authentication_method: ${method}`);
}

function runEsQuery(c: Context<SandboxEnv>, state: SandboxState, sql: string): Response {
  let request: unknown;
  try {
    request = JSON.parse(sql);
  } catch {
    return failure(c, BKDATA_CODES.invalidParameter, 'prefer_storage es needs sql to be a JSON string {index, body}');
  }
  if (!isRecord(request) || typeof request.index !== 'string') return failure(c, BKDATA_CODES.invalidParameter, 'the ES request needs an index');
  const indexSets = resolveIndices(state, request.index);
  if (indexSets.length === 0) return failure(c, BKDATA_CODES.noIndex, `no such index [${request.index}]`);
  if (request.mapping === true) {
    const mappings = Object.fromEntries(
      indexSets.map((indexSet) => {
        const records = state.records.get(indexSet.tableId) ?? [];
        const physical = records.at(-1)?.index ?? `v2_${indexSet.resultTableId}_0`;
        const properties = Object.fromEntries(indexSet.fields.map((field) => [field.fieldName, { type: ES_TYPES[field.fieldType] ?? 'keyword' }]));
        return [physical, { mappings: { properties } }];
      }),
    );
    return success(c, { list: mappings, totalRecords: indexSets.length, select_fields_order: [], device: 'es' });
  }
  const records: StoredRecord[] = indexSets.flatMap((indexSet) => [...(state.records.get(indexSet.tableId) ?? [])]);
  try {
    const response = searchRecords(records, isRecord(request.body) ? request.body : {});
    const total = isRecord(response.hits) && isRecord(response.hits.total) ? response.hits.total.value : 0;
    return success(c, { list: response, totalRecords: total, select_fields_order: [], device: 'es', timetaken: 0.001 });
  } catch (error) {
    if (error instanceof QueryRejectedError) return failure(c, BKDATA_CODES.sqlError, error.message);
    throw error;
  }
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
      if (sql === undefined) return failure(c, BKDATA_CODES.invalidParameter, 'sql is required');
      if (stringParam(params, 'prefer_storage') === 'es') return runEsQuery(c, state, sql);
      try {
        const started = performance.now();
        const result = state.sql.query(sql);
        return success(c, { list: result.list, totalRecords: result.list.length, select_fields_order: result.selectFieldsOrder, device: 'sqlite', timetaken: Math.round(performance.now() - started) / 1000 });
      } catch (error) {
        if (error instanceof SqlRejectedError) return failure(c, BKDATA_CODES.sqlRejected, error.message);
        return failure(c, BKDATA_CODES.sqlError, error instanceof Error ? error.message : String(error));
      }
    }),
  );
  return app;
}
