import type { BkClient, EndpointInput, EndpointOutput } from '@x/core-client';
import { describe, expectTypeOf, it } from 'vitest';
import type { bkdataAccessEndpoints, BkdataRawData } from './access/bkdata-access-endpoints.js';
import { createBkdata } from './bkdata-client.js';
import type { BkdataCleanDebugOperator } from './databus/bkdata-clean-debug-endpoints.js';
import type { BkdataCleanField } from './databus/bkdata-clean-field-schemas.js';
import { buildCleanFields } from './databus/bkdata-clean-fields.js';
import type { BkdataEsSearchResponse, BkdataQueryResult, BkdataSqlRow } from './query/bkdata-query.js';

const bkdata = createBkdata({ apiHost: 'http://paas' });

describe('types', () => {
  it('infers each group method', () => {
    expectTypeOf(bkdata.client).toEqualTypeOf<BkClient>();
    expectTypeOf(bkdata.access.listAllRawData).returns.resolves.toEqualTypeOf<BkdataRawData[]>();
    expectTypeOf(bkdata.access.iterateRawData).returns.toEqualTypeOf<AsyncIterable<BkdataRawData>>();
    expectTypeOf(bkdata.access.createDeployPlan).returns.resolves.toEqualTypeOf<{ raw_data_id: number }>();
    const sql = () => bkdata.query.sql('SELECT log FROM 2_bklog_app_logs');
    expectTypeOf(sql).returns.resolves.toEqualTypeOf<BkdataQueryResult<BkdataSqlRow[]>>();
    expectTypeOf(bkdata.query.es).returns.resolves.toEqualTypeOf<BkdataQueryResult<BkdataEsSearchResponse>>();
    expectTypeOf(bkdata.databus.createClean).returns.resolves.toHaveProperty('result_table_id').toEqualTypeOf<string>();
    expectTypeOf(buildCleanFields).returns.toEqualTypeOf<BkdataCleanField[]>();
  });

  it('types inputs from the zod schemas', () => {
    expectTypeOf(bkdata.access.getDeploySummary).parameter(0).toHaveProperty('raw_data_id').toEqualTypeOf<string | number>();
    expectTypeOf(bkdata.access.createDeployPlan).parameter(0).toHaveProperty('data_scenario').toEqualTypeOf<string | undefined>();
    expectTypeOf(bkdata.databus.createStorage).parameter(0).toHaveProperty('expires').toEqualTypeOf<string | number>();
    expectTypeOf<EndpointInput<typeof bkdataAccessEndpoints.listRawData>>().toHaveProperty('page_size').toEqualTypeOf<number | undefined>();
    expectTypeOf<EndpointOutput<typeof bkdataAccessEndpoints.getDeploySummary>>().toHaveProperty('data_scenario').toEqualTypeOf<string | null | undefined>();
    // bk-base keys a listed raw data by `id` and a result table's bus config by `rt.id`.
    expectTypeOf(bkdata.access.listAllRawData).returns.resolves.items.toHaveProperty('id').toEqualTypeOf<number>();
    expectTypeOf(bkdata.databus.getResultTable).returns.resolves.toHaveProperty('fields').toEqualTypeOf<string[] | null | undefined>();
  });

  it('makes the clean-debug operator a discriminated union', () => {
    expectTypeOf<Extract<BkdataCleanDebugOperator, { type: 'split_str' }>>().toHaveProperty('delimiter').toEqualTypeOf<string>();
    expectTypeOf<Extract<BkdataCleanDebugOperator, { type: 'regex' }>>().toHaveProperty('regex').toEqualTypeOf<string>();
    expectTypeOf<BkdataCleanDebugOperator['type']>().toEqualTypeOf<'json_de' | 'split_str' | 'regex'>();
    // @ts-expect-error an unknown operator type is not accepted
    void bkdata.databus.debugClean({ input: 'x', rules: [{ operator: { type: 'csv' } }] });
  });
});
