// The contract of @x/unify-query: the client and its settings, what its calls take and return, and
// the query builder. Endpoint definitions, zod schemas, the scope hook and the scroll and
// aggregation loops, for composing calls of your own on the core client, are in
// `@x/unify-query/endpoints`. Nothing here loads zod: the schemas load with a client's first call.
export { VERSION } from './version.js';
export { createUnifyQuery } from './unify-query-client.js';
export type { UnifyQueryClient, UnifyQueryRawCallOptions } from './unify-query-client.js';
export { UNIFY_QUERY_GATEWAY_PATH, UNIFY_QUERY_ROOT_ENV_VARIABLE } from './unify-query-settings.js';
export type { UnifyQuerySettings, UnifyQuerySpaceUidResolver } from './unify-query-settings.js';

// What the calls take and return.
export type { UnifyQuerySeries, UnifyQueryStatus, UnifyQueryTsParams, UnifyQueryTsResult } from './endpoints/unify-query-ts.js';
export type {
  UnifyQueryLogRow,
  UnifyQueryRawParams,
  UnifyQueryRawResult,
  UnifyQueryRawWithScrollParams,
  UnifyQueryResultTableOption,
  UnifyQueryRow,
} from './endpoints/unify-query-raw.js';
export type { UnifyQueryField, UnifyQueryFieldMapParams, UnifyQueryFieldMapResult } from './endpoints/unify-query-field-map.js';
export type {
  UnifyQueryExtra,
  UnifyQueryFunction,
  UnifyQueryItem,
  UnifyQueryJsonValue,
  UnifyQueryNativeOperator,
  UnifyQueryWireCondition,
  UnifyQueryWireConditions,
} from './endpoints/unify-query-request.js';
export type { UnifyQueryRowOptions } from './unify-query-rows.js';
export type { UnifyQueryScrollOptions, UnifyQueryScrollPage, UnifyQuerySliceOptions } from './unify-query-scroll.js';
export type {
  UnifyQueryAggregationSeries,
  UnifyQueryHistogram,
  UnifyQueryHistogramBucket,
  UnifyQueryHistogramOptions,
  UnifyQueryTerms,
  UnifyQueryTermsBucket,
  UnifyQueryTermsOptions,
} from './unify-query-aggregations.js';

// The query builder: bklog's UI operators, index sets and times in, the wire body out.
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
