import { describe, expect, it } from 'vitest';
import * as access from './access/index.js';
import * as databus from './databus/index.js';
import * as endpoints from './endpoints.js';
import * as root from './index.js';
import * as query from './query/index.js';

const isEndpoint = (value: unknown): value is { kind: 'bk-endpoint'; name: string } =>
  typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'bk-endpoint';
const isZodSchema = (value: unknown): boolean => typeof value === 'object' && value !== null && '_zod' in value;

describe('the package contract', () => {
  it('@x/bkdata exports the client, its constants, the helpers and VERSION: no endpoint and no zod schema', () => {
    expect(Object.keys(root).sort()).toEqual([
      'BKDATA_ES_TYPE_MAP',
      'BKDATA_MAX_RAW_DATA_PAGE_SIZE',
      'BKDATA_QUERY_SQL_SYNTAX_ERROR_CODE',
      'BKDATA_STORAGE_TYPES',
      'DATA_TOKEN_ENV_VARIABLE',
      'VERSION',
      'bkdataFieldType',
      'buildCleanDebugParams',
      'buildCleanFields',
      'buildEsMappingQuery',
      'buildEsQuery',
      'buildSqlQuery',
      'buildStorageFields',
      'createBkdata',
      'rawDataCount',
      'rawDataItems',
      'resultTableExists',
    ]);
    expect(Object.values(root).filter((value) => isEndpoint(value) || isZodSchema(value))).toEqual([]);
  });

  it('each group entry holds its client factory and helpers: no endpoint and no zod schema', () => {
    expect(Object.keys(access).sort()).toEqual(['BKDATA_MAX_RAW_DATA_PAGE_SIZE', 'createBkdataAccess', 'rawDataCount', 'rawDataItems']);
    expect(Object.keys(query).sort()).toEqual([
      'BKDATA_QUERY_SQL_SYNTAX_ERROR_CODE',
      'DATA_TOKEN_ENV_VARIABLE',
      'buildEsMappingQuery',
      'buildEsQuery',
      'buildSqlQuery',
      'createBkdataQuery',
    ]);
    expect(Object.keys(databus).sort()).toEqual([
      'BKDATA_ES_TYPE_MAP',
      'BKDATA_STORAGE_TYPES',
      'bkdataFieldType',
      'buildCleanDebugParams',
      'buildCleanFields',
      'buildStorageFields',
      'createBkdataDatabus',
      'resultTableExists',
    ]);
    for (const entry of [access, query, databus]) expect(Object.values(entry).filter((value) => isEndpoint(value) || isZodSchema(value))).toEqual([]);
  });

  it('@x/bkdata/endpoints exports an endpoint for every call of the client, and every name ending in Schema is one', () => {
    const groups: Readonly<Record<string, { readonly name: string }>>[] = [
      endpoints.bkdataAccessEndpoints,
      endpoints.bkdataQueryEndpoints,
      endpoints.bkdataDatabusEndpoints,
    ];
    const names = new Set(groups.flatMap((group) => Object.values(group).map((endpoint) => endpoint.name)));
    expect([...names].sort()).toEqual([
      'databus_clean_debug',
      'databus_cleans_post',
      'databus_cleans_put',
      'databus_data_storages_post',
      'databus_data_storages_put',
      'delete_tasks',
      'deploy_plan_post',
      'deploy_plan_put',
      'get_clean',
      'get_cleans',
      'get_config_db_list',
      'get_deploy_summary',
      'get_raw_data_tail',
      'get_result_table',
      'get_result_table_tail',
      'get_tasks',
      'list_raw_data',
      'post_tasks',
      'query_sync',
      'stop_collectorhub',
    ]);
    for (const [name, value] of Object.entries(endpoints)) {
      if (name.endsWith('Schema')) expect(isZodSchema(value), name).toBe(true);
    }
  });
});
