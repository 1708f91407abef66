import * as z from 'zod';

/** A business id: a number or a numeric string. */
export const bkBizIdSchema = z.union([z.number().int(), z.string().regex(/^-?\d+$/, 'must be an integer')]);

/** Epoch milliseconds, sent as text as bklog does (`"1700000000000"`); numbers are turned into text. */
export const epochMillisecondsTextSchema = z.union([
  z.string().regex(/^\d+$/, 'must be epoch milliseconds'),
  z.number().int().nonnegative().transform((value) => String(value)),
]);

/**
 * The operators unify-query understands in `conditions.field_list[].op` (the query builder maps
 * bklog's UI operators onto these).
 */
export type UnifyQueryNativeOperator = 'eq' | 'ne' | 'contains' | 'ncontains' | 'gt' | 'gte' | 'lt' | 'lte' | 'existed' | 'nexisted' | 'req' | 'nreq';

/** One condition of a query item. Values travel as text. */
export const unifyQueryConditionSchema = z.looseObject({
  field_name: z.string().min(1),
  op: z.string().min(1),
  value: z.array(z.union([z.string(), z.number(), z.boolean()]).transform((value) => String(value))),
  /** `*` and `?` in values are wildcards. */
  is_wildcard: z.boolean().optional(),
});
/** One condition, as given. */
export type UnifyQueryWireCondition = z.input<typeof unifyQueryConditionSchema>;

/** `conditions` of a query item: the conditions and the `and`/`or` between each pair. */
export const unifyQueryConditionsSchema = z
  .looseObject({
    field_list: z.array(unifyQueryConditionSchema),
    condition_list: z.array(z.enum(['and', 'or'])),
  })
  .refine((conditions) => conditions.condition_list.length === Math.max(0, conditions.field_list.length - 1), {
    error: 'must hold one "and"/"or" less than field_list',
    path: ['condition_list'],
  });
/** `conditions` of a query item, as given. */
export type UnifyQueryWireConditions = z.input<typeof unifyQueryConditionsSchema>;

/** One aggregation step of a query item, e.g. `{method: 'count', dimensions: ['level']}` or `{method: 'date_histogram', window: '1m'}`. */
export const unifyQueryFunctionSchema = z.looseObject({
  method: z.string().min(1),
  dimensions: z.array(z.string()).optional(),
  window: z.string().optional(),
});
/** One aggregation step. */
export type UnifyQueryFunction = z.input<typeof unifyQueryFunctionSchema>;

/** One item of `query_list`: a table (bklog: `bklog_index_set_<id>`) with its filters. */
export const unifyQueryItemSchema = z.looseObject({
  data_source: z.string().optional(),
  reference_name: z.string().optional(),
  /** `bklog_index_set_<id>`, a result table, or `''` with `table_id_conditions` (scene search). */
  table_id: z.string(),
  table_id_conditions: z.array(z.array(z.looseObject({ field_name: z.string(), value: z.array(z.string()), op: z.string().optional() }))).optional(),
  conditions: unifyQueryConditionsSchema.optional(),
  query_string: z.string().optional(),
  function: z.array(unifyQueryFunctionSchema).optional(),
  field_name: z.string().optional(),
  time_field: z.string().optional(),
  dimensions: z.array(z.string()).optional(),
  limit: z.number().int().nonnegative().optional(),
  sql: z.string().optional(),
});
/** One query item, as given. */
export type UnifyQueryItem = z.input<typeof unifyQueryItemSchema>;

/** Fields every unify-query body may carry (the SDK fills the user fields). */
export const unifyQueryCommonShape = {
  bk_username: z.string().min(1).optional(),
  operator: z.string().min(1).optional(),
  /** The business: gives `X-Bk-Scope-Space-Uid` (`bkcc__<id>`) and the tenant; stays in the body. */
  bk_biz_id: bkBizIdSchema.optional(),
  /** The space: wins over `bk_biz_id` for `X-Bk-Scope-Space-Uid`; stays in the body. */
  space_uid: z.string().min(1).optional(),
  start_time: epochMillisecondsTextSchema.optional(),
  end_time: epochMillisecondsTextSchema.optional(),
} as const;

/** The body shape shared by the query endpoints (bklog's `init_base_dict`). */
export const unifyQueryBaseShape = {
  ...unifyQueryCommonShape,
  query_list: z.array(unifyQueryItemSchema).min(1),
  metric_merge: z.string().optional(),
  /** Field names, `-` first for descending (`['-dtEventTimeStamp']`), or `[field, 'desc']` pairs. */
  order_by: z.array(z.union([z.string(), z.array(z.string())])).optional(),
  step: z.string().optional(),
  down_sample_range: z.string().optional(),
  timezone: z.string().optional(),
  time_aggregation: z.record(z.string(), z.unknown()).optional(),
  from: z.number().int().nonnegative().optional(),
  limit: z.number().int().positive().optional(),
} as const;
