import { ValidationError } from '@x/errors';
import type { ValidationIssue } from '@x/errors';
import type { UnifyQueryNativeOperator } from '../endpoints/unify-query-request.js';
import { isUnifyQueryOperator, UNIFY_QUERY_OPERATOR_NAMES, UNIFY_QUERY_OPERATORS } from './unify-query-operators.js';
import type { UnifyQueryOperator, UnifyQueryOperatorRule } from './unify-query-operators.js';
import { resolveAutoStep } from './unify-query-step.js';

/** A condition value: one value, or several (any of them matches, or all with the `all ...` operators). */
export type UnifyQueryConditionValue = string | number | boolean | readonly (string | number | boolean)[];

/**
 * One filter of {@link buildQuery}.
 * @example { field: 'level', op: 'is one of', value: ['error', 'warn'] }
 * @example { field: 'log', op: 'contains match phrase', value: 'timeout', connector: 'or' }
 */
export interface UnifyQueryCondition {
  /** The field name. */
  readonly field: string;
  /** A bklog UI operator (`is one of`, `contains`, `exists`, `=~`...) or a unify-query operator. */
  readonly op: UnifyQueryOperator;
  /**
   * The value(s). A single text for `is one of`/`is not one of` may be comma-separated, as the UI
   * sends it; other operators take a text as one value. Not needed by `exists`, `does not exists`,
   * `is true`, `is false`.
   */
  readonly value?: UnifyQueryConditionValue | undefined;
  /**
   * How this condition joins the previous one.
   * @default 'and' (bklog joins UI filters with `and`)
   */
  readonly connector?: 'and' | 'or' | undefined;
}

/** A sort key: `field` (ascending), `-field` (descending), or an object. */
export type UnifyQueryOrder = string | { readonly field: string; readonly order?: 'asc' | 'desc' | undefined };

/** A point in time: a Date or epoch milliseconds. */
export type UnifyQueryTime = Date | number;

interface BuildQueryCommon {
  /** Lucene-style query string (bklog's enhanced syntax). @default '*' */
  readonly queryString?: string | undefined;
  /** Filters, joined in order. */
  readonly conditions?: readonly UnifyQueryCondition[] | undefined;
  /** Start of the range (inclusive). */
  readonly start: UnifyQueryTime;
  /** End of the range. */
  readonly end: UnifyQueryTime;
  /**
   * The interval of time-series answers; `auto` picks `1s`/`1m`/`5m`/`1h`/`1d` by the range
   * (≤ 60 s, ≤ 1 h, ≤ 6 h, ≤ 72 h, else).
   * @default 'auto'
   */
  readonly step?: 'auto' | (string & {}) | undefined;
  /** Sort keys, first wins. @example ['-dtEventTimeStamp', { field: 'gseIndex', order: 'desc' }] */
  readonly orderBy?: readonly UnifyQueryOrder[] | undefined;
  /** Rows to skip (raw queries). */
  readonly from?: number | undefined;
  /** Rows per answer (raw queries; unify-query caps it at 10 000). */
  readonly limit?: number | undefined;
  /** The business: scope header, tenant, and `bk_biz_id` in the body. */
  readonly bkBizId?: number | undefined;
  /** The space (wins over `bkBizId` for the scope header). */
  readonly spaceUid?: string | undefined;
  /** Time zone of day-aligned windows. @default the process time zone */
  readonly timezone?: string | undefined;
  /** `data_source` of each item. @default 'bklog' */
  readonly dataSource?: string | undefined;
  /** `time_field` of each item. @default 'time' */
  readonly timeField?: string | undefined;
  /** `field_name` of each item: the time field of the index set, or an aggregated field. @default 'dtEventTimeStamp' */
  readonly fieldName?: string | undefined;
  /** Ask for `__highlight` fragments (raw queries). */
  readonly highlight?: boolean | undefined;
}

/** Options of {@link buildQuery}: index set ids or table ids, the filters and the range. */
export type BuildQueryOptions = BuildQueryCommon &
  (
    | {
        /** bklog index sets; each becomes a `bklog_index_set_<id>` item. */
        readonly indexSetIds: readonly (number | string)[];
        readonly tableIds?: undefined;
      }
    | {
        /** unify-query table ids, one item each. */
        readonly tableIds: readonly string[];
        readonly indexSetIds?: undefined;
      }
  );

/** One built condition. */
export interface UnifyQueryBuiltCondition {
  field_name: string;
  op: UnifyQueryNativeOperator;
  value: string[];
  is_wildcard?: boolean;
}

/** One built `query_list` item. */
export interface UnifyQueryBuiltItem {
  data_source: string;
  reference_name: string;
  dimensions: string[];
  time_field: string;
  conditions: { field_list: UnifyQueryBuiltCondition[]; condition_list: ('and' | 'or')[] };
  query_string: string;
  function: { method: string; dimensions?: string[]; window?: string }[];
  table_id: string;
  field_name: string;
}

/**
 * What {@link buildQuery} returns: the wire body (snake_case) for `queryTs`, `queryTsReference`,
 * `queryTsRaw` and the helpers' `query`. The builder is the bridge between the layers: camelCase
 * options in, the body the endpoints take out.
 */
export interface UnifyQueryRequest {
  query_list: UnifyQueryBuiltItem[];
  metric_merge: string;
  order_by: string[];
  step: string;
  start_time: string;
  end_time: string;
  down_sample_range: string;
  timezone: string;
  bk_biz_id?: number;
  space_uid?: string;
  from?: number;
  limit?: number;
  highlight?: { enable: boolean };
}

/**
 * bklog's reference names: `a`..`z`, then `aa`, `ab`, ...
 * @example referenceName(0) // 'a'; referenceName(27) // 'ab'
 */
export function referenceName(index: number): string {
  let name = '';
  for (let remaining = index; remaining >= 0; remaining = Math.floor(remaining / 26) - 1) name = String.fromCharCode(97 + (remaining % 26)) + name;
  return name;
}

/** The table id of a bklog index set. */
export function indexSetTableId(indexSetId: number | string): string {
  return `bklog_index_set_${String(indexSetId)}`;
}

function valuesOf(rule: UnifyQueryOperatorRule, value: UnifyQueryConditionValue | undefined): string[] | undefined {
  if (rule.fixedValue !== undefined) return [...rule.fixedValue];
  if (value === undefined) return undefined;
  let values: string[];
  if (typeof value === 'string' && rule.commaSeparated === true) values = value.split(',');
  else if (Array.isArray(value)) values = (value as readonly (string | number | boolean)[]).map((item) => String(item));
  else values = [String(value)];
  if (rule.trimOuterWildcards === true) values = values.map((item) => item.replace(/^\*/, '').replace(/\*$/, ''));
  return values;
}

function toMilliseconds(time: UnifyQueryTime, field: string, issues: ValidationIssue[]): number {
  const value = time instanceof Date ? time.getTime() : time;
  if (!Number.isFinite(value) || value < 0)
    issues.push({ path: [field], message: 'must be a valid Date or non-negative epoch milliseconds', code: 'invalid_date' });
  return Math.trunc(value);
}

function orderKey(order: UnifyQueryOrder): string {
  if (typeof order === 'string') return order;
  return order.order === 'desc' ? `-${order.field}` : order.field;
}

function processTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * Builds unify-query conditions from UI-style filters (spec §6.2): operators mapped through
 * {@link UNIFY_QUERY_OPERATORS}, values as text, `all ...` operators split into one condition per
 * value joined by `and`. An unknown operator is a ValidationError listing the accepted ones.
 * @example
 * buildConditions([{ field: 'level', op: 'is one of', value: 'error,warn' }, { field: 'log', op: 'exists' }]);
 * // { field_list: [{ field_name: 'level', op: 'eq', value: ['error', 'warn'] }, { field_name: 'log', op: 'existed', value: [''], is_wildcard: false }], condition_list: ['and'] }
 */
export function buildConditions(conditions: readonly UnifyQueryCondition[]): UnifyQueryBuiltItem['conditions'] {
  const issues: ValidationIssue[] = [];
  const fieldList: UnifyQueryBuiltCondition[] = [];
  const conditionList: ('and' | 'or')[] = [];
  conditions.forEach((condition, index) => {
    const op: string = condition.op;
    if (!isUnifyQueryOperator(op)) {
      issues.push({
        path: ['conditions', index, 'op'],
        message: `unknown operator "${op}"; accepted: ${UNIFY_QUERY_OPERATOR_NAMES.map((name) => `"${name}"`).join(', ')}`,
        code: 'unknown_operator',
      });
      return;
    }
    if (typeof condition.field !== 'string' || condition.field === '') {
      issues.push({ path: ['conditions', index, 'field'], message: 'must be a non-empty field name', code: 'invalid_field' });
      return;
    }
    const rule: UnifyQueryOperatorRule = UNIFY_QUERY_OPERATORS[op];
    const values = valuesOf(rule, condition.value);
    if (values === undefined || values.length === 0) {
      issues.push({ path: ['conditions', index, 'value'], message: `is required by operator "${op}"`, code: 'missing_value' });
      return;
    }
    const wildcard = rule.advanced ? { is_wildcard: rule.wildcard } : {};
    const built: UnifyQueryBuiltCondition[] =
      rule.join === 'and'
        ? values.map((value) => ({ field_name: condition.field, op: rule.op, value: [value], ...wildcard }))
        : [{ field_name: condition.field, op: rule.op, value: values, ...wildcard }];
    if (fieldList.length > 0) conditionList.push(condition.connector ?? 'and');
    built.forEach((item, position) => {
      if (position > 0) conditionList.push('and');
      fieldList.push(item);
    });
  });
  if (issues.length > 0) throw new ValidationError({ direction: 'input', module: 'unify_query', endpoint: 'buildQuery', issues });
  return { field_list: fieldList, condition_list: conditionList };
}

/**
 * Builds a unify-query body the way bklog's `init_base_dict` does: one `query_list` item per
 * index set (`bklog_index_set_<id>`) or table, reference names `a`, `b`, ..., `metric_merge`
 * `a + b`, conditions mapped from UI operators, the range as epoch-millisecond text, `step`
 * resolved from `auto`, `order_by` with `-` for descending. Throws a ValidationError naming every
 * problem (unknown operators list the accepted ones).
 * @example
 * const query = buildQuery({
 *   indexSetIds: [42],
 *   bkBizId: 2,
 *   queryString: 'level: error',
 *   conditions: [{ field: 'serverIp', op: 'is one of', value: ['10.0.0.11', '10.0.0.12'] }],
 *   start: Date.now() - 3_600_000,
 *   end: Date.now(),
 *   orderBy: ['-dtEventTimeStamp'],
 *   limit: 100,
 * });
 * const page = await unifyQuery.queryTsRaw(query);
 */
export function buildQuery(options: BuildQueryOptions): UnifyQueryRequest {
  const issues: ValidationIssue[] = [];
  // Typed loosely on purpose: JavaScript callers may pass neither list.
  const indexSetIds: readonly (number | string)[] | undefined = options.indexSetIds;
  const tables = options.tableIds !== undefined ? [...options.tableIds] : (indexSetIds ?? []).map((indexSetId) => indexSetTableId(indexSetId));
  if (tables.length === 0 || tables.some((table) => table.trim() === '')) {
    issues.push({
      path: [options.tableIds === undefined ? 'indexSetIds' : 'tableIds'],
      message: 'must name at least one index set or table',
      code: 'missing_table',
    });
  }
  const before = issues.length;
  const start = toMilliseconds(options.start, 'start', issues);
  const end = toMilliseconds(options.end, 'end', issues);
  if (issues.length === before && start > end) issues.push({ path: ['end'], message: 'must not be before start', code: 'invalid_range' });
  if (options.from !== undefined && (!Number.isInteger(options.from) || options.from < 0))
    issues.push({ path: ['from'], message: 'must be a non-negative integer', code: 'invalid_number' });
  if (options.limit !== undefined && (!Number.isInteger(options.limit) || options.limit <= 0))
    issues.push({ path: ['limit'], message: 'must be a positive integer', code: 'invalid_number' });
  let conditions: UnifyQueryBuiltItem['conditions'] = { field_list: [], condition_list: [] };
  try {
    conditions = buildConditions(options.conditions ?? []);
  } catch (error) {
    if (!ValidationError.isInstance(error)) throw error;
    issues.push(...error.issues);
  }
  if (issues.length > 0) throw new ValidationError({ direction: 'input', module: 'unify_query', endpoint: 'buildQuery', issues });

  const queryList = tables.map((tableId, index): UnifyQueryBuiltItem => ({
    data_source: options.dataSource ?? 'bklog',
    reference_name: referenceName(index),
    dimensions: [],
    time_field: options.timeField ?? 'time',
    conditions: {
      field_list: conditions.field_list.map((condition) => ({ ...condition, value: [...condition.value] })),
      condition_list: [...conditions.condition_list],
    },
    query_string: options.queryString === undefined || options.queryString.trim() === '' ? '*' : options.queryString,
    function: [],
    table_id: tableId,
    field_name: options.fieldName ?? 'dtEventTimeStamp',
  }));
  const request: UnifyQueryRequest = {
    query_list: queryList,
    metric_merge: queryList.map((item) => item.reference_name).join(' + '),
    order_by: (options.orderBy ?? []).map(orderKey),
    step: options.step === undefined || options.step === 'auto' ? resolveAutoStep(start, end) : options.step,
    start_time: String(start),
    end_time: String(end),
    down_sample_range: '',
    timezone: options.timezone ?? processTimeZone(),
  };
  if (options.bkBizId !== undefined) request.bk_biz_id = options.bkBizId;
  if (options.spaceUid !== undefined) request.space_uid = options.spaceUid;
  if (options.from !== undefined) request.from = options.from;
  if (options.limit !== undefined) request.limit = options.limit;
  if (options.highlight !== undefined) request.highlight = { enable: options.highlight };
  return request;
}
