import { Hono } from 'hono';
import type { Context } from 'hono';
import { findIndexSet } from '../data/index-sets.js';
import { mayOmit } from '../sandbox-answers.js';
import type { SandboxEnv } from '../sandbox-env.js';
import { blueKingRoute } from '../sandbox-route.js';
import type { RouteContext } from '../sandbox-route.js';
import type { CleanRecord, StorageRecord, TaskRecord } from '../state/bkdata-store.js';
import { integerParam, isRecord, pathParam, readParams, stringParam } from '../request-params.js';
import { BKDATA_CODES, bkdataFailure, bkdataSuccess } from './bkdata-codes.js';
import { CleanDebugError, runCleanDebug } from './clean-debug.js';

// BKData databus v3 as Tencent/bk-base answers it (commits a347057402efc39b4ff683e0606dc2323c3169ec /
// 5abd38af798b33cdedfdbf30ccbcd1bb61d6c35a), src/api/datahub/databus/:
// - data_storage_views.py `DataStorageViewset` (list rows built in the view; create answers `True`);
// - clean_views.py `CleanViewset` and clean.py (`create_clean_config` answers the clean with its
//   result table, `update_clean_config` the storage configs of the table, `list` the DatabusClean rows);
// - task_views.py `TaskViewset` (create/destroy answer a message, retrieve the connector task rows);
// - rt_views.py `RtViewset.retrieve` = rt.py `get_databus_rt_info` (the bus config, `{}` for an unknown table);
// - rawdata_views.py `tail` (the apidoc's `{topic, partition, offset, key, value}` records).

const RESULT_TABLE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,49}$/;
const TAIL_SIZE = 10;

type Body = (c: Context<SandboxEnv>) => Response;

/** Django's JSON encoder writes a datetime of `.values()` as ISO text; the store keeps `YYYY-MM-DD HH:MM:SS`. */
const isoTime = (stamp: string): string => stamp.replace(' ', 'T');

/** Checks a `fields` list: a non-empty array of `{field_name, field_type}`. */
function checkFields(fields: unknown): string | undefined {
  if (!Array.isArray(fields) || fields.length === 0) return 'fields must be a non-empty list';
  const bad = (fields as unknown[]).find((field) => !isRecord(field) || typeof field.field_name !== 'string' || typeof field.field_type !== 'string');
  return bad === undefined ? undefined : 'each field needs field_name and field_type';
}

/** Validates a clean body (`CleanSerializer`); returns the fields BKData derives from it, or the complaint. */
function readClean(params: Record<string, unknown>): { bkBizId: number; rawDataId: number; resultTableName: string; jsonConfig: string } | string {
  const bkBizId = integerParam(params, 'bk_biz_id');
  if (bkBizId === undefined) return 'bk_biz_id is required';
  const rawDataId = integerParam(params, 'raw_data_id');
  if (rawDataId === undefined) return 'raw_data_id is required';
  const resultTableName = stringParam(params, 'result_table_name');
  if (resultTableName === undefined || !RESULT_TABLE_NAME.test(resultTableName))
    return 'result_table_name must start with a letter and hold at most 50 letters, digits or underscores';
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

/** The `timestamp` field `create_clean_config`/`update_clean_config` add to every clean result table. */
const TIMESTAMP_FIELD = { field_name: 'timestamp', field_alias: '内部时间字段', field_type: 'timestamp', is_dimension: false, field_index: 0 };

/** A DatabusClean row (`.values()` in `get_clean_list_using_data_id`) plus `status_display`. */
function cleanRow(clean: CleanRecord): Record<string, unknown> {
  return {
    id: clean.id,
    processing_id: clean.processing_id,
    clean_config_name: clean.clean_config_name,
    clean_result_table_name: clean.result_table_name,
    clean_result_table_name_alias: clean.result_table_name_alias,
    raw_data_id: clean.raw_data_id,
    pe_config: '',
    json_config: clean.json_config,
    status: clean.status,
    created_by: clean.created_by,
    created_at: isoTime(clean.created_at),
    updated_by: clean.updated_by,
    updated_at: isoTime(clean.updated_at),
    description: clean.description,
    status_display: clean.status,
  };
}

/** BKData databus v3 (spec §5.3): storages, cleans, tasks, tails and result tables. */
export function createBkdataDatabusRoutes(context: RouteContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const { state } = context;
  const store = state.bkdata;
  const route = (name: string, body: Body): ReturnType<typeof blueKingRoute> => blueKingRoute(context.services, `bkdata.databus.${name}`, body);
  const invalid = (c: Context<SandboxEnv>, field: string, message: string): Response =>
    bkdataFailure(c, BKDATA_CODES.invalidParameter, `参数校验不通过: ${message}`, { [field]: [message] });
  const storagesOf = (resultTableId: string): StorageRecord[] => store.storages.filter((storage) => storage.result_table_id === resultTableId);

  /** The result table as the meta API's `result_tables/{id}/?related=fields&related=storages` gives it (rt.py `get_rt_fields_storages`). */
  const resultTableOf = (clean: CleanRecord): Record<string, unknown> => ({
    bk_biz_id: clean.bk_biz_id,
    project_id: 4,
    result_table_id: clean.result_table_id,
    result_table_name: clean.result_table_name,
    result_table_name_alias: clean.result_table_name_alias,
    processing_type: 'clean',
    sensitivity: 'private',
    count_freq: 0,
    description: clean.description,
    fields: [...clean.fields, TIMESTAMP_FIELD],
    storages: Object.fromEntries([
      [
        'kafka',
        {
          expires: '3d',
          physical_table_name: `table_${clean.result_table_id}`,
          storage_config: '{}',
          storage_cluster: {},
          storage_channel: { id: 1, cluster_name: 'kafka-inner' },
        },
      ],
      ...storagesOf(clean.result_table_id).map((storage) => [
        storage.storage_type,
        {
          expires: storage.expires,
          physical_table_name: storage.physical_table_name,
          storage_config: '{}',
          storage_cluster: { id: 1, cluster_name: storage.storage_cluster, cluster_type: storage.storage_type },
          storage_channel: {},
        },
      ]),
    ]),
    created_by: clean.created_by,
    created_at: clean.created_at,
    updated_by: clean.updated_by,
    updated_at: clean.updated_at,
  });

  /** `model_to_dict(clean)` (no auto time fields) + `result_table_id` + `result_table` + `status_display` (CleanViewset.retrieve, create_clean_config). */
  const cleanDetail = (clean: CleanRecord): Record<string, unknown> => ({
    id: clean.id,
    processing_id: clean.processing_id,
    clean_config_name: clean.clean_config_name,
    clean_result_table_name: clean.result_table_name,
    clean_result_table_name_alias: clean.result_table_name_alias,
    raw_data_id: clean.raw_data_id,
    pe_config: '',
    json_config: clean.json_config,
    status: clean.status,
    created_by: clean.created_by,
    updated_by: clean.updated_by,
    description: clean.description,
    result_table_id: clean.result_table_id,
    result_table: resultTableOf(clean),
    status_display: clean.status,
  });

  app.get(
    '/data_storages/',
    route('get_config_db_list', (c) => {
      const params = readParams(c);
      const rawDataId = integerParam(params, 'raw_data_id');
      if (rawDataId === undefined) return invalid(c, 'raw_data_id', 'raw_data_id is required');
      const rawData = store.rawData.get(rawDataId);
      if (rawData === undefined) return bkdataFailure(c, BKDATA_CODES.notFound, `raw data ${rawDataId} does not exist`);
      // DataStorageViewset.list builds each row itself; `status` is translated, `status_en` is the raw value.
      const rows = store.storages
        .filter((storage) => storage.raw_data_id === rawDataId)
        .map((storage) => ({
          raw_data_id: rawData.raw_data_id,
          bk_biz_id: rawData.bk_biz_id,
          data_type: storage.data_type,
          data_type_alias: storage.data_type,
          result_table_id: storage.result_table_id,
          result_table_name: storage.result_table_name,
          result_table_name_alias: storage.result_table_name_alias,
          storage_type: storage.storage_type,
          storage_cluster: storage.storage_cluster,
          storage_type_alias: storage.storage_type,
          expire_time: storage.expires,
          expire_time_alias: storage.expires.replace(/d$/, '天'),
          status: storage.status === 'started' ? '正常' : storage.status,
          status_en: storage.status,
          created_at: storage.created_at,
          created_by: 'admin',
          data_name: storage.result_table_name,
          data_alias: storage.result_table_name_alias,
        }));
      return bkdataSuccess(c, rows);
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
      const missing = [
        bkBizId === undefined && 'bk_biz_id',
        rawDataId === undefined && 'raw_data_id',
        resultTableName === undefined && 'result_table_name',
        storageType === undefined && 'storage_type',
        storageCluster === undefined && 'storage_cluster',
        expires === undefined && 'expires',
      ].filter((name) => name !== false);
      if (
        missing.length > 0 ||
        bkBizId === undefined ||
        rawDataId === undefined ||
        resultTableName === undefined ||
        storageType === undefined ||
        storageCluster === undefined ||
        expires === undefined
      ) {
        return invalid(c, missing[0] ?? 'params', `missing parameters: ${missing.join(', ')}`);
      }
      if (!/^\d+[dhm]$/.test(expires)) return invalid(c, 'expires', 'expires must look like 7d');
      const fieldsProblem = checkFields(params.fields);
      if (fieldsProblem !== undefined) return invalid(c, 'fields', fieldsProblem);
      if (!store.rawData.has(rawDataId)) return bkdataFailure(c, BKDATA_CODES.notFound, `raw data ${rawDataId} does not exist`);
      const resultTableId = `${bkBizId}_${resultTableName}`;
      if (!store.cleans.has(resultTableId))
        return bkdataFailure(c, BKDATA_CODES.notFound, `result table ${resultTableId} does not exist; create its clean first`);
      if (store.storages.some((storage) => storage.result_table_id === resultTableId && storage.storage_type === storageType)) {
        return bkdataFailure(c, BKDATA_CODES.duplicate, `result table ${resultTableId} already has ${storageType} storage`);
      }
      const now = store.stamp();
      store.storages.push({
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
        status: 'started',
        created_at: now,
        updated_at: now,
      });
      // DataStorageViewset.create ends with `return Response(True)` (its apidoc shows "").
      return bkdataSuccess(c, true);
    }),
  );

  app.put(
    '/data_storages/:result_table_id/',
    route('data_storages_put', (c) => {
      const params = readParams(c);
      const resultTableId = pathParam(c, 'result_table_id');
      const storageType = stringParam(params, 'storage_type');
      const storage = store.storages.find(
        (candidate) => candidate.result_table_id === resultTableId && (storageType === undefined || candidate.storage_type === storageType),
      );
      if (storage === undefined)
        return bkdataFailure(c, BKDATA_CODES.notFound, `result table ${resultTableId} has no ${storageType ?? ''} storage`.replace('  ', ' '));
      if (params.fields !== undefined) {
        const fieldsProblem = checkFields(params.fields);
        if (fieldsProblem !== undefined) return invalid(c, 'fields', fieldsProblem);
        storage.fields = params.fields as unknown[];
      }
      storage.expires = stringParam(params, 'expires') ?? storage.expires;
      storage.storage_cluster = stringParam(params, 'storage_cluster') ?? storage.storage_cluster;
      storage.result_table_name_alias = stringParam(params, 'result_table_name_alias') ?? storage.result_table_name_alias;
      storage.updated_at = store.stamp();
      // Like create, the update answers a bare flag (its apidoc shows "").
      return bkdataSuccess(c, true);
    }),
  );

  app.get(
    '/cleans/',
    route('get_cleans', (c) => {
      // CleanViewset.list: `raw_data_id` defaults to -1, which matches no clean.
      const rawDataId = integerParam(readParams(c), 'raw_data_id') ?? -1;
      return bkdataSuccess(c, [...store.cleans.values()].filter((clean) => clean.raw_data_id === rawDataId).map(cleanRow));
    }),
  );

  const unknownClean = (c: Context<SandboxEnv>): Response =>
    bkdataFailure(c, BKDATA_CODES.notFound, `databus_clean processing_id ${pathParam(c, 'processing_id')} does not exist`);

  app.get(
    '/cleans/:processing_id/',
    route('get_clean', (c) => {
      const clean = store.cleans.get(pathParam(c, 'processing_id'));
      return clean === undefined ? unknownClean(c) : bkdataSuccess(c, cleanDetail(clean));
    }),
  );

  app.post(
    '/cleans/',
    route('cleans_post', (c) => {
      const params = readParams(c);
      const clean = readClean(params);
      if (typeof clean === 'string') return invalid(c, clean.split(' ', 1)[0] ?? 'params', clean);
      if (!store.rawData.has(clean.rawDataId)) return bkdataFailure(c, BKDATA_CODES.notFound, `raw data ${clean.rawDataId} does not exist`);
      const resultTableId = `${clean.bkBizId}_${clean.resultTableName}`;
      if (store.cleans.has(resultTableId)) return bkdataFailure(c, BKDATA_CODES.duplicate, `databus_clean processing_id ${resultTableId} already exists`);
      const now = store.stamp();
      const operator = stringParam(params, 'bk_username') ?? 'admin';
      const record: CleanRecord = {
        id: store.nextCleanId++,
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
        status: 'stopped',
        created_by: operator,
        created_at: now,
        updated_by: operator,
        updated_at: now,
      };
      store.cleans.set(resultTableId, record);
      return bkdataSuccess(c, cleanDetail(record));
    }),
  );

  app.put(
    '/cleans/:processing_id/',
    route('cleans_put', (c) => {
      const existing = store.cleans.get(pathParam(c, 'processing_id'));
      if (existing === undefined) return unknownClean(c);
      const params = readParams(c);
      const clean = readClean(params);
      if (typeof clean === 'string') return invalid(c, clean.split(' ', 1)[0] ?? 'params', clean);
      if (`${clean.bkBizId}_${clean.resultTableName}` !== existing.result_table_id)
        return invalid(c, 'result_table_name', 'result_table_name and bk_biz_id cannot change');
      Object.assign(existing, {
        result_table_name_alias: stringParam(params, 'result_table_name_alias') ?? existing.result_table_name_alias,
        clean_config_name: stringParam(params, 'clean_config_name') ?? existing.clean_config_name,
        description: stringParam(params, 'description') ?? existing.description,
        fields: params.fields as unknown[],
        json_config: clean.jsonConfig,
        updated_by: stringParam(params, 'bk_username') ?? existing.updated_by,
        updated_at: store.stamp(),
      } satisfies Partial<CleanRecord>);
      // update_clean_config returns `model_to_dict` of each storage config of data_type clean of the
      // table (its docstring and the view's apidoc say `true`).
      return bkdataSuccess(
        c,
        storagesOf(existing.result_table_id).map((storage, position) => ({
          id: position + 1,
          raw_data_id: storage.raw_data_id,
          data_type: storage.data_type,
          result_table_id: storage.result_table_id,
          cluster_type: storage.storage_type,
          cluster_name: storage.storage_cluster,
          expires: storage.expires,
          status: storage.status,
          created_by: 'admin',
          updated_by: existing.updated_by,
          description: '',
        })),
      );
    }),
  );

  /** The DatabusConnectorTask rows of a table, one per storage (`TaskViewset.retrieve` without `storage`). */
  const connectorRows = (task: TaskRecord): Record<string, unknown>[] =>
    task.storages.map((storage, position) => ({
      id: position + 1,
      connector_task_name: `${storage === 'kafka' ? 'clean' : storage === 'es' ? 'eslog' : storage}-table_${task.result_table_id}`,
      task_type: storage === 'kafka' ? 'clean' : 'shipper',
      processing_id: task.result_table_id,
      cluster_name: `${storage}-inner-M`,
      status: task.status,
      source_type: 'kafka',
      sink_type: storage === 'es' ? 'eslog' : storage,
      data_source: `kafka#table_${task.result_table_id}`,
      data_sink: `${storage}#${task.result_table_id}`,
      description: '',
      created_by: task.created_by,
      updated_by: task.created_by,
      created_at: isoTime(task.updated_at),
      updated_at: isoTime(task.updated_at),
    }));

  app.post(
    '/tasks/',
    route('post_tasks', (c) => {
      const params = readParams(c);
      const resultTableId = stringParam(params, 'result_table_id');
      if (resultTableId === undefined) return invalid(c, 'result_table_id', 'result_table_id is required');
      if (!store.cleans.has(resultTableId)) return bkdataFailure(c, BKDATA_CODES.notFound, `result table ${resultTableId} does not exist`);
      const storages = Array.isArray(params.storages) ? params.storages.filter((storage): storage is string => typeof storage === 'string') : [];
      if (storages.length === 0) return invalid(c, 'storages', 'storages must be a non-empty list');
      store.tasks.set(resultTableId, {
        result_table_id: resultTableId,
        storages,
        status: 'running',
        consume_position: stringParam(params, 'consume_position') ?? 'continue',
        created_by: stringParam(params, 'bk_username') ?? 'admin',
        updated_at: store.stamp(),
      });
      const clean = store.cleans.get(resultTableId);
      if (clean !== undefined && storages.includes('kafka')) clean.status = 'started';
      return bkdataSuccess(c, `任务(result_table_id:${resultTableId})启动成功!`);
    }),
  );

  app.get(
    '/tasks/:result_table_id/',
    route('get_tasks', (c) => {
      const task = store.tasks.get(pathParam(c, 'result_table_id'));
      // A filter on processing_id: no task is an empty list, not an error.
      return bkdataSuccess(c, task === undefined ? [] : connectorRows(task));
    }),
  );

  app.delete(
    '/tasks/:result_table_id/',
    route('delete_tasks', (c) => {
      const resultTableId = pathParam(c, 'result_table_id');
      if (!store.cleans.has(resultTableId)) return bkdataFailure(c, BKDATA_CODES.notFound, `result table ${resultTableId} does not exist`);
      const task = store.tasks.get(resultTableId);
      if (task !== undefined) {
        task.status = 'stopped';
        task.updated_at = store.stamp();
      }
      return bkdataSuccess(c, `result_table_id:${resultTableId},任务已成功停止!`);
    }),
  );

  app.get(
    '/rawdatas/:raw_data_id/tail/',
    route('get_raw_data_tail', (c) => {
      const rawData = store.rawData.get(Number(pathParam(c, 'raw_data_id')));
      if (rawData === undefined) return bkdataFailure(c, BKDATA_CODES.notFound, `raw data ${pathParam(c, 'raw_data_id')} does not exist`);
      const indexSet = [...store.cleans.values()]
        .map((clean) => (clean.raw_data_id === rawData.raw_data_id ? findIndexSet(clean.result_table_id) : undefined))
        .find((candidate) => candidate !== undefined);
      const all = indexSet === undefined ? [] : (state.records.get(indexSet.tableId) ?? []);
      const records = all.slice(-TAIL_SIZE);
      return bkdataSuccess(
        c,
        records.map((record, position) => {
          const value = JSON.stringify(record.source);
          return {
            topic: rawData.topic_name,
            partition: 0,
            offset: all.length - records.length + position,
            key: `collector-ds=${Math.floor(record.timestamp / 1000)}`,
            value,
            base64_data: mayOmit(c, Buffer.from(value).toString('base64')),
          };
        }),
      );
    }),
  );

  app.get(
    '/result_tables/:result_table_id/',
    route('get_result_table', (c) => {
      const resultTableId = pathParam(c, 'result_table_id');
      const clean = store.cleans.get(resultTableId);
      // get_databus_rt_info answers `{}` when the meta API does not know the table.
      if (clean === undefined) return bkdataSuccess(c, {});
      const fields = [...(clean.fields as Record<string, unknown>[]), TIMESTAMP_FIELD];
      const storages = storagesOf(resultTableId);
      return bkdataSuccess(c, {
        'rt.id': resultTableId,
        'rt.type': 'clean',
        'msg.type': 'avro',
        geog_area: mayOmit(c, 'inland'),
        fields: fields.map((field) => String(field.field_name)),
        columns: fields
          .map((field) => `${String(field.field_name)}=${String(field.field_type)}`)
          .sort()
          .join(','),
        dimensions: fields
          .filter((field) => field.is_dimension === true)
          .map((field) => String(field.field_name))
          .join(','),
        channel_type: 'kafka',
        project_id: 4,
        bk_biz_id: clean.bk_biz_id,
        platform: 'bk_data',
        table_name: clean.result_table_name,
        'storages.list': ['kafka', ...storages.map((storage) => storage.storage_type)],
        kafka: { physical_table_name: `table_${resultTableId}`, storage_config: '{}', expires: '3d' },
        ...Object.fromEntries(
          storages.map((storage) => [
            storage.storage_type,
            {
              id: 1,
              cluster_name: storage.storage_cluster,
              version: mayOmit(c, '7.10.2'),
              physical_table_name: storage.physical_table_name,
              storage_config: '{}',
              expires: storage.expires,
            },
          ]),
        ),
        channel_cluster_index: 1,
        'bootstrap.servers': 'kafka.service.consul:9092',
        'zookeeper.addr': 'zk.service.consul:2181/',
        channel_cluster_name: 'kafka-inner',
        'etl.id': clean.id,
        'data.id': clean.raw_data_id,
        'etl.conf': clean.json_config,
      });
    }),
  );

  app.get(
    '/result_tables/:result_table_id/tail/',
    route('get_result_table_tail', (c) => {
      const resultTableId = pathParam(c, 'result_table_id');
      // rt_kafka_tail reads `rt_info[CHANNEL_TYPE]` of an empty rt_info: a KeyError, a server error.
      if (!store.cleans.has(resultTableId)) return bkdataFailure(c, BKDATA_CODES.serverError, "'channel_type'");
      const indexSet = findIndexSet(resultTableId);
      const records = indexSet === undefined ? [] : (state.records.get(indexSet.tableId) ?? []).slice(-TAIL_SIZE);
      return bkdataSuccess(
        c,
        records.map((record) => record.source),
      );
    }),
  );
  return app;
}

/**
 * BKData databus v4 (spec §5.3): `clean/debug/`. The v4 databus is not part of Tencent/bk-base's
 * public tree; its answer is shaped by what bklog reads (`rules_output[].value`, `key_index`).
 */
export function createBkdataDatabusV4Routes(context: RouteContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  app.post(
    '/clean/debug/',
    blueKingRoute(context.services, 'bkdata.databus.clean_debug', (c) => {
      const params = readParams(c);
      if (typeof params.input !== 'string')
        return bkdataFailure(c, BKDATA_CODES.invalidParameter, 'input must be the raw log text', { input: ['input must be the raw log text'] });
      if (!Array.isArray(params.rules) || params.rules.length === 0)
        return bkdataFailure(c, BKDATA_CODES.invalidParameter, 'rules must be a non-empty list', { rules: ['rules must be a non-empty list'] });
      try {
        return bkdataSuccess(c, { rules_output: runCleanDebug(params.input, params.rules), filter_rules_output: [] });
      } catch (error) {
        if (error instanceof CleanDebugError) return bkdataFailure(c, BKDATA_CODES.cleanDebugFailed, error.message);
        throw error;
      }
    }),
  );
  return app;
}
