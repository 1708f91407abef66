import { bodyOf, onlyCall, useSandbox } from '@x/sandbox/vitest';
import { describe, expect, it } from 'vitest';
import { buildQuery } from './builder/unify-query-builder.js';
import { expectTraceId, sandboxSettings } from './test-support/unify-query-test-settings.js';
import { createUnifyQuery } from './unify-query-client.js';

const getSandbox = useSandbox({ recordCount: 6000 });
const HOUR = 3_600_000;

describe('histogram', () => {
  it('counts rows per window with a date_histogram over query_ts_reference', async () => {
    const sandbox = getSandbox();
    const unifyQuery = createUnifyQuery(sandboxSettings(sandbox));
    const query = buildQuery({ indexSetIds: [44], bkBizId: 2, start: sandbox.data.start, end: sandbox.data.now, orderBy: ['-dtEventTimeStamp'] });
    const histogram = await unifyQuery.histogram(query, { interval: '1h' });
    const sum = histogram.buckets.reduce((total, bucket) => total + bucket.count, 0);
    expect(sum).toBe(sandbox.data.recordCounts.bklog_index_set_44);
    expect(histogram.buckets.length).toBeGreaterThanOrEqual(24);
    expect(histogram.buckets.every((bucket, index, all) => index === 0 || bucket.time - (all[index - 1]?.time ?? 0) === HOUR)).toBe(true);
    const call = onlyCall(sandbox, 'query_ts_reference');
    expect(bodyOf(call)).toMatchObject({
      query_list: [{ function: [{ method: 'count' }, { method: 'date_histogram', window: '1h' }] }],
      time_aggregation: {},
      order_by: [],
    });
    // PromData's trace_id is omitempty: passed on when the server sent one.
    expectTraceId(histogram.traceId);
    await unifyQuery.close();
  });

  it('uses the query step when no interval is given', async () => {
    const sandbox = getSandbox();
    const unifyQuery = createUnifyQuery(sandboxSettings(sandbox));
    const query = buildQuery({ indexSetIds: [44], bkBizId: 2, start: sandbox.data.now - 2 * HOUR, end: sandbox.data.now });
    await unifyQuery.histogram(query);
    expect(bodyOf(onlyCall(sandbox, 'query_ts_reference'))).toMatchObject({
      query_list: [{ function: [{ method: 'count' }, { method: 'date_histogram', window: '5m' }] }],
    });
    await unifyQuery.close();
  });
});

describe('terms', () => {
  it('returns the most frequent values of a field, largest first', async () => {
    const sandbox = getSandbox();
    const unifyQuery = createUnifyQuery(sandboxSettings(sandbox));
    const query = buildQuery({
      indexSetIds: [43],
      bkBizId: 2,
      start: sandbox.data.start,
      end: sandbox.data.now,
      conditions: [{ field: 'status', op: '>=', value: 0 }],
    });
    const terms = await unifyQuery.terms(query, { field: 'level', size: 10 });
    expect(terms.buckets.map((bucket) => bucket.value).sort()).toEqual(['debug', 'error', 'info', 'warn']);
    expect(terms.buckets.reduce((total, bucket) => total + bucket.count, 0)).toBe(sandbox.data.recordCounts.bklog_index_set_43);
    expect(terms.buckets.map((bucket) => bucket.count)).toEqual([...terms.buckets.map((bucket) => bucket.count)].sort((left, right) => right - left));
    expect(bodyOf(onlyCall(sandbox, 'query_ts_reference'))).toMatchObject({
      order_by: ['-_value'],
      query_list: [
        {
          field_name: 'level',
          limit: 10,
          function: [{ method: 'count', dimensions: ['level'] }],
          conditions: {
            field_list: [
              { field_name: 'status', op: 'gte', value: ['0'] },
              { field_name: 'level', op: 'ne', value: [''] },
            ],
            condition_list: ['and'],
          },
        },
      ],
    });
    const top = await unifyQuery.terms(query, { field: 'level', size: 2 });
    expect(top.buckets).toEqual(terms.buckets.slice(0, 2));
    await unifyQuery.close();
  });
});
