import { strictInputErrors } from '@x/core-client';
import * as z from 'zod';

/** A JSON value, as a field in `extra` may hold it. */
export type UnifyQueryJsonValue = string | number | boolean | null | UnifyQueryJsonValue[] | { [key: string]: UnifyQueryJsonValue };

/**
 * Wire fields the SDK does not model (unify-query's Go structs have more than bklog sends: e.g.
 * `look_back_delta`, `instant`, `result_columns` of a body, `offset`, `slimit`, `keep_columns`,
 * `is_regexp` of a query item), sent as given next to the modelled ones. A key that is also a
 * modelled field is refused with a ValidationError naming `extra.<key>`, so nothing is
 * overridden silently. The scope headers may be given here too (`X-Bk-Scope-Space-Uid`,
 * `X-Bk-Scope-Skip-Space`, `Bk-Query-Source`): they win over the ones the SDK derives and are
 * sent as headers, never in the body.
 * @example extra: { look_back_delta: '2m' }
 */
export type UnifyQueryExtra = Record<string, UnifyQueryJsonValue>;

/** The schema of `extra`: JSON values by field name. */
export const unifyQueryExtraSchema: z.ZodType<UnifyQueryExtra, UnifyQueryExtra> = z.record(z.string(), z.json());

/**
 * The error option of a strict object: an unknown key reads `unknown field "<key>": not a field
 * of <where> (misspelt? <hint>)`, the hint by default where unmodelled wire fields go.
 * @example z.strictObject(shape, unknownFields('a query item'))
 */
export const unknownFields = strictInputErrors({ escapeHatch: 'extra', unmodelled: 'wire fields' });

/**
 * A strict unify-query object with `extra`: an unknown key is an issue naming it, and a key of
 * `extra` that is a modelled field is refused (`extra.<key>`).
 */
export function strictWithExtra<Shape extends z.ZodRawShape>(shape: Shape, where: string) {
  const modelled = new Set(Object.keys(shape));
  return z.strictObject({ ...shape, extra: unifyQueryExtraSchema.optional() }, unknownFields(where)).superRefine((params, context) => {
    const extra = (params as { extra?: UnifyQueryExtra | undefined }).extra;
    for (const key of Object.keys(extra ?? {})) {
      if (modelled.has(key)) context.addIssue({ code: 'custom', path: ['extra', key], message: `is a field of ${where}: give it as ${key}, not in extra` });
    }
  });
}

/** A business id: a number or a numeric string. */
export const bkBizIdSchema = z.union([z.number().int(), z.string().regex(/^-?\d+$/, 'must be an integer')]);

/** Epoch milliseconds, sent as text as bklog does (`"1700000000000"`); numbers are turned into text. */
export const epochMillisecondsTextSchema = z.union([
  z.string().regex(/^\d+$/, 'must be epoch milliseconds'),
  z
    .number()
    .int()
    .nonnegative()
    .transform((value) => String(value)),
]);

/**
 * The operators unify-query understands in `conditions.field_list[].op` (the query builder maps
 * bklog's UI operators onto these).
 */
export type UnifyQueryNativeOperator = (typeof UNIFY_QUERY_NATIVE_OPERATORS)[number];

/**
 * Every operator of `conditions.field_list[].op`: bkmonitor-datalink `pkg/unify-query/query/structured/condition_field.go`
 * (`ConditionEqual` ... `ConditionLte`). Any other is refused before sending.
 */
export const UNIFY_QUERY_NATIVE_OPERATORS = [
  'eq',
  'ne',
  'contains',
  'ncontains',
  'gt',
  'gte',
  'lt',
  'lte',
  'existed',
  'nexisted',
  'req',
  'nreq',
  'exact',
] as const;

/** One condition of a query item (unify-query's `ConditionField`). Values travel as text. */
export const unifyQueryConditionSchema = z.strictObject(
  {
    field_name: z.string().min(1),
    op: z.enum(UNIFY_QUERY_NATIVE_OPERATORS),
    value: z.array(z.union([z.string(), z.number(), z.boolean()]).transform((value) => String(value))),
    /** `*` and `?` in values are wildcards. */
    is_wildcard: z.boolean().optional(),
    /** The value is a prefix. */
    is_prefix: z.boolean().optional(),
    /** The value is a suffix. */
    is_suffix: z.boolean().optional(),
    /** Forces an exact match. */
    is_force_eq: z.boolean().optional(),
  },
  unknownFields('a condition', 'a condition has field_name, op, value, is_wildcard, is_prefix, is_suffix and is_force_eq'),
);
/** One condition, as given. */
export type UnifyQueryWireCondition = z.input<typeof unifyQueryConditionSchema>;

/** `conditions` of a query item: the conditions and the `and`/`or` between each pair. */
export const unifyQueryConditionsSchema = z
  .strictObject(
    {
      field_list: z.array(unifyQueryConditionSchema),
      condition_list: z.array(z.enum(['and', 'or'])),
    },
    unknownFields('conditions', 'conditions has field_list and condition_list'),
  )
  .refine((conditions) => conditions.condition_list.length === Math.max(0, conditions.field_list.length - 1), {
    error: 'must hold one "and"/"or" less than field_list',
    path: ['condition_list'],
  });
/** `conditions` of a query item, as given. */
export type UnifyQueryWireConditions = z.input<typeof unifyQueryConditionsSchema>;

/** One aggregation step of a query item, e.g. `{method: 'count', dimensions: ['level']}` or `{method: 'date_histogram', window: '1m'}`. */
export const unifyQueryFunctionSchema = z.strictObject(
  {
    method: z.string().min(1),
    dimensions: z.array(z.string()).optional(),
    window: z.string().optional(),
  },
  unknownFields('a function', 'a function has method, dimensions and window'),
);
/** One aggregation step. */
export type UnifyQueryFunction = z.input<typeof unifyQueryFunctionSchema>;

/** One table condition of a scene search (`table_id_conditions`). */
export const unifyQueryTableConditionSchema = z.strictObject(
  { field_name: z.string(), value: z.array(z.string()), op: z.string().optional() },
  unknownFields('a table_id_conditions item', 'it has field_name, value and op'),
);

/**
 * One item of `query_list`: a table (bklog: `bklog_index_set_<id>`) with its filters. Strict: an
 * unknown field is a ValidationError naming it; unmodelled wire fields go in the item's `extra`.
 */
export const unifyQueryItemSchema = strictWithExtra(
  {
    data_source: z.string().optional(),
    reference_name: z.string().optional(),
    /** `bklog_index_set_<id>`, a result table, or `''` with `table_id_conditions` (scene search). */
    table_id: z.string(),
    table_id_conditions: z.array(z.array(unifyQueryTableConditionSchema)).optional(),
    conditions: unifyQueryConditionsSchema.optional(),
    query_string: z.string().optional(),
    function: z.array(unifyQueryFunctionSchema).optional(),
    field_name: z.string().optional(),
    time_field: z.string().optional(),
    dimensions: z.array(z.string()).optional(),
    limit: z.number().int().nonnegative().optional(),
    sql: z.string().optional(),
  },
  'a query_list item',
);
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
  /** The window aggregation (`{}` for none, as bklog's histogram sends). */
  time_aggregation: z
    .strictObject({ function: z.string().optional(), window: z.string().optional() }, unknownFields('time_aggregation', 'it has function and window'))
    .optional(),
  from: z.number().int().nonnegative().optional(),
  limit: z.number().int().positive().optional(),
} as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function spreadExtra(params: Record<string, unknown>): Record<string, unknown> {
  const { extra, ...modelled } = params;
  // `extra` cannot name a modelled field (refused by the input schema), so it adds and never overrides.
  return isRecord(extra) ? { ...modelled, ...extra } : modelled;
}

/**
 * The body as sent: the fields of `extra` (of the body and of each `query_list` item) spread next
 * to the modelled ones, and no `extra` key left.
 */
export function withExtraFields(params: Record<string, unknown>): Record<string, unknown> {
  const body = spreadExtra(params);
  if (Array.isArray(body.query_list)) body.query_list = body.query_list.map((item: unknown) => (isRecord(item) ? spreadExtra(item) : item));
  return body;
}
