// The `@x/bkdata/access` entry: BKData access alone (spec §5.1) — its client, what its calls take
// and return, and its helpers. Endpoint definitions and schemas are in `@x/bkdata/endpoints`.
export { BKDATA_MAX_RAW_DATA_PAGE_SIZE, createBkdataAccess, rawDataCount, rawDataItems } from './bkdata-access.js';
export type {
  BkdataAccess,
  BkdataAccessClient,
  BkdataAccessRawData,
  BkdataCreateDeployPlanParams,
  BkdataDeployPlanResult,
  BkdataDeploySummary,
  BkdataGetDeploySummaryParams,
  BkdataListRawDataParams,
  BkdataListRawDataResult,
  BkdataRawData,
  BkdataRawDataFilter,
  BkdataRawDataPage,
  BkdataRawDataPagingOptions,
  BkdataSensitivity,
  BkdataStopCollectorhubParams,
  BkdataStopCollectorhubResult,
  BkdataUpdateDeployPlanParams,
} from './bkdata-access.js';
export type { BkdataExtra, BkdataJsonValue } from '../bkdata-input.js';
export type { BkdataRoots, BkdataSettings } from '../bkdata-settings.js';
