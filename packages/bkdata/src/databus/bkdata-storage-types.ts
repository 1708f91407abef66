/**
 * What a storage is fed from: `DataStorageViewset.create` handles `raw_data` (which may only go to
 * `queue`) and treats anything else as `clean`.
 */
export type BkdataStorageDataType = 'clean' | 'raw_data';

/**
 * The storage types `data_storages/` can start a shipping task for: the tasks bk-base's
 * `data_storage.py` registers (`TASK_LIST`); any other type fails in `execute_task`.
 */
export const BKDATA_STORAGE_TYPES = [
  'es',
  'mysql',
  'tspider',
  'hdfs',
  'druid',
  'queue',
  'tredis',
  'hermes',
  'ignite',
  'iceberg',
  'tcaplus',
  'clickhouse',
] as const;
/** A storage type of `data_storages/`. */
export type BkdataStorageType = (typeof BKDATA_STORAGE_TYPES)[number];
