import { Hono } from 'hono';
import type { Context } from 'hono';
import { findIndexSet } from '../data/index-sets.js';
import { failure, success } from '../sandbox-envelope.js';
import type { SandboxEnv } from '../sandbox-env.js';
import { paginate } from '../sandbox-pagination.js';
import { blueKingRoute } from '../sandbox-route.js';
import type { RouteContext } from '../sandbox-route.js';
import type { CleanRecord, StorageRecord } from '../state/bkdata-store.js';
import { integerParam, isRecord, pathParam, readParams, stringParam } from '../request-params.js';
import { BKDATA_CODES } from './bkdata-codes.js';
import { CleanDebugError, runCleanDebug } from './clean-debug.js';

const RESULT_TABLE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,49}$/;
const TAIL_SIZE = 10;

type Body = (c: Context<SandboxEnv>) => Response;

/** Checks a `fields` list: a non-empty array of `{field_name, field_type}`. */
function checkFields(fields: unknown): string | undefined {
  if (!Array.isArray(fields) || fields.length === 0) return 'fields must be a non-empty list';
  const bad = (fields as unknown[]).find((field) => !isRecord(field) || typeof field.field_name !== 'string' || typeof field.field_type !== 'string');
  return bad === undefined ? undefined : 'each field needs field_name and field_type';
}

/** Validates a clean body; returns the fields BKData derives from it, or the complaint. */
function readClean(params: Record<string, unknown>): { bkBizId: number; rawDataId: number; resultTableName: string; jsonConfig: string } | string {
  const bkBizId = integerParam(params, 'bk_biz_id');
  if (bkBizId === undefined) return 'bk_biz_id is required';
  const rawDataId = integerParam(params, 'raw_data_id');
  if (rawDataId === undefined) return 'raw_data_id is required';
  const resultTableName = stringParam(params, 'result_table_name');
  if (resultTableName === undefined || !RESULT_TABLE_NAME.test(resultTableName)) return 'result_table_name must start with a letter and hold at most 50 letters, digits or underscores';
  const fieldsProblem = checkFields(params.fields);
  if (fieldsProblem !== undefined) return fieldsProblem;
  const jsonConfig = params.json_config;
  if (typeof jsonConfig !== 'string') return 'json_config must be a JSON string';
  try {
    JSON.parse(jsonConfig);
  } catch {
    return 'json_config is not valid JSON';
  }
  return { bkBizId, rawDataId, resultTableName, jsonConfig };
}

/** BKData databus v3 (spec §5.3): storages, cleans, tasks, tails and result tables. */
export function createBkdataDatabusRoutes(context: RouteContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const { state } = context;
  const store = state.bkdata;
  const route = (name: string, body: Body): ReturnType<typeof blueKingRoute> => blueKingRoute(context.services, `bkdata.databus.${name}`, body);
  const filterByRawData = <T extends { raw_data_id: number; bk_biz_id: number }>(items: Iterable<T>, params: Record<string, unknown>): T[] => {
    const rawDataId = integerParam(params, 'raw_data_id');
    const bkBizId = integerParam(params, 'bk_biz_id');
    return [...items].filter((item) => (rawDataId === undefined || item.raw_data_id === rawDataId) && (bkBizId === undefined || item.bk_biz_id === bkBizId));
  };

  app.get(
    '/data_storages/',
    route('get_config_db_list', (c) => {
      const params = readParams(c);
      return success(c, paginate(filterByRawData(store.storages, params), params));
    }),
  );

  app.post(
    '/data_storages/',
    route('data_storages_post', (c) => {
      const params = readParams(c);
      const bkBizId = integerParam(params, 'bk_biz_id');
      const rawDataId = integerParam(params, 'raw_data_id');
      const resultTableName = stringParam(params, 'result_table_name');
      const storageType = stringParam(params, 'storage_type');
      const storageCluster = stringParam(params, 'storage_cluster');
      const expires = stringParam(params, 'expires');
      const missing = [bkBizId === undefined && 'bk_biz_id', rawDataId === undefined && 'raw_data_id', resultTableName === undefined && 'result_table_name', storageType === undefined && 'storage_type', storageCluster === undefined && 'storage_cluster', expires === undefined && 'expires'].filter((name) => name !== false);
      if (missing.length > 0 || bkBizId === undefined || rawDataId === undefined || resultTableName === undefined || storageType === undefined || storageCluster === undefined || expires === undefined) {
        return failure(c, BKDATA_CODES.invalidParameter, `missing parameters: ${missing.join(', ')}`);
      }
      if (!/^\d+[dhm]$/.test(expires)) return failure(c, BKDATA_CODES.invalidParameter, 'expires must look like 7d');
      const fieldsProblem = checkFields(params.fields);
      if (fieldsProblem !== undefined) return failure(c, BKDATA_CODES.invalidParameter, fieldsProblem);
      if (!store.rawData.has(rawDataId)) return failure(c, BKDATA_CODES.notFound, `raw data ${rawDataId} does not exist`);
      const resultTableId = `${bkBizId}_${resultTableName}`;
      if (!store.cleans.has(resultTableId)) return failure(c, BKDATA_CODES.notFound, `result table ${resultTableId} does not exist; create its clean first`);
      if (store.storages.some((storage) => storage.result_table_id === resultTableId && storage.storage_type === storageType)) {
        return failure(c, BKDATA_CODES.duplicate, `result table ${resultTableId} already has ${storageType} storage`);
      }
      const now = store.stamp();
      const storage: StorageRecord = {
        result_table_id: resultTableId,
        raw_data_id: rawDataId,
        bk_biz_id: bkBizId,
        data_type: stringParam(params, 'data_type') ?? 'clean',
        storage_type: storageType,
        storage_cluster: storageCluster,
        expires,
        result_table_name: resultTableName,
        result_table_name_alias: stringParam(params, 'result_table_name_alias') ?? resultTableName,
        physical_table_name: stringParam(params, 'physical_table_name') ?? `v2_${resultTableId}`,
        fields: params.fields as unknown[],
        status: 'running',
        status_display: '正常',
        status_en: 'running',
        created_at: now,
        updated_at: now,
      };
      store.storages.push(storage);
      return success(c, storage);
    }),
  );

  app.put(
    '/data_storages/:result_table_id/',
    route('data_storages_put', (c) => {
      const params = readParams(c);
      const resultTableId = pathParam(c, 'result_table_id');
      const storageType = stringParam(params, 'storage_type');
      const storage = store.storages.find((candidate) => candidate.result_table_id === resultTableId && (storageType === undefined || candidate.storage_type === storageType));
      if (storage === undefined) return failure(c, BKDATA_CODES.notFound, `result table ${resultTableId} has no ${storageType ?? ''} storage`.replace('  ', ' '));
      if (params.fields !== undefined) {
        const fieldsProblem = checkFields(params.fields);
        if (fieldsProblem !== undefined) return failure(c, BKDATA_CODES.invalidParameter, fieldsProblem);
        storage.fields = params.fields as unknown[];
      }
      storage.expires = stringParam(params, 'expires') ?? storage.expires;
      storage.storage_cluster = stringParam(params, 'storage_cluster') ?? storage.storage_cluster;
      storage.result_table_name_alias = stringParam(params, 'result_table_name_alias') ?? storage.result_table_name_alias;
      storage.updated_at = store.stamp();
      return success(c, storage);
    }),
  );

  app.get(
    '/cleans/',
    route('get_cleans', (c) => {
      const params = readParams(c);
      return success(c, paginate(filterByRawData(store.cleans.values(), params), params));
    }),
  );

  const unknownClean = (c: Context<SandboxEnv>): Response => failure(c, BKDATA_CODES.notFound, `processing ${pathParam(c, 'processing_id')} does not exist`);

  app.get(
    '/cleans/:processing_id/',
    route('get_clean', (c) => {
      const clean = store.cleans.get(pathParam(c, 'processing_id'));
      return clean === undefined ? unknownClean(c) : success(c, clean);
    }),
  );

  app.post(
    '/cleans/',
    route('cleans_post', (c) => {
      const params = readParams(c);
      const clean = readClean(params);
      if (typeof clean === 'string') return failure(c, BKDATA_CODES.invalidParameter, clean);
      if (!store.rawData.has(clean.rawDataId)) return failure(c, BKDATA_CODES.notFound, `raw data ${clean.rawDataId} does not exist`);
      const resultTableId = `${clean.bkBizId}_${clean.resultTableName}`;
      if (store.cleans.has(resultTableId)) return failure(c, BKDATA_CODES.duplicate, `result table ${resultTableId} already exists`);
      const now = store.stamp();
      const operator = stringParam(params, 'bk_username') ?? 'admin';
      const record: CleanRecord = {
        processing_id: resultTableId,
        result_table_id: resultTableId,
        raw_data_id: clean.rawDataId,
        bk_biz_id: clean.bkBizId,
        result_table_name: clean.resultTableName,
        result_table_name_alias: stringParam(params, 'result_table_name_alias') ?? clean.resultTableName,
        clean_config_name: stringParam(params, 'clean_config_name') ?? clean.resultTableName,
        description: stringParam(params, 'description') ?? '',
        fields: params.fields as unknown[],
        json_config: clean.jsonConfig,
        status: 'running',
        created_by: operator,
        created_at: now,
        updated_by: operator,
        updated_at: now,
      };
      store.cleans.set(resultTableId, record);
      return success(c, { processing_id: record.processing_id, result_table_id: record.result_table_id, result_table_ids: [record.result_table_id] });
    }),
  );

  app.put(
    '/cleans/:processing_id/',
    route('cleans_put', (c) => {
      const existing = store.cleans.get(pathParam(c, 'processing_id'));
      if (existing === undefined) return unknownClean(c);
      const params = readParams(c);
      const clean = readClean(params);
      if (typeof clean === 'string') return failure(c, BKDATA_CODES.invalidParameter, clean);
      if (`${clean.bkBizId}_${clean.resultTableName}` !== existing.result_table_id) return failure(c, BKDATA_CODES.invalidParameter, 'result_table_name and bk_biz_id cannot change');
      Object.assign(existing, {
        result_table_name_alias: stringParam(params, 'result_table_name_alias') ?? existing.result_table_name_alias,
        clean_config_name: stringParam(params, 'clean_config_name') ?? existing.clean_config_name,
        description: stringParam(params, 'description') ?? existing.description,
        fields: params.fields as unknown[],
        json_config: clean.jsonConfig,
        updated_by: stringParam(params, 'bk_username') ?? existing.updated_by,
        updated_at: store.stamp(),
      } satisfies Partial<CleanRecord>);
      return success(c, { processing_id: existing.processing_id, result_table_id: existing.result_table_id, result_table_ids: [existing.result_table_id] });
    }),
  );

  app.post(
    '/tasks/',
    route('post_tasks', (c) => {
      const params = readParams(c);
      const resultTableId = stringParam(params, 'result_table_id');
      if (resultTableId === undefined) return failure(c, BKDATA_CODES.invalidParameter, 'result_table_id is required');
      if (!store.cleans.has(resultTableId)) return failure(c, BKDATA_CODES.notFound, `result table ${resultTableId} does not exist`);
      const storages = Array.isArray(params.storages) ? params.storages.filter((storage): storage is string => typeof storage === 'string') : [];
      if (storages.length === 0) return failure(c, BKDATA_CODES.invalidParameter, 'storages must be a non-empty list');
      const task = { result_table_id: resultTableId, storages, status: 'running' as const, consume_position: stringParam(params, 'consume_position') ?? 'continue', created_by: stringParam(params, 'bk_username') ?? 'admin', updated_at: store.stamp() };
      store.tasks.set(resultTableId, task);
      return success(c, task);
    }),
  );

  app.get(
    '/tasks/:result_table_id/',
    route('get_tasks', (c) => {
      const task = store.tasks.get(pathParam(c, 'result_table_id'));
      return task === undefined ? failure(c, BKDATA_CODES.notFound, `result table ${pathParam(c, 'result_table_id')} has no task`) : success(c, task);
    }),
  );

  app.delete(
    '/tasks/:result_table_id/',
    route('delete_tasks', (c) => {
      const task = store.tasks.get(pathParam(c, 'result_table_id'));
      if (task === undefined) return failure(c, BKDATA_CODES.notFound, `result table ${pathParam(c, 'result_table_id')} has no task`);
      task.status = 'stopped';
      task.updated_at = store.stamp();
      return success(c, task);
    }),
  );

  app.get(
    '/rawdatas/:raw_data_id/tail/',
    route('get_raw_data_tail', (c) => {
      const rawData = store.rawData.get(Number(pathParam(c, 'raw_data_id')));
      if (rawData === undefined) return failure(c, BKDATA_CODES.notFound, `raw data ${pathParam(c, 'raw_data_id')} does not exist`);
      const indexSet = [...store.cleans.values()].map((clean) => (clean.raw_data_id === rawData.raw_data_id ? findIndexSet(clean.result_table_id) : undefined)).find((candidate) => candidate !== undefined);
      const records = indexSet === undefined ? [] : (state.records.get(indexSet.tableId) ?? []).slice(-TAIL_SIZE);
      return success(
        c,
        records.map((record, position) => ({ topic: rawData.topic_name, partition: 0, offset: (state.records.get(indexSet?.tableId ?? '')?.length ?? 0) - records.length + position, timestamp: record.timestamp, value: JSON.stringify(record.source) })),
      );
    }),
  );

  app.get(
    '/result_tables/:result_table_id/',
    route('get_result_table', (c) => {
      const resultTableId = pathParam(c, 'result_table_id');
      const clean = store.cleans.get(resultTableId);
      if (clean === undefined) return failure(c, BKDATA_CODES.notFound, `result table ${resultTableId} does not exist`);
      const storages = Object.fromEntries(store.storages.filter((storage) => storage.result_table_id === resultTableId).map((storage) => [storage.storage_type, { storage_cluster: { cluster_name: storage.storage_cluster }, expires: storage.expires, physical_table_name: storage.physical_table_name }]));
      return success(c, {
        result_table_id: resultTableId,
        bk_biz_id: clean.bk_biz_id,
        result_table_name: clean.result_table_name,
        result_table_name_alias: clean.result_table_name_alias,
        processing_type: 'clean',
        description: clean.description,
        fields: clean.fields,
        storages: { kafka: { storage_cluster: { cluster_name: 'kafka_default' } }, ...storages },
        created_at: clean.created_at,
        updated_at: clean.updated_at,
      });
    }),
  );

  app.get(
    '/result_tables/:result_table_id/tail/',
    route('get_result_table_tail', (c) => {
      const resultTableId = pathParam(c, 'result_table_id');
      if (!store.cleans.has(resultTableId)) return failure(c, BKDATA_CODES.notFound, `result table ${resultTableId} does not exist`);
      const indexSet = findIndexSet(resultTableId);
      const records = indexSet === undefined ? [] : (state.records.get(indexSet.tableId) ?? []).slice(-TAIL_SIZE);
      return success(c, records.map((record) => record.source));
    }),
  );
  return app;
}

/** BKData databus v4 (spec §5.3): `clean/debug/`. */
export function createBkdataDatabusV4Routes(context: RouteContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  app.post(
    '/clean/debug/',
    blueKingRoute(context.services, 'bkdata.databus.clean_debug', (c) => {
      const params = readParams(c);
      if (typeof params.input !== 'string') return failure(c, BKDATA_CODES.invalidParameter, 'input must be the raw log text');
      if (!Array.isArray(params.rules) || params.rules.length === 0) return failure(c, BKDATA_CODES.invalidParameter, 'rules must be a non-empty list');
      try {
        return success(c, { rules_output: runCleanDebug(params.input, params.rules), filter_rules_output: [] });
      } catch (error) {
        if (error instanceof CleanDebugError) return failure(c, BKDATA_CODES.cleanDebugFailed, error.message);
        throw error;
      }
    }),
  );
  return app;
}
