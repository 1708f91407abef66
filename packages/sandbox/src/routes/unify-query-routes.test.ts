import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../index.js';
import type { Sandbox } from '../index.js';
import { sendJson } from '../test-support/blueking-fetch.js';
import type { Envelope, JsonAnswer } from '../test-support/blueking-fetch.js';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const START = NOW - 86_400_000;
const scope = { 'x-bk-scope-space-uid': 'bkcc__2', 'bk-query-source': 'username:admin', 'x-bk-tenant-id': 'system' };
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ now: NOW });
});
beforeEach(() => {
  sandbox.reset();
});
afterAll(async () => {
  await sandbox.close();
});

type Row = Record<string, unknown>;
interface RawAnswer {
  total: number;
  list: Row[];
  done: boolean;
  trace_id: string;
  result_table_options: Record<string, { scroll_id?: string; from?: number; slice_index?: number; slice_max?: number }>;
  result_table_id: string[];
}
interface SeriesAnswer {
  series: { name: string; group_keys: string[]; group_values: string[]; values: [number, number][] }[];
}

const post = <T = Row>(path: string, body: unknown, headers: Record<string, string> = scope): Promise<JsonAnswer<T>> =>
  sendJson<T>(sandbox, `${sandbox.roots.legacy.unifyQuery}${path}`, body, { headers });
const item = (tableId: string, extra: Row = {}): Row => ({
  data_source: 'bklog',
  reference_name: 'a',
  dimensions: [],
  time_field: 'time',
  conditions: { field_list: [], condition_list: [] },
  query_string: '*',
  function: [],
  table_id: tableId,
  ...extra,
});
const raw = async (items: Row[], extra: Row = {}): Promise<RawAnswer> => {
  const answer = await post<RawAnswer>('query/ts/raw/', {
    query_list: items,
    start_time: String(START),
    end_time: String(NOW),
    bk_biz_id: 2,
    from: 0,
    limit: 500,
    ...extra,
  });
  expect(answer.status).toBe(200);
  return answer.body;
};
const sqlCount = async (where: string, table = '2_bklog_nginx_access'): Promise<number> => {
  const answer = await sendJson<Envelope<{ list: { n: number }[] }>>(sandbox, `${sandbox.roots.legacy.bkdataQuery}query_sync/`, {
    bk_username: 'admin',
    sql: `SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`,
  });
  return answer.body.data.list[0]!.n;
};

describe('seeded log records', () => {
  it('seeds tens of thousands of records over three index sets in the 24 h before now', () => {
    expect(sandbox.data.indexSets.map((set) => [set.indexSetId, set.tableId, set.resultTableId])).toEqual([
      [42, 'bklog_index_set_42', '2_bklog_nginx_access'],
      [43, 'bklog_index_set_43', '2_bklog_app_logs'],
      [44, 'bklog_index_set_44', '2_bklog_audit'],
    ]);
    expect(sandbox.data.recordCounts).toEqual({ bklog_index_set_42: 15000, bklog_index_set_43: 10500, bklog_index_set_44: 4500 });
    expect(sandbox.data).toMatchObject({ now: NOW, start: START });
  });

  it('is deterministic for a seed and differs between seeds', async () => {
    const small = { now: NOW, recordCount: 3000 };
    const [first, twin, other] = await Promise.all([startSandbox(small), startSandbox(small), startSandbox({ ...small, seed: 43 })]);
    try {
      const body = { query_list: [item('bklog_index_set_44')], start_time: String(START), end_time: String(NOW), limit: 5 };
      const page = async (target: Sandbox): Promise<Row[]> =>
        (await sendJson<RawAnswer>(target, `${target.roots.legacy.unifyQuery}query/ts/raw/`, body, { headers: scope })).body.list;
      const expected = await page(first);
      expect(expected).toHaveLength(5);
      expect(await page(twin)).toEqual(expected);
      expect(await page(other)).not.toEqual(expected);
    } finally {
      await Promise.all([first.close(), twin.close(), other.close()]);
    }
  });
});

describe('query/ts/raw', () => {
  it('lists rows with realistic fields and internal keys, newest first', async () => {
    const answer = await raw([item('bklog_index_set_42')], { limit: 20 });
    expect(answer.total).toBe(15000);
    expect(answer.list).toHaveLength(20);
    expect(answer.done).toBe(false);
    expect(answer.result_table_id).toEqual(['2_bklog_nginx_access']);
    expect(answer.trace_id).toMatch(/^[0-9a-f]{32}$/);
    const row = answer.list[0]!;
    expect(row).toMatchObject({ __result_table: '2_bklog_nginx_access', __data_label: 'bklog_index_set_42', cloudId: 0 });
    expect(row.__index).toMatch(/^v2_2_bklog_nginx_access_\d{8}_0$/);
    expect(row.dtEventTimeStamp).toMatch(/^\d{13}$/);
    for (const field of [
      'time',
      'log',
      'level',
      'serverIp',
      'bk_host_id',
      'path',
      'method',
      'status',
      'latency_ms',
      'service',
      'trace_id',
      'gseIndex',
      'iterationIndex',
      '__doc_id',
    ])
      expect(row).toHaveProperty(field);
    const times = answer.list.map((entry) => Number(entry.dtEventTimeStamp));
    expect(times).toEqual([...times].sort((left, right) => right - left));
    expect(times.every((time) => time >= START && time <= NOW)).toBe(true);
  });

  it('filters by query_string with Lucene syntax, matching the SQL engine', async () => {
    const answer = await raw([item('bklog_index_set_42', { query_string: 'status:500 AND method:GET' })]);
    expect(answer.total).toBe(await sqlCount("status = 500 AND method = 'GET'"));
    expect(answer.list.every((row) => row.status === 500 && row.method === 'GET')).toBe(true);
    const ranged = await raw([item('bklog_index_set_42', { query_string: 'status:[500 TO 599] AND NOT path:"/healthz"' })]);
    expect(ranged.total).toBe(await sqlCount("status BETWEEN 500 AND 599 AND path <> '/healthz'"));
  });

  it('answers 400 {trace_id, error} for an unparsable query_string or an unknown table', async () => {
    for (const items of [[item('bklog_index_set_42', { query_string: 'status:(500' })], [item('bklog_index_set_99')]]) {
      const answer = await post<{ trace_id: string; error: string; result?: unknown }>('query/ts/raw/', {
        query_list: items,
        start_time: String(START),
        end_time: String(NOW),
      });
      expect(answer.status).toBe(400);
      expect(answer.body.trace_id).toMatch(/^[0-9a-f]{32}$/);
      expect(answer.body.error).not.toBe('');
      expect(answer.body).not.toHaveProperty('result');
    }
  });

  it('needs a scope header and records the scope headers', async () => {
    const missing = await post<{ error: string }>('query/ts/raw/', { query_list: [item('bklog_index_set_42')] }, {});
    expect(missing.status).toBe(400);
    expect(missing.body.error).toContain('X-Bk-Scope');
    const skip = await post<RawAnswer>(
      'query/ts/raw/',
      { query_list: [item('bklog_index_set_42')], limit: 1 },
      { 'x-bk-scope-skip-space': 'skip', 'bk-query-source': 'backend' },
    );
    expect(skip.status).toBe(200);
    expect(sandbox.lastCall('query_ts_raw')?.headers).toMatchObject({ 'x-bk-scope-skip-space': 'skip', 'bk-query-source': 'backend' });
    await raw([item('bklog_index_set_42')], { limit: 1 });
    expect(sandbox.lastCall('query/ts/raw')).toMatchObject({
      tenantId: 'system',
      headers: { 'x-bk-scope-space-uid': 'bkcc__2', 'bk-query-source': 'username:admin' },
    });
  });

  it('applies start_time/end_time (epoch ms strings, inclusive)', async () => {
    const start = NOW - 3_600_000;
    const answer = await raw([item('bklog_index_set_43')], { start_time: String(start), end_time: String(NOW) });
    expect(answer.total).toBe(await sqlCount(`dtEventTimeStamp BETWEEN ${start} AND ${NOW}`, '2_bklog_app_logs'));
    expect(answer.total).toBeLessThan(10500);
  });

  it('orders by order_by and pages with from/limit without overlap', async () => {
    const all = await raw([item('bklog_index_set_44')], { order_by: ['-gseIndex'], limit: 30 });
    expect(all.list.map((row) => row.gseIndex)).toEqual(Array.from({ length: 30 }, (_unused, index) => 4500 - index));
    const first = await raw([item('bklog_index_set_44')], { order_by: ['latency_ms', 'gseIndex'], from: 0, limit: 10 });
    const second = await raw([item('bklog_index_set_44')], { order_by: [['gseIndex', 'asc']], from: 10, limit: 10 });
    expect(second.list.map((row) => row.gseIndex)).toEqual(Array.from({ length: 10 }, (_unused, index) => 11 + index));
    expect(first.list).toHaveLength(10);
  });

  it('merges several query_list items', async () => {
    const answer = await raw([item('bklog_index_set_43', { query_string: 'level:error' }), item('bklog_index_set_44', { query_string: 'result:failure' })], {
      limit: 50,
    });
    expect(answer.result_table_id).toEqual(['2_bklog_app_logs', '2_bklog_audit']);
    expect(answer.total).toBe((await sqlCount("level = 'error'", '2_bklog_app_logs')) + (await sqlCount("result = 'failure'", '2_bklog_audit')));
    expect(new Set(answer.list.map((row) => row.__data_label))).toEqual(new Set(['bklog_index_set_43', 'bklog_index_set_44']));
  });

  it('highlights query_string matches when asked', async () => {
    const answer = await raw([item('bklog_index_set_43', { query_string: 'level:error' })], { limit: 1, highlight: { enable: true } });
    expect(answer.list[0]?.__highlight).toEqual({ level: ['<mark>error</mark>'] });
  });
});

describe('conditions', () => {
  const audit = async (fieldList: Row[], conditionList: string[] = []): Promise<RawAnswer> =>
    raw([item('bklog_index_set_44', { conditions: { field_list: fieldList, condition_list: conditionList } })]);
  const eq = (field: string, ...value: string[]): Row => ({ field_name: field, op: 'eq', value });

  it('eq (any of the values) and ne partition the records', async () => {
    const is = await audit([eq('operator', 'alice', 'bob')]);
    const isNot = await audit([{ field_name: 'operator', op: 'ne', value: ['alice', 'bob'] }]);
    expect(is.list.every((row) => ['alice', 'bob'].includes(String(row.operator)))).toBe(true);
    expect(is.total + isNot.total).toBe(4500);
    expect(is.total).toBe(await sqlCount("operator IN ('alice', 'bob')", '2_bklog_audit'));
  });

  it('contains / ncontains match substrings, case-insensitively; is_wildcard uses * patterns', async () => {
    const contains = await audit([{ field_name: 'log', op: 'contains', value: ['ALICE'] }]);
    const ncontains = await audit([{ field_name: 'log', op: 'ncontains', value: ['alice'] }]);
    expect(contains.total).toBeGreaterThan(0);
    expect(contains.total + ncontains.total).toBe(4500);
    const wildcard = await audit([{ field_name: 'resource', op: 'contains', value: ['*_set'], is_wildcard: true }]);
    expect(wildcard.list.every((row) => row.resource === 'index_set')).toBe(true);
    const eqWildcard = await audit([{ field_name: 'operator', op: 'eq', value: ['ca*'], is_wildcard: true }]);
    expect(eqWildcard.total).toBe(await sqlCount("operator = 'carol'", '2_bklog_audit'));
  });

  it('gt/gte/lt/lte compare numbers', async () => {
    const gt = await audit([{ field_name: 'gseIndex', op: 'gt', value: ['4000'] }]);
    const gte = await audit([{ field_name: 'gseIndex', op: 'gte', value: ['4000'] }]);
    const lt = await audit([{ field_name: 'gseIndex', op: 'lt', value: ['10'] }]);
    const lte = await audit([{ field_name: 'gseIndex', op: 'lte', value: ['10'] }]);
    expect([gt.total, gte.total, lt.total, lte.total]).toEqual([500, 501, 9, 10]);
  });

  it('existed / nexisted test presence', async () => {
    expect((await audit([{ field_name: 'operator', op: 'existed', value: [''] }])).total).toBe(4500);
    expect((await audit([{ field_name: 'status', op: 'nexisted', value: [''] }])).total).toBe(4500);
    expect((await audit([{ field_name: 'status', op: 'existed', value: [''] }])).total).toBe(0);
  });

  it('req / nreq match regular expressions', async () => {
    const req = await audit([{ field_name: 'action', op: 'req', value: ['^log(in|out)$'] }]);
    const nreq = await audit([{ field_name: 'action', op: 'nreq', value: ['^log(in|out)$'] }]);
    expect(req.list.every((row) => ['login', 'logout'].includes(String(row.action)))).toBe(true);
    expect(req.total + nreq.total).toBe(4500);
  });

  it('joins with condition_list and/or left to right', async () => {
    const both = await audit([eq('operator', 'alice'), eq('action', 'login')], ['and']);
    expect(both.total).toBe(await sqlCount("operator = 'alice' AND action = 'login'", '2_bklog_audit'));
    const either = await audit([eq('operator', 'alice'), eq('action', 'login')], ['or']);
    expect(either.total).toBe(await sqlCount("operator = 'alice' OR action = 'login'", '2_bklog_audit'));
  });

  it('answers 400 for an unknown operator', async () => {
    const answer = await post<{ error: string }>('query/ts/raw/', {
      query_list: [item('bklog_index_set_44', { conditions: { field_list: [{ field_name: 'a', op: 'like', value: ['x'] }], condition_list: [] } })],
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toContain('like');
  });
});

describe('scrolling', () => {
  it('scroll: 1m pages with trace_id and result_table_options until done with an empty list', async () => {
    const seen = new Set<unknown>();
    let answer = await raw([item('bklog_index_set_44')], { scroll: '1m', limit: 1000 });
    const traceId = answer.trace_id;
    // Keyed by `Query.TableUUID()`: the real result table and its storage id.
    expect(Object.keys(answer.result_table_options)).toEqual(['2_bklog_audit|3']);
    expect(answer.result_table_options['2_bklog_audit|3']).toMatchObject({ scroll_id: expect.stringMatching(/^scroll-/) as string, from: 1000 });
    // A scroll page's total is every match, not the rows of the page.
    expect(answer.total).toBe(4500);
    let pages = 0;
    while (answer.list.length > 0) {
      pages += 1;
      for (const row of answer.list) seen.add(row.__doc_id);
      answer = await raw([item('bklog_index_set_44')], { scroll: '1m', limit: 1000, trace_id: traceId, result_table_options: answer.result_table_options });
      expect(answer.trace_id).toBe(traceId);
    }
    expect(pages).toBe(5);
    expect(seen.size).toBe(4500);
    expect(answer).toMatchObject({ done: true, list: [], total: 4500 });
  });

  it('answers 400 for an unknown scroll_id', async () => {
    const answer = await post<{ error: string }>('query/ts/raw/', {
      query_list: [item('bklog_index_set_44')],
      scroll: '1m',
      result_table_options: { '2_bklog_audit|3': { scroll_id: 'scroll-nope' } },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toContain('scroll_id');
  });

  it('raw_with_scroll serves every slice until a call finds nothing; total is the rows of each call; clear_cache restarts', async () => {
    const body = {
      query_list: [item('bklog_index_set_44', { query_string: 'result:success' })],
      start_time: String(START),
      end_time: String(NOW),
      limit: 500,
      scroll: '5m',
      slice_max: 3,
    };
    const expected = await sqlCount("result = 'success'", '2_bklog_audit');
    const seen = new Set<unknown>();
    let answer = (await post<RawAnswer>('query/ts/raw_with_scroll/', { ...body, clear_cache: true })).body;
    expect(Object.keys(answer.result_table_options).sort()).toEqual(['2_bklog_audit|3|0', '2_bklog_audit|3|1', '2_bklog_audit|3|2']);
    expect(answer.result_table_options['2_bklog_audit|3|1']).toMatchObject({ slice_index: 1, slice_max: 3 });
    expect(answer.list.length).toBe(1500);
    const totals: number[] = [answer.total];
    for (let calls = 0; calls < 20 && !answer.done; calls += 1) {
      // bkmonitor-datalink scroll_test.go: `total` is the rows of that call (3, 3, 2, 0).
      expect(answer.total).toBe(answer.list.length);
      for (const row of answer.list) seen.add(row.__doc_id);
      answer = (await post<RawAnswer>('query/ts/raw_with_scroll/', { ...body, clear_cache: false })).body;
      totals.push(answer.total);
    }
    // `done` comes with the call that found nothing left, without result_table_options (omitempty).
    expect(answer).toMatchObject({ done: true, list: [], total: 0 });
    expect(answer).not.toHaveProperty('result_table_options');
    expect(totals.reduce((sum, total) => sum + total, 0)).toBe(expected);
    expect(seen.size).toBe(expected);
    // A finished session is cleared: the same query starts afresh.
    const again = (await post<RawAnswer>('query/ts/raw_with_scroll/', body)).body;
    expect(again.list).toHaveLength(1500);
    const restarted = (await post<RawAnswer>('query/ts/raw_with_scroll/', { ...body, clear_cache: true })).body;
    expect(restarted.list).toHaveLength(1500);
  });

  it('raw_with_scroll keeps one session per Bk-Query-Source, as unify-query keys it by user and query', async () => {
    const body = { query_list: [item('bklog_index_set_44')], start_time: String(START), end_time: String(NOW), limit: 100, scroll: '5m', slice_max: 1 };
    const alice = { ...scope, 'bk-query-source': 'username:alice' };
    const first = (await post<RawAnswer>('query/ts/raw_with_scroll/', body, alice)).body;
    const other = (await post<RawAnswer>('query/ts/raw_with_scroll/', body)).body;
    const second = (await post<RawAnswer>('query/ts/raw_with_scroll/', body, alice)).body;
    expect(other.list.map((row) => row.__doc_id)).toEqual(first.list.map((row) => row.__doc_id));
    expect(second.list[0]?.__doc_id).not.toBe(first.list[0]?.__doc_id);
  });
});

describe('query/ts and query/ts/reference', () => {
  it('counts terms by dimension with item limit and order_by -_value', async () => {
    const answer = await post<SeriesAnswer>('query/ts/reference/', {
      query_list: [item('bklog_index_set_43', { function: [{ method: 'count', dimensions: ['level'] }], limit: 2, field_name: 'dtEventTimeStamp' })],
      metric_merge: 'a',
      order_by: ['-_value'],
      start_time: String(START),
      end_time: String(NOW),
    });
    expect(answer.status).toBe(200);
    expect(answer.body.series).toHaveLength(2);
    // PromData.Fill names the tables `_result<n>`.
    expect(answer.body.series.map((series) => series.name)).toEqual(['_result0', '_result1']);
    const [top, second] = answer.body.series;
    expect(top).toMatchObject({ group_keys: ['level'], group_values: ['info'] });
    expect(top!.values).toHaveLength(1);
    expect(top!.values[0]![1]).toBe(await sqlCount("level = 'info'", '2_bklog_app_logs'));
    expect(second!.values[0]![1]).toBeLessThanOrEqual(top!.values[0]![1]);
  });

  it('builds a zero-filled date histogram whose buckets sum to the total', async () => {
    const answer = await post<SeriesAnswer>('query/ts/', {
      query_list: [item('bklog_index_set_42', { function: [{ method: 'count' }, { method: 'date_histogram', window: '1h' }], query_string: 'status:500' })],
      time_aggregation: {},
      metric_merge: 'a',
      order_by: [],
      start_time: String(START),
      end_time: String(NOW),
    });
    expect(answer.body.series).toHaveLength(1);
    const values = answer.body.series[0]!.values;
    expect(values.length).toBeGreaterThanOrEqual(24);
    for (let index = 1; index < values.length; index += 1) expect(values[index]![0] - values[index - 1]![0]).toBe(3_600_000);
    expect(values.reduce((sum, [, count]) => sum + count, 0)).toBe(await sqlCount('status = 500'));
  });

  it('splits a histogram by dimensions and supports other aggregates', async () => {
    const split = await post<SeriesAnswer>('query/ts/', {
      query_list: [
        item('bklog_index_set_44', {
          function: [
            { method: 'count', dimensions: ['result'] },
            { method: 'date_histogram', window: '6h' },
          ],
        }),
      ],
      start_time: String(START),
      end_time: String(NOW),
    });
    expect(split.body.series.map((series) => series.group_values)).toEqual([['failure'], ['success']]);
    const max = await post<SeriesAnswer>('query/ts/', {
      query_list: [item('bklog_index_set_44', { function: [{ method: 'max' }], field_name: 'gseIndex' })],
      start_time: String(START),
      end_time: String(NOW),
    });
    expect(max.body.series[0]!.values[0]![1]).toBe(4500);
  });

  it('takes windows as unify-query parses them: weeks and combined units, not a second-less histogram', async () => {
    const week = await post<SeriesAnswer>('query/ts/', {
      query_list: [item('bklog_index_set_44', { function: [{ method: 'count' }, { method: 'date_histogram', window: '1w' }] })],
      start_time: String(START),
      end_time: String(NOW),
    });
    expect(week.status).toBe(200);
    for (const [time] of week.body.series[0]!.values) expect(time % 604_800_000).toBe(0);
    const combined = await post<SeriesAnswer>('query/ts/', {
      query_list: [item('bklog_index_set_44', { function: [{ method: 'count' }, { method: 'date_histogram', window: '1h30m' }] })],
      start_time: String(START),
      end_time: String(NOW),
    });
    expect(combined.status).toBe(200);
    for (const [time] of combined.body.series[0]!.values) expect(time % 5_400_000).toBe(0);
    // model.ParseDuration takes units largest first only, and Elasticsearch no interval under a second.
    for (const window of ['30m1h', '1W', '500ms']) {
      expect(
        (
          await post('query/ts/', {
            query_list: [item('bklog_index_set_44', { function: [{ method: 'count' }, { method: 'date_histogram', window }] })],
            start_time: String(START),
            end_time: String(NOW),
          })
        ).status,
      ).toBe(400);
    }
  });

  it('answers 400 for a bad window or method', async () => {
    for (const fn of [[{ method: 'date_histogram', window: 'soon' }], [{ method: 'percentile' }]]) {
      expect((await post('query/ts/', { query_list: [item('bklog_index_set_44', { function: fn })] })).status).toBe(400);
    }
  });
});

describe('query/ts/info/field_map', () => {
  it('lists the fields of a table', async () => {
    const answer = await post<{ data: Row[] }>('query/ts/info/field_map/', {
      data_source: 'bklog',
      table_id: 'bklog_index_set_42',
      start_time: String(START),
      end_time: String(NOW),
      bk_biz_id: 2,
    });
    expect(answer.status).toBe(200);
    const log = answer.body.data.find((field) => field.field_name === 'log');
    expect(log).toMatchObject({ field_type: 'text', is_agg: false, is_analyzed: true, is_case_sensitive: false });
    expect(answer.body.data.find((field) => field.field_name === 'status')).toMatchObject({
      field_type: 'integer',
      is_agg: true,
      is_analyzed: false,
      tokenize_on_chars: [],
    });
    expect(answer.body.data.map((field) => field.field_name)).toContain('dtEventTimeStamp');
    // FieldOption's keys, as handler_test.go "test field map in es" shows them (no field_alias).
    expect(Object.keys(log ?? {})).toEqual([
      'alias_name',
      'field_name',
      'field_type',
      'origin_field',
      'is_agg',
      'is_analyzed',
      'is_case_sensitive',
      'tokenize_on_chars',
    ]);
    expect((await post('query/ts/info/field_map/', { table_id: 'bklog_index_set_1' })).status).toBe(400);
  });
});

describe("answers shaped by unify-query's structs (full and minimal)", () => {
  let minimal: Sandbox;
  beforeAll(async () => {
    minimal = await startSandbox({ now: NOW, answers: 'minimal', recordCount: 3000 });
  });
  afterAll(async () => {
    await minimal.close();
  });
  const postTo = <T = Row>(target: Sandbox, path: string, body: unknown): Promise<JsonAnswer<T>> =>
    sendJson<T>(target, `${target.roots.legacy.unifyQuery}${path}`, body, { headers: scope });
  const rawBody = { query_list: [item('bklog_index_set_44')], start_time: String(START), end_time: String(NOW), limit: 2 };
  const seriesBody = { query_list: [item('bklog_index_set_44', { function: [{ method: 'count' }] })], start_time: String(START), end_time: String(NOW) };

  it('query/ts: PromData never carries status on success; trace_id and result_table_id are omitempty', async () => {
    for (const path of ['query/ts/', 'query/ts/reference/']) {
      const full = await postTo(sandbox, path, seriesBody);
      expect(Object.keys(full.body)).toEqual(['series', 'trace_id', 'is_partial', 'result_table_id']);
      const bare = await postTo(minimal, path, seriesBody);
      // handler_test.go TestQueryReferenceWithHandler: {"series":[...],"is_partial":false}
      expect(Object.keys(bare.body)).toEqual(['series', 'is_partial']);
      expect(Object.keys((bare.body.series as Row[])[0] ?? {})).toEqual(['name', 'metric_name', 'columns', 'types', 'group_keys', 'group_values', 'values']);
    }
  });

  it('query/ts/raw: ListData with status null (newer servers) or left out (before 2025-09)', async () => {
    const full = await postTo(sandbox, 'query/ts/raw/', rawBody);
    expect(Object.keys(full.body)).toEqual(['total', 'list', 'done', 'trace_id', 'status', 'result_table_options', 'result_table_id']);
    expect(full.body.status).toBeNull();
    const bare = await postTo(minimal, 'query/ts/raw/', rawBody);
    expect(Object.keys(bare.body)).toEqual(['total', 'list', 'done', 'result_table_options']);
  });

  it('raw_with_scroll and field_map leave out what is omitempty', async () => {
    const slice = await postTo(minimal, 'query/ts/raw_with_scroll/', { ...rawBody, scroll: '5m', slice_max: 2, clear_cache: true });
    expect(Object.keys(slice.body)).toEqual(['total', 'list', 'done', 'result_table_options']);
    expect(slice.body.total).toBe(4);
    const fields = await postTo(minimal, 'query/ts/info/field_map/', { table_id: 'bklog_index_set_44' });
    expect(Object.keys(fields.body)).toEqual(['data']);
  });

  it('a failure is HTTP 400 {trace_id, error}; trace_id is omitempty', async () => {
    const full = await postTo(sandbox, 'query/ts/raw/', { query_list: [item('bklog_index_set_99')] });
    expect(full.status).toBe(400);
    expect(Object.keys(full.body)).toEqual(['trace_id', 'error']);
    const bare = await postTo(minimal, 'query/ts/raw/', { query_list: [item('bklog_index_set_99')] });
    expect(bare.status).toBe(400);
    expect(bare.body).toEqual({ error: 'table_id not found: bklog_index_set_99' });
  });
});
