import type { IndexSetDefinition } from '../data/index-sets.js';

// The sandbox's own bookkeeping of BKData (Tencent/bk-base). The routes turn these records into
// what bk-base answers (`id` for a raw data, the databus views' shapes); the field names here follow
// bk-base's models (src/api/datahub/access/models.py AccessRawData, databus/models.py DatabusClean).

/** A BKData raw data (an access deployment). */
export interface RawDataRecord {
  raw_data_id: number;
  bk_biz_id: number;
  /** The app that registered it (`bk_app_code` of the deploy plan). */
  bk_app_code: string;
  data_source: string;
  permission: string;
  raw_data_name: string;
  raw_data_alias: string;
  data_scenario: string;
  data_scenario_id: number | null;
  data_encoding: string;
  sensitivity: string;
  maintainer: string;
  description: string;
  /** The `access_raw_data` object of the deploy plan, as last posted. */
  access_raw_data: Record<string, unknown>;
  status: 'running' | 'stopped';
  topic_name: string;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
}

/** A BKData clean (ETL) processing; its processing id equals its result table id. */
export interface CleanRecord {
  /** The row id of the clean (DatabusClean.id). */
  id: number;
  processing_id: string;
  result_table_id: string;
  raw_data_id: number;
  bk_biz_id: number;
  result_table_name: string;
  result_table_name_alias: string;
  clean_config_name: string;
  description: string;
  fields: unknown[];
  json_config: string;
  /** DatabusClean.status: `started` or `stopped`. */
  status: 'started' | 'stopped';
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
}

/** A storage attached to a result table. */
export interface StorageRecord {
  result_table_id: string;
  raw_data_id: number;
  bk_biz_id: number;
  data_type: string;
  storage_type: string;
  storage_cluster: string;
  expires: string;
  result_table_name: string;
  result_table_name_alias: string;
  physical_table_name: string;
  fields: unknown[];
  /** The shipper's status as bk-base records it (`started`, `stopped`, `failed`). */
  status: string;
  created_at: string;
  updated_at: string;
}

/** A databus shipping task of a result table. */
export interface TaskRecord {
  result_table_id: string;
  storages: string[];
  status: 'running' | 'stopped';
  consume_position: string;
  created_by: string;
  updated_at: string;
}

/** How many raw data the access API lists before anything is created. */
export const SEEDED_RAW_DATA_COUNT = 240;
/** The first seeded raw data id; ids run sequentially from here. */
export const FIRST_RAW_DATA_ID = 1000;

const seededBusinesses = [2, 3, 5] as const;

function timestampText(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('T', ' ').slice(0, 19);
}

function fieldsOf(indexSet: IndexSetDefinition): unknown[] {
  const typeMap: Readonly<Record<string, string>> = { keyword: 'string', text: 'text', long: 'long', integer: 'int', double: 'double', date: 'long' };
  return indexSet.fields.map((field, position) => ({
    field_name: field.fieldName,
    field_type: typeMap[field.fieldType] ?? 'string',
    field_alias: field.fieldAlias,
    is_dimension: field.fieldType === 'keyword',
    field_index: position + 1,
  }));
}

/** The state of BKData access and databus: raw data, cleans, storages and tasks. */
export class BkdataStore {
  rawData = new Map<number, RawDataRecord>();
  cleans = new Map<string, CleanRecord>();
  storages: StorageRecord[] = [];
  tasks = new Map<string, TaskRecord>();
  nextRawDataId = FIRST_RAW_DATA_ID;
  nextCleanId = 1;
  readonly #indexSets: readonly IndexSetDefinition[];
  readonly #now: number;

  constructor(indexSets: readonly IndexSetDefinition[], now: number) {
    this.#indexSets = indexSets;
    this.#now = now;
    this.reset();
  }

  /** The time text stamped on records created now. */
  stamp(): string {
    return timestampText(Date.now());
  }

  /** Back to the seeded raw data, and one clean + ES storage + task per seeded index set. */
  reset(): void {
    this.rawData.clear();
    this.cleans.clear();
    this.storages = [];
    this.tasks.clear();
    const seededAt = timestampText(this.#now - 30 * 86_400_000);
    for (let offset = 0; offset < SEEDED_RAW_DATA_COUNT; offset += 1) {
      const rawDataId = FIRST_RAW_DATA_ID + offset;
      const indexSet = this.#indexSets.find((candidate) => candidate.rawDataId === rawDataId);
      const bkBizId = indexSet?.bkBizId ?? seededBusinesses[offset % seededBusinesses.length] ?? 2;
      const rawDataName = indexSet === undefined ? `bklog_seed_${rawDataId}` : `bklog_${indexSet.resultTableId.slice(String(bkBizId).length + 7)}`;
      const alias = indexSet?.name ?? `seeded raw data ${rawDataId}`;
      this.rawData.set(rawDataId, {
        raw_data_id: rawDataId,
        bk_biz_id: bkBizId,
        bk_app_code: 'bk_log_search',
        data_source: 'server',
        permission: 'permission',
        raw_data_name: rawDataName,
        raw_data_alias: alias,
        data_scenario: 'custom',
        data_scenario_id: 47,
        data_encoding: 'utf-8',
        sensitivity: 'private',
        maintainer: 'admin',
        description: alias,
        access_raw_data: { raw_data_name: rawDataName, raw_data_alias: alias, maintainer: 'admin', data_encoding: 'utf-8', sensitivity: 'private', tags: [] },
        status: 'running',
        topic_name: `${rawDataName}${bkBizId}`,
        created_by: 'admin',
        created_at: seededAt,
        updated_by: 'admin',
        updated_at: seededAt,
      });
    }
    this.nextRawDataId = FIRST_RAW_DATA_ID + SEEDED_RAW_DATA_COUNT;
    this.nextCleanId = 1;
    for (const indexSet of this.#indexSets) {
      const resultTableName = indexSet.resultTableId.slice(String(indexSet.bkBizId).length + 1);
      this.cleans.set(indexSet.resultTableId, {
        id: this.nextCleanId++,
        processing_id: indexSet.resultTableId,
        result_table_id: indexSet.resultTableId,
        raw_data_id: indexSet.rawDataId,
        bk_biz_id: indexSet.bkBizId,
        result_table_name: resultTableName,
        result_table_name_alias: indexSet.name,
        clean_config_name: `${indexSet.name} clean`,
        description: indexSet.name,
        fields: fieldsOf(indexSet),
        json_config: JSON.stringify({ extract: { type: 'fun', method: 'from_json', result: 'json', label: 'label1', next: null } }),
        status: 'started',
        created_by: 'admin',
        created_at: seededAt,
        updated_by: 'admin',
        updated_at: seededAt,
      });
      this.storages.push({
        result_table_id: indexSet.resultTableId,
        raw_data_id: indexSet.rawDataId,
        bk_biz_id: indexSet.bkBizId,
        data_type: 'clean',
        storage_type: 'es',
        storage_cluster: 'es_default',
        expires: '7d',
        result_table_name: resultTableName,
        result_table_name_alias: indexSet.name,
        physical_table_name: `v2_${indexSet.resultTableId}`,
        fields: fieldsOf(indexSet),
        status: 'started',
        created_at: seededAt,
        updated_at: seededAt,
      });
      this.tasks.set(indexSet.resultTableId, {
        result_table_id: indexSet.resultTableId,
        storages: ['kafka', 'es'],
        status: 'running',
        consume_position: 'continue',
        created_by: 'admin',
        updated_at: seededAt,
      });
    }
  }
}
