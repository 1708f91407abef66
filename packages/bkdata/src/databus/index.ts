// The `@x/bkdata/databus` entry: BKData databus alone (spec §5.3) — its client, what its calls
// take and return, and the builders of its bodies. Endpoint definitions and schemas are in
// `@x/bkdata/endpoints`.
export { createBkdataDatabus } from './bkdata-databus.js';
export type { BkdataDatabus, BkdataDatabusClient } from './bkdata-databus.js';
export { BKDATA_ES_TYPE_MAP, bkdataFieldType, buildCleanFields, buildStorageFields } from './bkdata-clean-fields.js';
export type {
  BkdataCleanField,
  BkdataCleanFieldsOptions,
  BkdataEsFieldDescription,
  BkdataEsFieldEntry,
  BkdataEsTypeMapping,
  BkdataFieldType,
  BkdataStorageField,
} from './bkdata-clean-fields.js';
export { BKDATA_STORAGE_TYPES } from './bkdata-databus-storages.js';
export type {
  BkdataCreateStorageParams,
  BkdataDatabusStorages,
  BkdataListStoragesParams,
  BkdataStorage,
  BkdataStorageDataType,
  BkdataStorageType,
  BkdataUpdateStorageParams,
} from './bkdata-databus-storages.js';
export type {
  BkdataClean,
  BkdataCleanListItem,
  BkdataCleanMutationResult,
  BkdataCreateCleanParams,
  BkdataDatabusCleans,
  BkdataGetCleanParams,
  BkdataListCleansParams,
  BkdataUpdateCleanParams,
  BkdataUpdateCleanResult,
} from './bkdata-databus-cleans.js';
export { buildCleanDebugParams } from './bkdata-clean-debug.js';
export type { BkdataCleanDebugOperator, BkdataCleanDebugRule, BkdataDatabusCleanDebug, BkdataDebugCleanParams, BkdataDebugCleanResult } from './bkdata-clean-debug.js';
export type { BkdataCreateTaskParams, BkdataDatabusTasks, BkdataTask, BkdataTaskParams } from './bkdata-databus-tasks.js';
export { resultTableExists } from './bkdata-databus-tables.js';
export type { BkdataDatabusTables, BkdataRawDataTailParams, BkdataResultTable, BkdataResultTableParams } from './bkdata-databus-tables.js';
export type { BkdataExtra, BkdataJsonValue } from '../bkdata-input.js';
export type { BkdataRoots, BkdataSettings } from '../bkdata-settings.js';
