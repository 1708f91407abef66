// The `@x/bkdata/endpoints` entry: the building blocks of the client, for composing calls of your
// own on the core client (`client.call`, `bulk`, `paginate`, `batch`) — the endpoint definitions,
// their zod schemas, the before-request hooks that reproduce bklog's, the core client with
// BKData's four roots, and the groups bound to a core client of your own. The types of what the
// calls take and return are in the root, `@x/bkdata`. Importing this entry loads zod.
export { BKDATA_USER_AGENT, createBkdataCoreClient, resolveBkdataRoot } from './bkdata-settings.js';
export { addBkdataTokenInfo, addBkdataUserInfo, BKDATA_HEADER_KEYS, bkBizIdSchema, bkdataCommonShape, rawDataIdSchema } from './bkdata-before-request.js';
export { bkdataExtraSchema } from './bkdata-input.js';

// Access (root `access`)
export { bindBkdataAccess } from './access/bkdata-access.js';
export {
  accessRawDataSchema,
  addRawDataPageSize,
  bkdataAccessEndpoints,
  createDeployPlanInputSchema,
  deployPlanOutputSchema,
  deploySummarySchema,
  getDeploySummaryInputSchema,
  listRawDataInputSchema,
  listRawDataOutputSchema,
  rawDataPageSchema,
  rawDataSchema,
  stopCollectorhubInputSchema,
  stopCollectorhubOutputSchema,
  updateDeployPlanInputSchema,
} from './access/bkdata-access-endpoints.js';

// Query (root `query`)
export { bindBkdataQuery } from './query/bkdata-query.js';
export { addBkdataQueryInfo, bkdataQueryEndpoints, querySyncInputSchema, querySyncOutputSchema } from './query/bkdata-query-endpoints.js';

// Databus (roots `databus` and `databusV4`): `bkdataDatabusEndpoints` holds every one of them.
export { bindBkdataDatabus } from './databus/bkdata-databus.js';
export { bkdataDatabusEndpoints } from './databus/bkdata-databus-endpoints.js';
export { cleanFieldSchema, storageFieldSchema } from './databus/bkdata-clean-field-schemas.js';
export {
  bkdataStorageEndpoints,
  createStorageInputSchema,
  listStoragesInputSchema,
  resultTableIdSchema,
  resultTableNameSchema,
  storageMutationOutputSchema,
  storageSchema,
  updateStorageInputSchema,
} from './databus/bkdata-databus-storages-endpoints.js';
export {
  bkdataCleanEndpoints,
  cleanListItemSchema,
  cleanMutationOutputSchema,
  cleanSchema,
  cleanStorageConfigSchema,
  createCleanInputSchema,
  getCleanInputSchema,
  listCleansInputSchema,
  processingIdSchema,
  updateCleanInputSchema,
  updateCleanOutputSchema,
} from './databus/bkdata-databus-cleans-endpoints.js';
export {
  bkdataCleanDebugEndpoints,
  cleanDebugOperatorSchema,
  cleanDebugRuleSchema,
  debugCleanInputSchema,
  debugCleanOutputSchema,
} from './databus/bkdata-clean-debug-endpoints.js';
export { bkdataTaskEndpoints, createTaskInputSchema, taskInputSchema, taskSchema } from './databus/bkdata-databus-tasks-endpoints.js';
export {
  bkdataTableEndpoints,
  rawDataTailInputSchema,
  resultTableInputSchema,
  resultTableSchema,
  tailOutputSchema,
} from './databus/bkdata-databus-tables-endpoints.js';
