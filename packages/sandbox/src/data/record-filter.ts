import { parse, test } from 'liqe';
import type { LiqeQuery } from 'liqe';
import { isRecord } from '../request-params.js';
import type { RecordValue, StoredRecord } from './log-records.js';

/** A request the data layer cannot answer (bad query string, unknown operator...). */
export class QueryRejectedError extends Error {
  override readonly name = 'QueryRejectedError';
}

/** One condition of unify-query's `conditions.field_list`. */
interface FieldCondition {
  readonly fieldName: string;
  readonly op: string;
  readonly values: readonly string[];
  readonly isWildcard: boolean;
}

/** A compiled predicate over stored records. */
export type RecordPredicate = (record: StoredRecord) => boolean;

const KNOWN_OPERATORS = new Set(['eq', 'ne', 'contains', 'ncontains', 'gt', 'gte', 'lt', 'lte', 'existed', 'nexisted', 'req', 'nreq']);

function globToRegExp(pattern: string, flags = ''): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replaceAll('*', '.*')
    .replaceAll('?', '.');
  return new RegExp(`^${escaped}$`, flags);
}

function text(value: RecordValue | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}

function compareOrdered(value: RecordValue | undefined, operand: string): number | undefined {
  if (value === undefined) return undefined;
  const left = Number(value);
  const right = Number(operand);
  if (Number.isFinite(left) && Number.isFinite(right) && operand.trim() !== '') return left - right;
  return String(value).localeCompare(operand);
}

function matchesCondition(condition: FieldCondition, record: StoredRecord): boolean {
  const value = record.source[condition.fieldName];
  const valueText = text(value);
  const wildcard = (operand: string): boolean => condition.isWildcard && (operand.includes('*') || operand.includes('?'));
  switch (condition.op) {
    case 'eq':
      return valueText !== undefined && condition.values.some((operand) => (wildcard(operand) ? globToRegExp(operand).test(valueText) : valueText === operand));
    case 'ne':
      return !condition.values.some(
        (operand) => valueText !== undefined && (wildcard(operand) ? globToRegExp(operand).test(valueText) : valueText === operand),
      );
    case 'contains':
      return (
        valueText !== undefined &&
        condition.values.some((operand) =>
          wildcard(operand) ? globToRegExp(`*${operand}*`, 'i').test(valueText) : valueText.toLowerCase().includes(operand.toLowerCase()),
        )
      );
    case 'ncontains':
      return (
        valueText === undefined ||
        !condition.values.some((operand) =>
          wildcard(operand) ? globToRegExp(`*${operand}*`, 'i').test(valueText) : valueText.toLowerCase().includes(operand.toLowerCase()),
        )
      );
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const operand = condition.values[0];
      if (operand === undefined) return false;
      const difference = compareOrdered(value, operand);
      if (difference === undefined) return false;
      if (condition.op === 'gt') return difference > 0;
      if (condition.op === 'gte') return difference >= 0;
      if (condition.op === 'lt') return difference < 0;
      return difference <= 0;
    }
    case 'existed':
      return valueText !== undefined && valueText !== '';
    case 'nexisted':
      return valueText === undefined || valueText === '';
    case 'req':
      return valueText !== undefined && condition.values.some((operand) => new RegExp(operand).test(valueText));
    default:
      return valueText === undefined || !condition.values.some((operand) => new RegExp(operand).test(valueText));
  }
}

function readConditions(conditions: unknown): { list: FieldCondition[]; joins: string[] } {
  if (conditions === undefined || conditions === null) return { list: [], joins: [] };
  if (!isRecord(conditions)) throw new QueryRejectedError('conditions must be an object with field_list and condition_list');
  const fieldList = conditions.field_list ?? [];
  const conditionList = conditions.condition_list ?? [];
  if (!Array.isArray(fieldList) || !Array.isArray(conditionList))
    throw new QueryRejectedError('conditions.field_list and conditions.condition_list must be arrays');
  const list = fieldList.map((item: unknown): FieldCondition => {
    if (!isRecord(item) || typeof item.field_name !== 'string' || typeof item.op !== 'string')
      throw new QueryRejectedError('each condition needs field_name and op');
    if (!KNOWN_OPERATORS.has(item.op)) throw new QueryRejectedError(`unknown condition operator: ${item.op}`);
    const rawValues: unknown[] = Array.isArray(item.value) ? item.value : item.value === undefined || item.value === null ? [] : [item.value];
    const values = rawValues.map((value) => (typeof value === 'string' ? value : JSON.stringify(value)));
    if (item.op === 'req' || item.op === 'nreq') {
      for (const pattern of values) {
        try {
          new RegExp(pattern);
        } catch {
          throw new QueryRejectedError(`invalid regular expression in condition: ${pattern}`);
        }
      }
    }
    return { fieldName: item.field_name, op: item.op, values, isWildcard: item.is_wildcard === true };
  });
  const joins = conditionList.map((join: unknown) => String(join).toLowerCase());
  if (joins.some((join) => join !== 'and' && join !== 'or')) throw new QueryRejectedError('condition_list items must be "and" or "or"');
  return { list, joins };
}

// Lucene (and Elasticsearch's query_string) accept `level: error`; liqe reads the space as an
// empty value. Join `field: value` outside quoted phrases before parsing.
function joinFieldValueSpaces(query: string): string {
  return query.replace(
    /("(?:[^"\\]|\\.)*")|([A-Za-z_][\w.]*):\s+/g,
    (_match, quoted: string | undefined, field: string | undefined) => quoted ?? `${field ?? ''}:`,
  );
}

/** Parses a Lucene query string with liqe; `*` and empty mean "everything". */
export function parseQueryString(queryString: unknown): LiqeQuery | undefined {
  if (queryString === undefined || queryString === null) return undefined;
  if (typeof queryString !== 'string') throw new QueryRejectedError('query_string must be a string');
  const trimmed = queryString.trim();
  if (trimmed === '' || trimmed === '*') return undefined;
  try {
    return parse(joinFieldValueSpaces(trimmed));
  } catch (error) {
    throw new QueryRejectedError(`parse query_string error: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Reads an epoch time that may be given in milliseconds or seconds, as a string or a number. */
export function epochMilliseconds(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (!Number.isFinite(number)) return undefined;
  return number < 100_000_000_000 ? number * 1000 : number;
}

/**
 * Compiles the filters of one unify-query request item: time range (inclusive), `conditions`
 * (joined left to right by `condition_list`) and `query_string` (Lucene syntax via liqe).
 */
export function compileFilter(options: { queryString?: unknown; conditions?: unknown; startTime?: unknown; endTime?: unknown }): RecordPredicate {
  const start = epochMilliseconds(options.startTime);
  const end = epochMilliseconds(options.endTime);
  const query = parseQueryString(options.queryString);
  const { list, joins } = readConditions(options.conditions);
  return (record) => {
    if (start !== undefined && record.timestamp < start) return false;
    if (end !== undefined && record.timestamp > end) return false;
    if (list.length > 0) {
      let matched = list[0] !== undefined && matchesCondition(list[0], record);
      for (let position = 1; position < list.length; position += 1) {
        const condition = list[position];
        if (condition === undefined) continue;
        matched = joins[position - 1] === 'or' ? matched || matchesCondition(condition, record) : matched && matchesCondition(condition, record);
      }
      if (!matched) return false;
    }
    return query === undefined || test(query, record.source);
  };
}

/** A sort key: a field and a direction. */
export interface SortKey {
  readonly field: string;
  readonly descending: boolean;
}

/** Reads `order_by` in both shapes bklog sends: `['-field', 'field']` and `[['field', 'desc']]`. */
export function readOrderBy(orderBy: unknown): SortKey[] {
  if (!Array.isArray(orderBy)) return [];
  return orderBy.flatMap((item: unknown): SortKey[] => {
    if (typeof item === 'string' && item !== '') return [{ field: item.replace(/^-/, ''), descending: item.startsWith('-') }];
    if (Array.isArray(item) && typeof item[0] === 'string') return [{ field: item[0], descending: String(item[1]).toLowerCase() === 'desc' }];
    return [];
  });
}

function compareValues(left: RecordValue | undefined, right: RecordValue | undefined): number {
  if (left === right) return 0;
  if (left === undefined) return 1;
  if (right === undefined) return -1;
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  const leftNumber = Number(left);
  const rightNumber = Number(right);
  if (Number.isFinite(leftNumber) && Number.isFinite(rightNumber)) return leftNumber - rightNumber;
  return String(left) < String(right) ? -1 : 1;
}

/** The time fields hold the record's own timestamp; reading it skips a string-to-number parse per comparison. */
function sortValue(record: StoredRecord, field: string): RecordValue | undefined {
  return field === 'dtEventTimeStamp' || field === 'time' ? record.timestamp : record.source[field];
}

/** Sorts records by the keys, newest first when none are given; ties broken by document id for a stable order. */
export function sortRecords(records: readonly StoredRecord[], keys: readonly SortKey[]): StoredRecord[] {
  const effective = keys.length > 0 ? keys : [{ field: 'dtEventTimeStamp', descending: true }];
  return [...records].sort((left, right) => {
    for (const key of effective) {
      const difference = compareValues(sortValue(left, key.field), sortValue(right, key.field));
      if (difference !== 0) return key.descending ? -difference : difference;
    }
    return left.docId < right.docId ? -1 : left.docId > right.docId ? 1 : 0;
  });
}
