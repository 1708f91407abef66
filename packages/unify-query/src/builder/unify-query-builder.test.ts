import { ValidationError } from '@x/errors';
import { describe, expect, it } from 'vitest';
import { buildConditions, buildQuery, indexSetTableId, referenceName } from './unify-query-builder.js';
import type { UnifyQueryCondition, UnifyQueryConditionValue } from './unify-query-builder.js';
import { UNIFY_QUERY_OPERATOR_NAMES } from './unify-query-operators.js';
import type { UnifyQueryOperator } from './unify-query-operators.js';
import { resolveAutoStep } from './unify-query-step.js';

const START = Date.parse('2025-03-01T00:00:00Z');
const HOUR = 3_600_000;

describe('buildQuery', () => {
  it('builds bklog init_base_dict body for two index sets', () => {
    const query = buildQuery({
      indexSetIds: [42, '43'],
      bkBizId: 2,
      queryString: 'level: error',
      conditions: [
        { field: 'serverIp', op: 'is one of', value: '10.0.0.11,10.0.0.12' },
        { field: 'status', op: '>=', value: 500 },
      ],
      start: new Date(START),
      end: START + 2 * HOUR,
      orderBy: ['-dtEventTimeStamp', { field: 'gseIndex', order: 'desc' }, { field: 'iterationIndex' }],
      from: 0,
      limit: 50,
      timezone: 'Asia/Shanghai',
      highlight: true,
    });
    const conditions = {
      field_list: [
        { field_name: 'serverIp', op: 'eq', value: ['10.0.0.11', '10.0.0.12'] },
        { field_name: 'status', op: 'gte', value: ['500'] },
      ],
      condition_list: ['and'],
    };
    const item = {
      data_source: 'bklog',
      dimensions: [],
      time_field: 'time',
      conditions,
      query_string: 'level: error',
      function: [],
      field_name: 'dtEventTimeStamp',
    };
    expect(query).toEqual({
      query_list: [
        { ...item, reference_name: 'a', table_id: 'bklog_index_set_42' },
        { ...item, reference_name: 'b', table_id: 'bklog_index_set_43' },
      ],
      metric_merge: 'a + b',
      order_by: ['-dtEventTimeStamp', '-gseIndex', 'iterationIndex'],
      step: '5m',
      start_time: String(START),
      end_time: String(START + 2 * HOUR),
      down_sample_range: '',
      timezone: 'Asia/Shanghai',
      bk_biz_id: 2,
      from: 0,
      limit: 50,
      highlight: { enable: true },
    });
  });

  it('defaults the query string to *, keeps table ids, and passes an explicit step', () => {
    const query = buildQuery({ tableIds: ['2_bklog_audit'], start: START, end: START + 1000, step: '30s', spaceUid: 'bkcc__2' });
    expect(query.query_list[0]).toMatchObject({ table_id: '2_bklog_audit', query_string: '*', conditions: { field_list: [], condition_list: [] } });
    expect(query.step).toBe('30s');
    expect(query.space_uid).toBe('bkcc__2');
    expect(query).not.toHaveProperty('bk_biz_id');
    expect(typeof query.timezone).toBe('string');
  });

  it('names every problem in one ValidationError', () => {
    const error = (() => {
      try {
        buildQuery({ indexSetIds: [], start: START, end: START - 1, limit: 0, conditions: [{ field: 'a', op: 'like' as UnifyQueryOperator, value: 'x' }] });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).fields).toEqual(['indexSetIds', 'end', 'limit', 'conditions[0].op']);
  });

  it('refuses invalid dates', () => {
    expect(() => buildQuery({ indexSetIds: [42], start: new Date('nope'), end: START })).toThrow(/start/);
  });

  it('names reference names a..z, aa, ab', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(referenceName)).toEqual(['a', 'b', 'z', 'aa', 'ab', 'az', 'ba', 'zz', 'aaa']);
    expect(indexSetTableId(42)).toBe('bklog_index_set_42');
  });
});

describe('resolveAutoStep', () => {
  it.each([
    [0, '1s'],
    [60_000, '1s'],
    [60_001, '1m'],
    [HOUR, '1m'],
    [HOUR + 1, '5m'],
    [6 * HOUR, '5m'],
    [6 * HOUR + 1, '1h'],
    [72 * HOUR, '1h'],
    [72 * HOUR + 1, '1d'],
  ])('a range of %i ms is %s', (range, step) => {
    expect(resolveAutoStep(START, START + range)).toBe(step);
    expect(buildQuery({ indexSetIds: [1], start: START, end: START + range }).step).toBe(step);
  });
});

describe('buildConditions: the operator mapping of spec §6.2', () => {
  const one = (condition: UnifyQueryCondition): unknown => buildConditions([condition]);

  it.each<[UnifyQueryOperator, UnifyQueryConditionValue | undefined, unknown]>([
    ['=', 'a', [{ field_name: 'f', op: 'eq', value: ['a'] }]],
    ['is', 'a,b', [{ field_name: 'f', op: 'eq', value: ['a,b'] }]],
    ['is one of', 'a,b', [{ field_name: 'f', op: 'eq', value: ['a', 'b'] }]],
    ['is one of', ['a', 1, true], [{ field_name: 'f', op: 'eq', value: ['a', '1', 'true'] }]],
    ['!=', 'a', [{ field_name: 'f', op: 'ne', value: ['a'] }]],
    ['is not', 'a', [{ field_name: 'f', op: 'ne', value: ['a'] }]],
    ['is not one of', 'a,b', [{ field_name: 'f', op: 'ne', value: ['a', 'b'] }]],
    ['contains', 'a', [{ field_name: 'f', op: 'contains', value: ['a'] }]],
    ['not contains', 'a', [{ field_name: 'f', op: 'ncontains', value: ['a'] }]],
    ['>', 1, [{ field_name: 'f', op: 'gt', value: ['1'] }]],
    ['>=', 1, [{ field_name: 'f', op: 'gte', value: ['1'] }]],
    ['<', 1, [{ field_name: 'f', op: 'lt', value: ['1'] }]],
    ['<=', 1, [{ field_name: 'f', op: 'lte', value: ['1'] }]],
    ['contains match phrase', ['a', 'b'], [{ field_name: 'f', op: 'contains', value: ['a', 'b'], is_wildcard: false }]],
    ['not contains match phrase', ['a', 'b'], [{ field_name: 'f', op: 'ncontains', value: ['a', 'b'], is_wildcard: false }]],
    ['=~', ['*a*', 'b*'], [{ field_name: 'f', op: 'contains', value: ['a', 'b'], is_wildcard: true }]],
    ['!=~', ['a*'], [{ field_name: 'f', op: 'ncontains', value: ['a*'], is_wildcard: true }]],
    ['exists', undefined, [{ field_name: 'f', op: 'existed', value: [''], is_wildcard: false }]],
    ['does not exists', 'ignored', [{ field_name: 'f', op: 'nexisted', value: [''], is_wildcard: false }]],
    ['is true', undefined, [{ field_name: 'f', op: 'eq', value: ['true'], is_wildcard: false }]],
    ['is false', undefined, [{ field_name: 'f', op: 'eq', value: ['false'], is_wildcard: false }]],
    ['eq', 'a', [{ field_name: 'f', op: 'eq', value: ['a'] }]],
    ['nreq', 'a.*', [{ field_name: 'f', op: 'nreq', value: ['a.*'] }]],
  ])('%s', (op, value, fieldList) => {
    expect(one({ field: 'f', op, value })).toEqual({ field_list: fieldList, condition_list: [] });
  });

  it.each<[UnifyQueryOperator, string, boolean]>([
    ['all contains match phrase', 'contains', false],
    ['all not contains match phrase', 'ncontains', false],
    ['&=~', 'contains', true],
    ['&!=~', 'ncontains', true],
  ])('%s splits into one condition per value joined by and', (op, native, wildcard) => {
    expect(one({ field: 'f', op, value: ['a', 'b', 'c'] })).toEqual({
      field_list: ['a', 'b', 'c'].map((value) => ({ field_name: 'f', op: native, value: [value], is_wildcard: wildcard })),
      condition_list: ['and', 'and'],
    });
  });

  it('joins conditions with their connector (and by default)', () => {
    expect(
      buildConditions([
        { field: 'a', op: '=', value: '1' },
        { field: 'b', op: 'all contains match phrase', value: ['x', 'y'], connector: 'or' },
        { field: 'c', op: 'exists' },
      ]).condition_list,
    ).toEqual(['or', 'and', 'and']);
  });

  it('refuses an unknown operator listing the accepted ones (bklog silently sends eq)', () => {
    const error = (() => {
      try {
        buildConditions([{ field: 'f', op: 'startswith' as UnifyQueryOperator, value: 'a' }]);
      } catch (caught) {
        return caught as ValidationError;
      }
      return undefined;
    })();
    expect(error?.fields).toEqual(['conditions[0].op']);
    for (const name of UNIFY_QUERY_OPERATOR_NAMES) expect(error?.message).toContain(`"${name}"`);
    expect(error?.message).toContain('unknown operator "startswith"');
  });

  it('asks for a value where the operator needs one', () => {
    expect(() => buildConditions([{ field: 'f', op: 'contains' }])).toThrow(/conditions\[0\]\.value/);
    expect(() => buildConditions([{ field: '', op: 'exists' }])).toThrow(/conditions\[0\]\.field/);
  });
});
