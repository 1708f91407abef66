// The `@x/bkdata/query` entry: BKData query_sync alone (spec §5.2) — its client, what its calls
// take and return, and its param builders. Endpoint definitions and schemas are in
// `@x/bkdata/endpoints`.
export { BKDATA_QUERY_SQL_SYNTAX_ERROR_CODE, buildEsMappingQuery, buildEsQuery, buildSqlQuery, createBkdataQuery } from './bkdata-query.js';
export type {
  BkdataEsFieldMapping,
  BkdataEsHit,
  BkdataEsIndexMapping,
  BkdataEsMappings,
  BkdataEsSearchResponse,
  BkdataQuery,
  BkdataQueryClient,
  BkdataQueryOptions,
  BkdataQueryResult,
  BkdataSqlOptions,
  BkdataSqlRow,
} from './bkdata-query.js';
export type { BkdataQuerySyncParams } from './bkdata-query-endpoints.js';
export type { BkdataExtra, BkdataJsonValue } from '../bkdata-input.js';
export { DATA_TOKEN_ENV_VARIABLE } from '../bkdata-settings.js';
export type { BkdataAuthenticationMethod, BkdataRoots, BkdataSettings } from '../bkdata-settings.js';
