import type { UnifyQueryNativeOperator } from '../endpoints/unify-query-request.js';

/** How a UI operator becomes unify-query conditions (bklog's `BASE_OP_MAP` and `ADVANCED_OP_MAP`). */
export interface UnifyQueryOperatorRule {
  /** The unify-query operator sent. */
  readonly op: UnifyQueryNativeOperator;
  /**
   * `or`: one condition holding every value (any matches); `and`: one condition per value,
   * joined by `and` (all must match).
   */
  readonly join: 'or' | 'and';
  /** Whether `*`/`?` in the values are wildcards (`is_wildcard: true` is sent). */
  readonly wildcard: boolean;
  /** A fixed value list (`exists` → `[""]`, `is true` → `["true"]`), ignoring the given value. */
  readonly fixedValue?: readonly string[];
  /** Sent with an `is_wildcard` key even when false, as bklog sends its advanced operators. */
  readonly advanced: boolean;
  /** Whether one text value is a comma-separated list (`is one of`). */
  readonly commaSeparated?: boolean;
  /** Whether a leading and trailing `*` of each value is dropped (bklog does it for `=~`). */
  readonly trimOuterWildcards?: boolean;
}

const base = (op: UnifyQueryNativeOperator, commaSeparated = false): UnifyQueryOperatorRule => ({
  op,
  join: 'or',
  wildcard: false,
  advanced: false,
  commaSeparated,
});
const advanced = (
  op: UnifyQueryNativeOperator,
  join: 'or' | 'and',
  wildcard: boolean,
  extra: Partial<UnifyQueryOperatorRule> = {},
): UnifyQueryOperatorRule => ({ op, join, wildcard, advanced: true, ...extra });

/**
 * Every operator the query builder accepts, with its rule (spec §6.2): bklog's UI operators,
 * their wildcard forms, and unify-query's own operators (which pass through).
 */
export const UNIFY_QUERY_OPERATORS = {
  '=': base('eq'),
  is: base('eq'),
  'is one of': base('eq', true),
  '!=': base('ne'),
  'is not': base('ne'),
  'is not one of': base('ne', true),
  contains: base('contains'),
  'not contains': base('ncontains'),
  '>': base('gt'),
  '>=': base('gte'),
  '<': base('lt'),
  '<=': base('lte'),
  'contains match phrase': advanced('contains', 'or', false),
  'not contains match phrase': advanced('ncontains', 'or', false),
  'all contains match phrase': advanced('contains', 'and', false),
  'all not contains match phrase': advanced('ncontains', 'and', false),
  '=~': advanced('contains', 'or', true, { trimOuterWildcards: true }),
  '!=~': advanced('ncontains', 'or', true),
  '&=~': advanced('contains', 'and', true),
  '&!=~': advanced('ncontains', 'and', true),
  exists: advanced('existed', 'or', false, { fixedValue: [''] }),
  'does not exists': advanced('nexisted', 'or', false, { fixedValue: [''] }),
  'is true': advanced('eq', 'or', false, { fixedValue: ['true'] }),
  'is false': advanced('eq', 'or', false, { fixedValue: ['false'] }),
  eq: base('eq'),
  ne: base('ne'),
  gt: base('gt'),
  gte: base('gte'),
  lt: base('lt'),
  lte: base('lte'),
  ncontains: base('ncontains'),
  existed: advanced('existed', 'or', false, { fixedValue: [''] }),
  nexisted: advanced('nexisted', 'or', false, { fixedValue: [''] }),
  req: base('req'),
  nreq: base('nreq'),
} as const satisfies Readonly<Record<string, UnifyQueryOperatorRule>>;

/** An operator the query builder accepts: a bklog UI operator or a unify-query operator. */
export type UnifyQueryOperator = keyof typeof UNIFY_QUERY_OPERATORS;

/** Every accepted operator, in the order of {@link UNIFY_QUERY_OPERATORS}. */
export const UNIFY_QUERY_OPERATOR_NAMES: readonly UnifyQueryOperator[] = Object.freeze(Object.keys(UNIFY_QUERY_OPERATORS) as UnifyQueryOperator[]);

/** Whether `name` is an accepted operator. */
export function isUnifyQueryOperator(name: string): name is UnifyQueryOperator {
  return Object.hasOwn(UNIFY_QUERY_OPERATORS, name);
}
