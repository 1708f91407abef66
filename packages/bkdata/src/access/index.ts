// The `@x/bkdata/access` entry: BKData access alone (spec §5.1) — its client, what its calls take
// and return, and its helpers. Endpoint definitions and schemas are in `@x/bkdata/endpoints`.
export { createBkdataAccess, rawDataCount, rawDataItems } from './bkdata-access.js';
export { BKDATA_MAX_RAW_DATA_PAGE_SIZE } from './bkdata-raw-data-page-size.js';
export type { BkdataAccess, BkdataAccessClient, BkdataRawDataFilter, BkdataRawDataPagingOptions } from './bkdata-access.js';
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
} from './bkdata-access-endpoints.js';
export type { BkdataExtra, BkdataJsonValue } from '../bkdata-input.js';
export type { BkdataRoots, BkdataSettings } from '../bkdata-settings.js';
