// The `@x/unify-query/endpoints` entry: the building blocks of the client, for composing calls of
// your own on the core client — the endpoint definitions, their zod schemas, bklog's scope hook
// and headers, the core client with unify-query's root, and the scroll and aggregation loops over
// call functions of your own. The types of what the calls take and return are in the root,
// `@x/unify-query`. Importing this entry loads zod.
export { createUnifyQueryCoreClient, resolveUnifyQueryRoot, UNIFY_QUERY_USER_AGENT } from './unify-query-settings.js';
export { defineUnifyQueryEndpoints, unifyQueryEndpoints } from './unify-query-endpoints.js';
export type { UnifyQueryEndpointOptions, UnifyQueryEndpoints } from './unify-query-endpoints.js';
export {
  createScopeBefore,
  QUERY_SOURCE_HEADER,
  querySourceOf,
  SKIP_SPACE_HEADER,
  SPACE_UID_HEADER,
  spaceUidOfBiz,
  UNIFY_QUERY_HEADER_KEYS,
} from './unify-query-scope.js';

// Schemas
export {
  bkBizIdSchema,
  epochMillisecondsTextSchema,
  UNIFY_QUERY_NATIVE_OPERATORS,
  unifyQueryConditionSchema,
  unifyQueryConditionsSchema,
  unifyQueryExtraSchema,
  unifyQueryFunctionSchema,
  unifyQueryItemSchema,
  unifyQueryTableConditionSchema,
} from './endpoints/unify-query-request.js';
export { queryTsInputSchema, queryTsOutputSchema, unifyQuerySeriesSchema, unifyQueryStatusSchema } from './endpoints/unify-query-ts.js';
export {
  queryTsRawInputSchema,
  queryTsRawOutputSchema,
  queryTsRawWithScrollInputSchema,
  resultTableOptionSchema,
  unifyQueryRowSchema,
} from './endpoints/unify-query-raw.js';
export { queryFieldMapInputSchema, queryFieldMapOutputSchema, unifyQueryFieldSchema } from './endpoints/unify-query-field-map.js';

// The loops of `scroll`, `scrollSlices`, `histogram` and `terms`, over a call function of your own.
export { scrollRows, scrollSliceRows } from './unify-query-scroll.js';
export type { RawPageCall } from './unify-query-scroll.js';
export { histogramOf, termsOf } from './unify-query-aggregations.js';
export type { ReferenceCall } from './unify-query-aggregations.js';
