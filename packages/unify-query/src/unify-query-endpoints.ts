import { defineEndpoint } from '@x/core-client';
import { queryFieldMapInputSchema, queryFieldMapOutputSchema } from './endpoints/unify-query-field-map.js';
import { queryTsRawInputSchema, queryTsRawOutputSchema, queryTsRawWithScrollInputSchema } from './endpoints/unify-query-raw.js';
import { queryTsInputSchema, queryTsOutputSchema } from './endpoints/unify-query-ts.js';
import { createScopeBefore, UNIFY_QUERY_HEADER_KEYS } from './unify-query-scope.js';
import type { UnifyQuerySpaceUidResolver } from './unify-query-settings.js';

/** Options of {@link defineUnifyQueryEndpoints}. */
export interface UnifyQueryEndpointOptions {
  /** How negative business ids map to space uids (see `UnifyQuerySettings.resolveSpaceUid`). */
  readonly resolveSpaceUid?: UnifyQuerySpaceUidResolver | undefined;
}

/**
 * The five unify-query endpoints (spec §6), with the scope headers resolved through
 * `resolveSpaceUid`. All are POST, answer raw JSON (`envelope: 'none'`), are never cached, and
 * take their tenant from `bk_biz_id` (the context's when absent). They read only, so they are
 * retried on 429/502/503/504, timeouts and network failures.
 * @example
 * const endpoints = defineUnifyQueryEndpoints({ resolveSpaceUid: (bkBizId) => spaces.get(bkBizId) });
 * const page = await client.call(endpoints.queryTsRaw, body);
 */
export function defineUnifyQueryEndpoints(options: UnifyQueryEndpointOptions = {}) {
  const common = {
    module: 'unify_query',
    method: 'POST',
    envelope: 'none',
    headerKeys: UNIFY_QUERY_HEADER_KEYS,
    before: createScopeBefore(options.resolveSpaceUid),
    tenant: { from: 'bk_biz_id' },
    idempotent: true,
  } as const;
  return {
    queryTs: defineEndpoint({
      ...common,
      name: 'query_ts',
      description: 'Time series (dashboards): aggregations over windows.',
      path: 'query/ts/',
      input: queryTsInputSchema,
      output: queryTsOutputSchema,
    }),
    queryTsReference: defineEndpoint({
      ...common,
      name: 'query_ts_reference',
      description: 'Non-time-series aggregations: counts, terms, histograms, cardinality.',
      path: 'query/ts/reference/',
      input: queryTsInputSchema,
      output: queryTsOutputSchema,
    }),
    queryTsRaw: defineEndpoint({
      ...common,
      name: 'query_ts_raw',
      description: 'Raw log rows: a page, a scroll page or a search-after page.',
      path: 'query/ts/raw/',
      input: queryTsRawInputSchema,
      output: queryTsRawOutputSchema,
    }),
    queryTsRawWithScroll: defineEndpoint({
      ...common,
      name: 'query_ts_raw_with_scroll',
      description: 'Raw log rows of a sliced export, a page of every slice per call.',
      path: 'query/ts/raw_with_scroll/',
      input: queryTsRawWithScrollInputSchema,
      output: queryTsRawOutputSchema,
    }),
    queryFieldMap: defineEndpoint({
      ...common,
      name: 'query_field_map',
      description: 'The fields (mapping) of a table.',
      path: 'query/ts/info/field_map/',
      input: queryFieldMapInputSchema,
      output: queryFieldMapOutputSchema,
    }),
  } as const;
}

/** The unify-query endpoint definitions. */
export type UnifyQueryEndpoints = ReturnType<typeof defineUnifyQueryEndpoints>;

/**
 * The endpoints for `client.call` without a space resolver: a negative `bk_biz_id` is a
 * ValidationError unless `space_uid` is given.
 */
export const unifyQueryEndpoints: UnifyQueryEndpoints = defineUnifyQueryEndpoints();
