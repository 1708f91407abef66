import { bodyOf, callsTo, useSandbox } from '@x/sandbox/vitest';
import { describe, expect, it } from 'vitest';
import { buildQuery } from './builder/unify-query-builder.js';
import type { UnifyQueryRow } from './endpoints/unify-query-raw.js';
import { expectTraceId, sandboxSettings } from './test-support/unify-query-test-settings.js';
import { createUnifyQuery } from './unify-query-client.js';
import type { UnifyQueryScrollPage } from './unify-query-scroll.js';

const getSandbox = useSandbox({ recordCount: 6000 });

function wholeDay(indexSetId: number, limit?: number): ReturnType<typeof buildQuery> {
  const sandbox = getSandbox();
  return buildQuery({
    indexSetIds: [indexSetId],
    bkBizId: 2,
    start: sandbox.data.start,
    end: sandbox.data.now,
    orderBy: ['-dtEventTimeStamp'],
    ...(limit === undefined ? {} : { limit }),
  });
}

async function collect(rows: AsyncIterable<UnifyQueryRow>): Promise<UnifyQueryRow[]> {
  const all: UnifyQueryRow[] = [];
  for await (const row of rows) all.push(row);
  return all;
}

describe('scroll', () => {
  it('reads every record of an index set exactly once, and the count equals the total', async () => {
    const sandbox = getSandbox();
    const unifyQuery = createUnifyQuery(sandboxSettings(sandbox));
    const total = sandbox.data.recordCounts.bklog_index_set_42 ?? 0;
    expect(total).toBeGreaterThan(1000);
    let count = 0;
    const ids = new Set<string>();
    for await (const row of unifyQuery.scroll(wholeDay(42), { pageSize: 500 })) {
      count += 1;
      ids.add(row.__doc_id ?? '');
    }
    expect(count).toBe(total);
    expect(ids.size).toBe(total);
    const calls = callsTo(sandbox, 'query_ts_raw');
    expect(calls).toHaveLength(Math.ceil(total / 500));
    await unifyQuery.close();
  });

  it('reports each page to onPage before its rows: page number, rows, rows so far and the total', async () => {
    const sandbox = getSandbox();
    const unifyQuery = createUnifyQuery(sandboxSettings(sandbox));
    const total = sandbox.data.recordCounts.bklog_index_set_42 ?? 0;
    const pages: UnifyQueryScrollPage[] = [];
    let rowsSeen = 0;
    for await (const _row of unifyQuery.scroll(wholeDay(42), { pageSize: 500, onPage: (page) => pages.push(page) })) {
      rowsSeen += 1;
      // The page is reported before its first row is yielded.
      expect(pages.at(-1)?.rowsSoFar).toBeGreaterThanOrEqual(rowsSeen);
    }
    expect(pages.map((page) => page.page)).toEqual(Array.from({ length: Math.ceil(total / 500) }, (_unused, index) => index + 1));
    expect(pages.every((page) => page.total === total)).toBe(true);
    expect(pages.at(-1)?.rowsSoFar).toBe(total);
    expect(pages.slice(0, -1).every((page) => page.rows === 500)).toBe(true);
    await unifyQuery.close();
  });

  it('sends scroll 1m, then passes trace_id and result_table_options back', async () => {
    const sandbox = getSandbox();
    const unifyQuery = createUnifyQuery(sandboxSettings(sandbox));
    const rows = await collect(unifyQuery.scroll(wholeDay(44, 200)));
    expect(rows).toHaveLength(sandbox.data.recordCounts.bklog_index_set_44 ?? 0);
    const [first, second, third] = callsTo(sandbox, 'query_ts_raw').map(bodyOf);
    expect(first).toMatchObject({ scroll: '1m', limit: 200 });
    expect(first).not.toHaveProperty('trace_id');
    expect(first).not.toHaveProperty('result_table_options');
    expect(second).toMatchObject({ scroll: '1m', limit: 200, result_table_options: { '2_bklog_audit|3': { from: 200 } } });
    // trace_id is omitempty: passed back when the server sent one.
    expectTraceId(second?.trace_id);
    const options = second?.result_table_options as Record<string, { scroll_id?: string }> | undefined;
    expect(options?.['2_bklog_audit|3']?.scroll_id).toMatch(/^scroll-/);
    expect(third?.trace_id).toBe(second?.trace_id);
    expect(third).toMatchObject({ result_table_options: { '2_bklog_audit|3': { from: 400 } } });
    await unifyQuery.close();
  });

  it('stops at maxRecords in the middle of a page, without asking for more', async () => {
    const sandbox = getSandbox();
    const unifyQuery = createUnifyQuery(sandboxSettings(sandbox));
    const rows = await collect(unifyQuery.scroll(wholeDay(42), { pageSize: 100, maxRecords: 250 }));
    expect(rows).toHaveLength(250);
    expect(callsTo(sandbox, 'query_ts_raw')).toHaveLength(3);
    expect(await collect(unifyQuery.scroll(wholeDay(42), { maxRecords: 0 }))).toEqual([]);
    await unifyQuery.close();
  });

  it('stops on an empty first page', async () => {
    const sandbox = getSandbox();
    const unifyQuery = createUnifyQuery(sandboxSettings(sandbox));
    const query = buildQuery({
      indexSetIds: [42],
      bkBizId: 2,
      start: sandbox.data.start,
      end: sandbox.data.now,
      conditions: [{ field: 'level', op: 'is', value: 'no-such-level' }],
    });
    expect(await collect(unifyQuery.scroll(query))).toEqual([]);
    expect(callsTo(sandbox, 'query_ts_raw')).toHaveLength(1);
    await unifyQuery.close();
  });

  it('stops when the consumer breaks out, sending nothing more', async () => {
    const sandbox = getSandbox();
    const unifyQuery = createUnifyQuery(sandboxSettings(sandbox));
    let seen = 0;
    for await (const _row of unifyQuery.scroll(wholeDay(42), { pageSize: 50 })) {
      seen += 1;
      if (seen === 60) break;
    }
    expect(callsTo(sandbox, 'query_ts_raw')).toHaveLength(2);
    await unifyQuery.close();
  });
});

describe('scrollSlices', () => {
  it('reads every record of an index set over raw_with_scroll slices', async () => {
    const sandbox = getSandbox();
    const unifyQuery = createUnifyQuery(sandboxSettings(sandbox));
    const total = sandbox.data.recordCounts.bklog_index_set_43 ?? 0;
    const rows = await collect(unifyQuery.scrollSlices(wholeDay(43), { pageSize: 400, sliceMax: 3 }));
    expect(rows).toHaveLength(total);
    expect(new Set(rows.map((row) => row.__doc_id)).size).toBe(total);
    const bodies = callsTo(sandbox, 'query_ts_raw_with_scroll').map(bodyOf);
    expect(bodies.length).toBeGreaterThan(1);
    expect(bodies.map((body) => body.clear_cache)).toEqual(bodies.map((_body, index) => index === 0));
    expect(bodies.every((body) => body.scroll === '5m' && body.slice_max === 3 && body.limit === 400)).toBe(true);
    await unifyQuery.close();
  });

  it('reports true progress to onPage: rows per call and rows so far, no match count', async () => {
    const sandbox = getSandbox();
    const unifyQuery = createUnifyQuery(sandboxSettings(sandbox));
    const total = sandbox.data.recordCounts.bklog_index_set_44 ?? 0;
    const pages: UnifyQueryScrollPage[] = [];
    const rows = await collect(unifyQuery.scrollSlices(wholeDay(44), { pageSize: 500, sliceMax: 3, onPage: (page) => pages.push(page) }));
    expect(rows).toHaveLength(total);
    // raw_with_scroll's total is the rows of each call: never reported as the matching rows.
    expect(pages.every((page) => page.total === undefined)).toBe(true);
    expect(pages.at(-1)).toMatchObject({ rows: 0, rowsSoFar: total, done: true });
    expect(pages.reduce((sum, page) => sum + page.rows, 0)).toBe(total);
    await unifyQuery.close();
  });

  it('stops at maxRecords', async () => {
    const sandbox = getSandbox();
    const unifyQuery = createUnifyQuery(sandboxSettings(sandbox));
    const rows = await collect(unifyQuery.scrollSlices(wholeDay(42), { pageSize: 100, sliceMax: 2, maxRecords: 450 }));
    expect(rows).toHaveLength(450);
    expect(callsTo(sandbox, 'query_ts_raw_with_scroll')).toHaveLength(3);
    await unifyQuery.close();
  });
});
