export { VERSION } from './version.js';
export { createUnifyQuery } from './unify-query-client.js';
export type { UnifyQueryClient, UnifyQueryRawCallOptions } from './unify-query-client.js';
export type { UnifyQueryRowOptions } from './unify-query-rows.js';
export {
  createUnifyQueryCoreClient,
  resolveUnifyQueryRoot,
  UNIFY_QUERY_GATEWAY_PATH,
  UNIFY_QUERY_ROOT_ENV_VARIABLE,
  UNIFY_QUERY_USER_AGENT,
} from './unify-query-settings.js';
export type { UnifyQuerySettings, UnifyQuerySpaceUidResolver } from './unify-query-settings.js';
export { defineUnifyQueryEndpoints, unifyQueryEndpoints } from './unify-query-endpoints.js';
export type { UnifyQueryEndpointOptions, UnifyQueryEndpoints } from './unify-query-endpoints.js';
export { createScopeBefore, QUERY_SOURCE_HEADER, querySourceOf, SKIP_SPACE_HEADER, SPACE_UID_HEADER, spaceUidOfBiz, UNIFY_QUERY_HEADER_KEYS } from './unify-query-scope.js';
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
export type {
  UnifyQueryExtra,
  UnifyQueryFunction,
  UnifyQueryItem,
  UnifyQueryJsonValue,
  UnifyQueryNativeOperator,
  UnifyQueryWireCondition,
  UnifyQueryWireConditions,
} from './endpoints/unify-query-request.js';
export { queryTsInputSchema, queryTsOutputSchema, unifyQuerySeriesSchema, unifyQueryStatusSchema } from './endpoints/unify-query-ts.js';
export type { UnifyQuerySeries, UnifyQueryStatus, UnifyQueryTsParams, UnifyQueryTsResult } from './endpoints/unify-query-ts.js';
export {
  queryTsRawInputSchema,
  queryTsRawOutputSchema,
  queryTsRawWithScrollInputSchema,
  resultTableOptionSchema,
  unifyQueryRowSchema,
} from './endpoints/unify-query-raw.js';
export type {
  UnifyQueryLogRow,
  UnifyQueryRawParams,
  UnifyQueryRawResult,
  UnifyQueryRawWithScrollParams,
  UnifyQueryResultTableOption,
  UnifyQueryRow,
} from './endpoints/unify-query-raw.js';
export { queryFieldMapInputSchema, queryFieldMapOutputSchema, unifyQueryFieldSchema } from './endpoints/unify-query-field-map.js';
export type { UnifyQueryField, UnifyQueryFieldMapParams, UnifyQueryFieldMapResult } from './endpoints/unify-query-field-map.js';
export { buildConditions, buildQuery, indexSetTableId, referenceName } from './builder/unify-query-builder.js';
export type {
  BuildQueryOptions,
  UnifyQueryBuiltCondition,
  UnifyQueryBuiltItem,
  UnifyQueryCondition,
  UnifyQueryConditionValue,
  UnifyQueryOrder,
  UnifyQueryRequest,
  UnifyQueryTime,
} from './builder/unify-query-builder.js';
export { isUnifyQueryOperator, UNIFY_QUERY_OPERATOR_NAMES, UNIFY_QUERY_OPERATORS } from './builder/unify-query-operators.js';
export type { UnifyQueryOperator, UnifyQueryOperatorRule } from './builder/unify-query-operators.js';
export { resolveAutoStep } from './builder/unify-query-step.js';
export type { UnifyQueryAutoStep } from './builder/unify-query-step.js';
export { scrollRows, scrollSliceRows } from './unify-query-scroll.js';
export type { RawPageCall, UnifyQueryScrollOptions, UnifyQueryScrollPage, UnifyQuerySliceOptions } from './unify-query-scroll.js';
export { histogramOf, termsOf } from './unify-query-aggregations.js';
export type {
  ReferenceCall,
  UnifyQueryAggregationSeries,
  UnifyQueryHistogram,
  UnifyQueryHistogramBucket,
  UnifyQueryHistogramOptions,
  UnifyQueryTerms,
  UnifyQueryTermsBucket,
  UnifyQueryTermsOptions,
} from './unify-query-aggregations.js';
