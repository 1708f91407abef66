// The `@x/bkdata/databus` entry: BKData databus alone (spec §5.3) — its client, what its calls
// take and return, and the builders of its bodies. Endpoint definitions and schemas are in
// `@x/bkdata/endpoints`.
export { createBkdataDatabus } from './bkdata-databus.js';
export type { BkdataDatabus, BkdataDatabusClient } from './bkdata-databus.js';
export { BKDATA_ES_TYPE_MAP, bkdataFieldType, buildCleanFields, buildStorageFields } from './bkdata-clean-fields.js';
export type { BkdataCleanFieldsOptions, BkdataEsFieldDescription, BkdataEsFieldEntry, BkdataEsTypeMapping, BkdataFieldType } from './bkdata-clean-fields.js';
export type { BkdataCleanField, BkdataStorageField } from './bkdata-clean-field-schemas.js';
export { BKDATA_STORAGE_TYPES } from './bkdata-storage-types.js';
export type { BkdataStorageDataType, BkdataStorageType } from './bkdata-storage-types.js';
export type { BkdataDatabusStorages } from './bkdata-databus-storages.js';
export type { BkdataCreateStorageParams, BkdataListStoragesParams, BkdataStorage, BkdataUpdateStorageParams } from './bkdata-databus-storages-endpoints.js';
export type { BkdataDatabusCleans } from './bkdata-databus-cleans.js';
export type {
  BkdataClean,
  BkdataCleanListItem,
  BkdataCleanMutationResult,
  BkdataCreateCleanParams,
  BkdataGetCleanParams,
  BkdataListCleansParams,
  BkdataUpdateCleanParams,
  BkdataUpdateCleanResult,
} from './bkdata-databus-cleans-endpoints.js';
export { buildCleanDebugParams } from './bkdata-clean-debug.js';
export type { BkdataDatabusCleanDebug } from './bkdata-clean-debug.js';
export type { BkdataCleanDebugOperator, BkdataCleanDebugRule, BkdataDebugCleanParams, BkdataDebugCleanResult } from './bkdata-clean-debug-endpoints.js';
export type { BkdataDatabusTasks } from './bkdata-databus-tasks.js';
export type { BkdataCreateTaskParams, BkdataTask, BkdataTaskParams } from './bkdata-databus-tasks-endpoints.js';
export { resultTableExists } from './bkdata-databus-tables.js';
export type { BkdataDatabusTables } from './bkdata-databus-tables.js';
export type { BkdataRawDataTailParams, BkdataResultTable, BkdataResultTableParams } from './bkdata-databus-tables-endpoints.js';
export type { BkdataExtra, BkdataJsonValue } from '../bkdata-input.js';
export type { BkdataRoots, BkdataSettings } from '../bkdata-settings.js';
