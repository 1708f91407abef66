import type { BkClient } from '@x/core-client';
import { describe, expectTypeOf, it } from 'vitest';
import { buildQuery } from './builder/unify-query-builder.js';
import type { UnifyQueryCondition, UnifyQueryRequest } from './builder/unify-query-builder.js';
import type { UnifyQueryOperator } from './builder/unify-query-operators.js';
import type { UnifyQueryRawResult, UnifyQueryRow } from './endpoints/unify-query-raw.js';
import type { UnifyQueryHistogram, UnifyQueryTerms } from './unify-query-aggregations.js';
import { createUnifyQuery } from './unify-query-client.js';

const unifyQuery = createUnifyQuery({ baseUrl: 'http://uq/' });
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
});
