import type { EndpointInput, EndpointOutput } from '@x/core-client';
import { describe, expectTypeOf, it } from 'vitest';
import * as z from 'zod';
import { bkdataAccessEndpoints } from './access/bkdata-access-endpoints.js';
import type {
  BkdataDeployPlanResult,
  BkdataDeploySummary,
  BkdataGetDeploySummaryParams,
  BkdataListRawDataParams,
  BkdataRawData,
  BkdataRawDataPage,
} from './access/bkdata-access-endpoints.js';
import { createBkdata } from './bkdata-client.js';
import type { BkdataExtra } from './bkdata-input.js';
import type { BkdataCleanDebugRule, BkdataDebugCleanParams, BkdataDebugCleanResult } from './databus/bkdata-clean-debug-endpoints.js';
import type { BkdataCleanField, BkdataStorageField } from './databus/bkdata-clean-field-schemas.js';
import type { BkdataClean, BkdataCleanListItem, BkdataCreateCleanParams } from './databus/bkdata-databus-cleans-endpoints.js';
import type { BkdataCreateStorageParams, BkdataStorage } from './databus/bkdata-databus-storages-endpoints.js';
import type { BkdataStorageType } from './databus/bkdata-storage-types.js';
import type { BkdataResultTable, BkdataResultTableParams } from './databus/bkdata-databus-tables-endpoints.js';
import type { BkdataCreateTaskParams, BkdataTask } from './databus/bkdata-databus-tasks-endpoints.js';
import { bkdataDatabusEndpoints } from './databus/bkdata-databus-endpoints.js';
import { bkdataQueryEndpoints } from './query/bkdata-query-endpoints.js';
import type { BkdataEsFieldMapping, BkdataEsHit, BkdataEsSearchResponse, BkdataQueryResult, BkdataSqlRow } from './query/bkdata-query.js';
import type { BkdataQuerySyncParams } from './query/bkdata-query-endpoints.js';

const bkdata = createBkdata({ apiHost: 'http://paas' });

/** `true` when `T` has a string index signature (`[key: string]: ...`), which switches off excess-property checks. */
type HasIndexSignature<T> = string extends keyof T ? true : false;

const storage = {
  bk_biz_id: 2,
  raw_data_id: 1000,
  result_table_name: 'bklog_nginx',
  result_table_name_alias: 'nginx',
  storage_cluster: 'es_default',
  expires: 7,
  fields: [{ field_name: 'log', field_type: 'text', field_alias: 'log', is_dimension: false, field_index: 1, physical_field: 'log' }],
};

describe('inputs: a misspelt field is a compile error', () => {
  it('access', () => {
    // @ts-expect-error bk_bizid is not a field of list_raw_data (bk_biz_id is)
    void bkdata.access.listAllRawData({ bk_bizid: 2 });
    // @ts-expect-error page_sise is not a field
    void bkdata.access.listRawData({ bk_biz_id: 2, page: 1, page_sise: 10 });
    // @ts-expect-error raw_data_ids is not a field of get_deploy_summary
    void bkdata.access.getDeploySummary({ raw_data_id: 1000, raw_data_ids: [1000] });
    void bkdata.access.createDeployPlan({
      bk_biz_id: 2,
      // @ts-expect-error raw_data_alais is not a field of access_raw_data
      access_raw_data: { raw_data_name: 'bklog_nginx', raw_data_alias: 'nginx', maintainer: 'admin', raw_data_alais: 'x' },
    });
    // @ts-expect-error the endpoint definitions are strict too
    void bkdata.client.call(bkdataAccessEndpoints.listRawData, { bk_bizid: 2 });
  });

  it('query', () => {
    // @ts-expect-error prefer_storge is not a field of query_sync
    void bkdata.query.querySync({ sql: 'SELECT 1', prefer_storge: 'es' });
    // @ts-expect-error rowSchemas is not an option of sql
    void bkdata.query.sql('SELECT 1', { rowSchemas: z.object({}) });
    // @ts-expect-error the endpoint definition is strict too
    void bkdata.client.call(bkdataQueryEndpoints.querySync, { sql: 'SELECT 1', no_requests: true });
  });

  it('databus', () => {
    // @ts-expect-error storage is not a field of post_tasks (storages is)
    void bkdata.databus.createTask({ result_table_id: '2_bklog_nginx', storage: ['kafka'] });
    // @ts-expect-error storage_clusters is not a field of databus_data_storages_post
    void bkdata.databus.createStorage({ ...storage, storage_clusters: 'es_default' });
    // @ts-expect-error delimeter is not a field of the split_str operator (delimiter is)
    void bkdata.databus.debugClean({ input: 'a|b', rules: [{ operator: { type: 'split_str', delimeter: '|' } }] });
    // @ts-expect-error processing_ids is not a field of get_clean
    void bkdata.databus.getClean({ processing_id: '2_bklog_nginx', processing_ids: [] });
    // @ts-expect-error the endpoint definitions are strict too
    void bkdata.client.call(bkdataDatabusEndpoints.getResultTable, { result_table_id: '2_x', resut_table_id: '2_x' });
  });

  it('takes closed sets as literal unions', () => {
    // @ts-expect-error storage_type is one of the storage types data_storages/ can ship to
    void bkdata.databus.createStorage({ ...storage, storage_type: 'elasticsearch' });
    // @ts-expect-error data_type is clean or raw_data
    void bkdata.databus.createStorage({ ...storage, data_type: 'cleaned' });
    void bkdata.access.createDeployPlan({
      bk_biz_id: 2,
      // @ts-expect-error sensitivity is private, public or confidential
      access_raw_data: { raw_data_name: 'bklog_nginx', raw_data_alias: 'nginx', maintainer: 'admin', sensitivity: 'secret' },
    });
    // @ts-expect-error bkdata_authentication_method is user or token
    void bkdata.query.querySync({ sql: 'SELECT 1', bkdata_authentication_method: 'app' });
    expectTypeOf<NonNullable<BkdataCreateStorageParams['storage_type']>>().toEqualTypeOf<BkdataStorageType>();
    expectTypeOf<BkdataStorageType>().toEqualTypeOf<
      'es' | 'mysql' | 'tspider' | 'hdfs' | 'druid' | 'queue' | 'tredis' | 'hermes' | 'ignite' | 'iceberg' | 'tcaplus' | 'clickhouse'
    >();
  });

  it('has no index signature in any input type', () => {
    expectTypeOf<HasIndexSignature<BkdataListRawDataParams>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<BkdataGetDeploySummaryParams>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<BkdataQuerySyncParams>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<BkdataCreateStorageParams>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<BkdataCreateCleanParams>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<BkdataCreateTaskParams>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<BkdataResultTableParams>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<BkdataDebugCleanParams>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<BkdataCleanDebugRule>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<EndpointInput<typeof bkdataAccessEndpoints.createDeployPlan>['access_raw_data']>>().toEqualTypeOf<false>();
  });

  it('takes unmodelled wire fields only through extra, as JSON values', () => {
    void bkdata.access.listRawData({ bk_biz_id: 2, extra: { raw_data_name__icontains: 'nginx', tags: ['a'], nested: { on: true, n: null } } });
    void bkdata.query.querySync({ sql: 'SELECT 1', extra: { properties: { timeout: 30 } } });
    void bkdata.databus.createTask({ result_table_id: '2_bklog_nginx', extra: { operator_note: 'x' } });
    // @ts-expect-error a function is not a JSON value
    void bkdata.databus.getTask({ result_table_id: '2_bklog_nginx', extra: { callback: () => 1 } });
    expectTypeOf<NonNullable<BkdataQuerySyncParams['extra']>>().toEqualTypeOf<BkdataExtra>();
  });
});

describe('results: precise types without index signatures', () => {
  it('lists the known fields only', () => {
    expectTypeOf<HasIndexSignature<BkdataRawData>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<BkdataRawDataPage>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<BkdataDeploySummary>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<NonNullable<BkdataDeploySummary['access_raw_data']>>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<BkdataDeployPlanResult>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<BkdataQueryResult>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<BkdataEsSearchResponse>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<BkdataEsHit>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<BkdataEsFieldMapping>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<BkdataSqlRow>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<BkdataStorage>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<BkdataCleanListItem>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<BkdataClean>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<NonNullable<BkdataClean['result_table']>>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<BkdataResultTable>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<BkdataTask>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<BkdataDebugCleanResult>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<BkdataDebugCleanResult['rules_output'][number]>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<BkdataCleanField>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<BkdataStorageField>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<EndpointOutput<typeof bkdataDatabusEndpoints.getClean>>>().toEqualTypeOf<false>();
  });

  it('makes a misspelt result field a compile error', async () => {
    const [rawData] = await bkdata.access.listAllRawData({ bk_biz_id: 2 });
    expectTypeOf(rawData?.raw_data_name).toEqualTypeOf<string | null | undefined>();
    // @ts-expect-error raw_data_nam is not a field of a raw data
    expectTypeOf(rawData?.raw_data_nam).toBeAny();
    const clean = await bkdata.databus.getClean({ processing_id: '2_bklog_nginx' });
    expectTypeOf(clean.result_table_id).toEqualTypeOf<string>();
    // @ts-expect-error result_tabel_id is not a field of a clean
    expectTypeOf(clean.result_tabel_id).toBeAny();
    const { list } = await bkdata.query.es('2_bklog_*', { size: 1 });
    // @ts-expect-error hit is not a field of a search response (hits is)
    expectTypeOf(list.hit).toBeAny();
  });
});

describe('SQL rows are typed by the caller', () => {
  it('defaults to the documented columns of a bklog log row, unknown-valued', async () => {
    const { list } = await bkdata.query.sql('SELECT serverIp, log FROM 2_bklog_app_logs LIMIT 1');
    expectTypeOf(list).toEqualTypeOf<BkdataSqlRow[]>();
    expectTypeOf(list[0]?.serverIp).toEqualTypeOf<unknown>();
    // @ts-expect-error a column of your own needs a row type (sql<Row> or rowSchema)
    expectTypeOf(list[0]?.n).toBeAny();
  });

  it('takes a row type', async () => {
    const { list } = await bkdata.query.sql<{ level: string; n: number }>('SELECT level, COUNT(*) AS n FROM 2_bklog_app_logs GROUP BY level');
    expectTypeOf(list).toEqualTypeOf<{ level: string; n: number }[]>();
  });

  it('infers the row type from rowSchema', async () => {
    const rowSchema = z.object({ level: z.string(), n: z.number() });
    const { list, select_fields_order } = await bkdata.query.sql('SELECT level, COUNT(*) AS n FROM 2_bklog_app_logs GROUP BY level', {
      rowSchema,
      timeout: 5_000,
    });
    expectTypeOf(list).toEqualTypeOf<{ level: string; n: number }[]>();
    expectTypeOf(select_fields_order).toEqualTypeOf<readonly string[] | null | undefined>();
    // @ts-expect-error a row schema must give the row type asked for
    void bkdata.query.sql<{ level: number }>('SELECT level FROM 2_bklog_app_logs', { rowSchema: z.object({ level: z.string() }) });
  });
});
