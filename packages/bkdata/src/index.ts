// The contract of @x/bkdata: the client and its settings, what its calls take and return, and the
// helpers and constants a caller uses. Endpoint definitions, zod schemas and before-request hooks,
// for composing calls of your own on the core client, are in `@x/bkdata/endpoints`. Nothing here
// loads zod: the schemas load with a client's first call.
export { VERSION } from './version.js';
export { createBkdata } from './bkdata-client.js';
export type { BkdataClient } from './bkdata-client.js';
export { DATA_TOKEN_ENV_VARIABLE } from './bkdata-settings.js';
export type { BkdataAuthenticationMethod, BkdataRootName, BkdataRoots, BkdataSettings } from './bkdata-settings.js';
export type { BkdataExtra, BkdataJsonValue } from './bkdata-input.js';

// bkdata.access
export { rawDataCount, rawDataItems } from './access/bkdata-access.js';
export { BKDATA_MAX_RAW_DATA_PAGE_SIZE } from './access/bkdata-raw-data-page-size.js';
export type { BkdataAccess, BkdataRawDataFilter, BkdataRawDataPagingOptions } from './access/bkdata-access.js';
export type {
  BkdataAccessRawData,
  BkdataCreateDeployPlanParams,
  BkdataDeployPlanResult,
  BkdataDeploySummary,
  BkdataGetDeploySummaryParams,
  BkdataListRawDataParams,
  BkdataListRawDataResult,
  BkdataRawData,
  BkdataRawDataPage,
  BkdataSensitivity,
  BkdataStopCollectorhubParams,
  BkdataStopCollectorhubResult,
  BkdataUpdateDeployPlanParams,
} from './access/bkdata-access-endpoints.js';

// bkdata.query
export { BKDATA_QUERY_SQL_SYNTAX_ERROR_CODE, buildEsMappingQuery, buildEsQuery, buildSqlQuery } from './query/bkdata-query.js';
export type {
  BkdataEsFieldMapping,
  BkdataEsHit,
  BkdataEsIndexMapping,
  BkdataEsMappings,
  BkdataEsSearchResponse,
  BkdataQuery,
  BkdataQueryOptions,
  BkdataQueryResult,
  BkdataSqlOptions,
  BkdataSqlRow,
} from './query/bkdata-query.js';
export type { BkdataQuerySyncParams } from './query/bkdata-query-endpoints.js';

// bkdata.databus
export type { BkdataDatabus } from './databus/bkdata-databus.js';
export { BKDATA_ES_TYPE_MAP, bkdataFieldType, buildCleanFields, buildStorageFields } from './databus/bkdata-clean-fields.js';
export type {
  BkdataCleanFieldsOptions,
  BkdataEsFieldDescription,
  BkdataEsFieldEntry,
  BkdataEsTypeMapping,
  BkdataFieldType,
} from './databus/bkdata-clean-fields.js';
export type { BkdataCleanField, BkdataStorageField } from './databus/bkdata-clean-field-schemas.js';
export { BKDATA_STORAGE_TYPES } from './databus/bkdata-storage-types.js';
export type { BkdataStorageDataType, BkdataStorageType } from './databus/bkdata-storage-types.js';
export type {
  BkdataCreateStorageParams,
  BkdataListStoragesParams,
  BkdataStorage,
  BkdataUpdateStorageParams,
} from './databus/bkdata-databus-storages-endpoints.js';
export type {
  BkdataClean,
  BkdataCleanListItem,
  BkdataCleanMutationResult,
  BkdataCreateCleanParams,
  BkdataGetCleanParams,
  BkdataListCleansParams,
  BkdataUpdateCleanParams,
  BkdataUpdateCleanResult,
} from './databus/bkdata-databus-cleans-endpoints.js';
export { buildCleanDebugParams } from './databus/bkdata-clean-debug.js';
export type { BkdataCleanDebugOperator, BkdataCleanDebugRule, BkdataDebugCleanParams, BkdataDebugCleanResult } from './databus/bkdata-clean-debug-endpoints.js';
export type { BkdataCreateTaskParams, BkdataTask, BkdataTaskParams } from './databus/bkdata-databus-tasks-endpoints.js';
export { resultTableExists } from './databus/bkdata-databus-tables.js';
export type { BkdataRawDataTailParams, BkdataResultTable, BkdataResultTableParams } from './databus/bkdata-databus-tables-endpoints.js';
