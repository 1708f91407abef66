import type { BkClient } from '@x/core-client';
import { describe, expectTypeOf, it } from 'vitest';
import * as z from 'zod';
import { buildQuery } from './builder/unify-query-builder.js';
import type { UnifyQueryCondition, UnifyQueryRequest } from './builder/unify-query-builder.js';
import type { UnifyQueryOperator } from './builder/unify-query-operators.js';
import type { UnifyQueryFieldMapParams, UnifyQueryFieldMapResult, UnifyQueryField } from './endpoints/unify-query-field-map.js';
import type {
  UnifyQueryLogRow,
  UnifyQueryRawParams,
  UnifyQueryRawResult,
  UnifyQueryRawWithScrollParams,
  UnifyQueryRow,
  UnifyQueryResultTableOption,
} from './endpoints/unify-query-raw.js';
import type { UnifyQueryExtra, UnifyQueryItem, UnifyQueryWireCondition } from './endpoints/unify-query-request.js';
import type { UnifyQuerySeries, UnifyQueryTsParams, UnifyQueryTsResult } from './endpoints/unify-query-ts.js';
import type { UnifyQueryAggregationSeries, UnifyQueryHistogram, UnifyQueryTerms } from './unify-query-aggregations.js';
import type { UnifyQueryScrollPage } from './unify-query-scroll.js';
import { createUnifyQuery } from './unify-query-client.js';

const unifyQuery = createUnifyQuery({ baseUrl: 'http://uq/' });

/** `true` when `T` has a string index signature (`[x: string]: ...`), which switches off excess-property checks. */
type HasIndexSignature<T> = string extends keyof T ? true : false;
const query = buildQuery({ indexSetIds: [42], start: new Date(), end: Date.now() });

describe('types', () => {
  it('infers the client methods', () => {
    expectTypeOf(unifyQuery.client).toEqualTypeOf<BkClient>();
    expectTypeOf(query).toEqualTypeOf<UnifyQueryRequest>();
    expectTypeOf(unifyQuery.queryTsRaw(query)).resolves.toEqualTypeOf<UnifyQueryRawResult>();
    expectTypeOf(unifyQuery.scroll(query)).toEqualTypeOf<AsyncIterable<UnifyQueryRow>>();
    expectTypeOf(unifyQuery.scrollSlices(query, { sliceMax: 3 })).toEqualTypeOf<AsyncIterable<UnifyQueryRow>>();
    expectTypeOf(unifyQuery.histogram(query, { interval: '1m' })).resolves.toEqualTypeOf<UnifyQueryHistogram>();
    expectTypeOf(unifyQuery.terms(query, { field: 'level' })).resolves.toEqualTypeOf<UnifyQueryTerms>();
    expectTypeOf<UnifyQueryRow['__doc_id']>().toEqualTypeOf<string | undefined>();
  });

  it('accepts only known operators and one of indexSetIds / tableIds', () => {
    expectTypeOf<'is one of'>().toExtend<UnifyQueryOperator>();
    expectTypeOf<'does not exists'>().toExtend<UnifyQueryOperator>();
    expectTypeOf<'&!=~'>().toExtend<UnifyQueryOperator>();
    expectTypeOf<'startswith'>().not.toExtend<UnifyQueryOperator>();
    // @ts-expect-error an unknown operator does not compile
    const unknown: UnifyQueryCondition = { field: 'level', op: 'startswith', value: 'x' };
    expectTypeOf(unknown).toBeObject();
    // @ts-expect-error index sets and tables cannot be mixed
    buildQuery({ indexSetIds: [1], tableIds: ['t'], start: 0, end: 1 });
  });

  it('a misspelled field does not compile, in every endpoint family', async () => {
    // @ts-expect-error ts: metric_marge is not a field
    await unifyQuery.queryTs({ ...query, metric_marge: 'a' });
    // @ts-expect-error reference: orderBy is not a field (the wire name is order_by)
    await unifyQuery.queryTsReference({ ...query, orderBy: ['-_value'] });
    // @ts-expect-error raw: limt is not a field
    await unifyQuery.queryTsRaw({ ...query, limt: 5 });
    // @ts-expect-error raw with scroll: slice_mx is not a field
    await unifyQuery.queryTsRawWithScroll({ ...query, slice_mx: 2 });
    // @ts-expect-error scroll: scrol is not a field of the query
    unifyQuery.scroll({ ...query, scrol: '1m' });
    // @ts-expect-error scroll options: maxRecord is not an option
    unifyQuery.scroll(query, { maxRecord: 10 });
    // @ts-expect-error field map: bk_bizid is not a field
    await unifyQuery.queryFieldMap({ table_id: 'bklog_index_set_42', bk_bizid: 2 });
    // @ts-expect-error a query item: querystring is not a field
    await unifyQuery.queryTsRaw({ ...query, query_list: [{ table_id: 't', querystring: '*' }] });
    // @ts-expect-error builder: indexSetId is not an option
    buildQuery({ indexSetId: [42], start: 0, end: 1 });
    // @ts-expect-error builder: a condition has no operator key
    buildQuery({ indexSetIds: [42], start: 0, end: 1, conditions: [{ field: 'level', operator: 'is', value: 'error' }] });
    // @ts-expect-error histogram: intervel is not an option
    await unifyQuery.histogram(query, { intervel: '1m' });
    // @ts-expect-error a condition op outside unify-query's set (condition_field.go)
    const condition: UnifyQueryWireCondition = { field_name: 'level', op: 'startswith', value: ['e'] };
    expectTypeOf(condition).toBeObject();
  });

  it('no input or result type has an index signature', () => {
    expectTypeOf<HasIndexSignature<UnifyQueryTsParams>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<UnifyQueryRawParams>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<UnifyQueryRawWithScrollParams>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<UnifyQueryFieldMapParams>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<UnifyQueryItem>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<UnifyQueryWireCondition>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<UnifyQueryTsResult>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<UnifyQuerySeries>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<UnifyQueryRawResult>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<UnifyQueryResultTableOption>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<UnifyQueryLogRow>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<UnifyQueryFieldMapResult>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<UnifyQueryField>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<UnifyQueryHistogram>>().toEqualTypeOf<false>();
    expectTypeOf<HasIndexSignature<UnifyQueryAggregationSeries>>().toEqualTypeOf<false>();
    expectTypeOf<UnifyQueryRow>().toEqualTypeOf<UnifyQueryLogRow>();
  });

  it('rows are typed by the caller: a schema, or a type parameter', async () => {
    const rowSchema = z.looseObject({ level: z.string(), log: z.string() });
    const page = await unifyQuery.queryTsRaw(query, { rowSchema });
    expectTypeOf(page.list).toEqualTypeOf<z.output<typeof rowSchema>[] | null | undefined>();
    expectTypeOf(unifyQuery.scroll(query, { rowSchema, maxRecords: 10 })).toEqualTypeOf<AsyncIterable<z.output<typeof rowSchema>>>();
    expectTypeOf(unifyQuery.scrollSlices(query, { rowSchema, sliceMax: 2 })).toEqualTypeOf<AsyncIterable<z.output<typeof rowSchema>>>();
    interface NginxRow {
      readonly status: number;
      readonly path: string;
    }
    expectTypeOf(unifyQuery.scroll<NginxRow>(query)).toEqualTypeOf<AsyncIterable<NginxRow>>();
    // @ts-expect-error a schema that does not give the row type
    unifyQuery.scroll<NginxRow>(query, { rowSchema: z.object({ status: z.string() }) });
    // The default row: the documented bklog fields only.
    expectTypeOf<UnifyQueryLogRow['dtEventTimeStamp']>().toEqualTypeOf<string | number | undefined>();
    // @ts-expect-error a document field outside the default row needs a row type
    expectTypeOf<UnifyQueryLogRow['level']>().toBeString();
  });

  it('one casing per layer: endpoints speak wire names, helpers camelCase', () => {
    expectTypeOf<UnifyQueryTsResult>().toHaveProperty('trace_id');
    expectTypeOf<UnifyQueryHistogram>().toHaveProperty('traceId');
    expectTypeOf<UnifyQueryAggregationSeries>().toHaveProperty('groupValues').toEqualTypeOf<readonly string[]>();
    expectTypeOf<UnifyQueryHistogram['raw']>().toEqualTypeOf<UnifyQueryTsResult>();
    expectTypeOf<UnifyQueryScrollPage>().toHaveProperty('rowsSoFar');
  });

  it('extra takes JSON values', async () => {
    expectTypeOf<{ look_back_delta: string; keep_columns: string[] }>().toExtend<UnifyQueryExtra>();
    expectTypeOf<{ at: Date }>().not.toExtend<UnifyQueryExtra>();
    await unifyQuery.queryTs({ ...query, extra: { look_back_delta: '2m' } });
  });
});
