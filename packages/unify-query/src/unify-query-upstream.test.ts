import { runWithContext } from '@x/core-client';
import { ApiRequestError } from '@x/errors';
import { useUpstreamServer } from '@x/sandbox/vitest';
import type { UpstreamServer } from '@x/sandbox/vitest';
import { describe, expect, it } from 'vitest';
import type { UnifyQueryRawParams, UnifyQueryRow } from './endpoints/unify-query-raw.js';
import type { UnifyQueryTsParams } from './endpoints/unify-query-ts.js';
import { upstreamFixture, upstreamSettings } from './test-support/unify-query-test-settings.js';
import { createUnifyQuery } from './unify-query-client.js';
import type { UnifyQueryScrollPage } from './unify-query-scroll.js';

// Answers recorded from unify-query's own handler tests (TencentBlueKing/bkmonitor-datalink
// pkg/unify-query/service/http/*_test.go) and from bklog's test mocks, served by a plain node:http
// server: the client must take what the real server sends, whatever our sandbox does.

const query: UnifyQueryTsParams & UnifyQueryRawParams = {
  query_list: [{ data_source: 'bklog', reference_name: 'a', table_id: 'bklog_index_set_42', query_string: '*' }],
  bk_biz_id: 2,
  start_time: '1761980445276',
  end_time: '1764572445277',
};

const serve = useUpstreamServer();

/** A server answering every request with one fixture's body. */
async function serveFixture(name: string): Promise<UpstreamServer> {
  const { body } = upstreamFixture(name);
  return serve({ body });
}

describe('query/ts and query/ts/reference answers (PromData: status omitempty)', () => {
  it('queryTsReference takes a success answer without status (handler_test.go TestQueryReferenceWithHandler)', async () => {
    const server = await serveFixture('query-ts-reference');
    const unifyQuery = createUnifyQuery(upstreamSettings(server));
    const answer = await unifyQuery.queryTsReference(query);
    expect(answer).not.toHaveProperty('status');
    expect(answer.is_partial).toBe(false);
    expect(answer.series?.map((series) => [series.name, series.group_values?.[0], series.values?.[0]?.[1]])).toEqual([
      ['_result0', '10.0.6.18', 24],
      ['_result1', '10.0.6.33', 42821],
      ['_result2', '10.0.6.4', 48],
      ['_result3', '10.0.7.93', 13961116],
    ]);
    expect(server.requests[0]?.path).toBe('/query/ts/reference/');
    await unifyQuery.close();
  });

  it('queryTs takes a success answer without status, and an empty series list', async () => {
    const server = await serveFixture('query-ts');
    const unifyQuery = createUnifyQuery(upstreamSettings(server));
    const answer = await unifyQuery.queryTs(query);
    expect(answer.series?.[0]).toMatchObject({ name: '_result0', metric_name: '', columns: ['_time', '_value'], group_keys: ['bcs_cluster_id'] });
    expect(answer.series?.[0]?.values).toHaveLength(7);
    const empty = createUnifyQuery(upstreamSettings(await serveFixture('query-ts-empty')));
    expect(await empty.queryTs(query)).toEqual({ series: [], is_partial: false });
    await unifyQuery.close();
    await empty.close();
  });

  it('histogram() and terms() work on those answers', async () => {
    const histogramServer = await serveFixture('query-ts');
    const histogramClient = createUnifyQuery(upstreamSettings(histogramServer));
    const histogram = await histogramClient.histogram(query, { interval: '10m' });
    expect(histogram.buckets.map((bucket) => bucket.count)).toEqual([2042, 2056, 1995, 2008, 1978, 2001, 2052]);
    const termsServer = await serveFixture('query-ts-reference');
    const termsClient = createUnifyQuery(upstreamSettings(termsServer));
    const terms = await termsClient.terms(query, { field: 'serverIp', size: 2 });
    expect(terms.buckets).toEqual([
      { value: '10.0.7.93', count: 13961116 },
      { value: '10.0.6.33', count: 42821 },
    ]);
    await histogramClient.close();
    await termsClient.close();
  });
});

describe('raw answers (ListData: status omitempty before 2025-09, null since)', () => {
  it('queryTsRaw takes the answer of a current server (status null; handler_test.go TestQueryRawWithHandler)', async () => {
    const unifyQuery = createUnifyQuery(upstreamSettings(await serveFixture('query-ts-raw')));
    const page = await unifyQuery.queryTsRaw(query);
    expect(page).toMatchObject({ total: 20, done: false, status: null });
    expect(page.list?.map((row) => row.__doc_id)).toEqual(['4', '2']);
    expect(Object.keys(page.result_table_options ?? {})).toEqual(['nano.millisecond|3', 'nano.nano|3']);
    await unifyQuery.close();
  });

  it('queryTsRaw takes the answers bklog mocks: no status, no total, no done (test_chart.py, test_scene_search.py)', async () => {
    for (const name of ['query-ts-raw-bklog-mock', 'query-ts-raw-scene-bklog-mock']) {
      const fixture = upstreamFixture<Record<string, unknown>>(name);
      const unifyQuery = createUnifyQuery(upstreamSettings(await serveFixture(name)));
      expect(await unifyQuery.queryTsRaw(query)).toEqual(fixture.body);
      await unifyQuery.close();
    }
  });

  it('queryTsRaw keeps a status {code, message} sent next to the rows', async () => {
    const unifyQuery = createUnifyQuery(upstreamSettings(await serveFixture('query-ts-raw-partial-bklog-mock')));
    const page = await unifyQuery.queryTsRaw(query);
    expect(page.status).toEqual({ code: 'QUERY_RAW_PARTIAL', message: '结果表没有配置存储，请先配置入库' });
    expect(page.list).toEqual([]);
    await unifyQuery.close();
  });

  it('queryTsRawWithScroll takes an answer without status or total (test_chart.py)', async () => {
    const unifyQuery = createUnifyQuery(upstreamSettings(await serveFixture('query-ts-raw-with-scroll-bklog-mock')));
    const page = await unifyQuery.queryTsRawWithScroll({ ...query, scroll: '5m', slice_max: 3, clear_cache: true });
    expect(page).toMatchObject({ done: true, list: [{ field: 'value' }] });
    expect(page).not.toHaveProperty('status');
    await unifyQuery.close();
  });
});

describe('field map answers', () => {
  it('queryFieldMap takes {data: [FieldOption]} without trace_id (handler_test.go "test field map in es")', async () => {
    const unifyQuery = createUnifyQuery(upstreamSettings(await serveFixture('query-field-map')));
    const { data } = await unifyQuery.queryFieldMap({ data_source: 'bklog', table_id: 'result_table.unify_query' });
    expect(data).toHaveLength(22);
    expect(data?.find((field) => field.field_name === 'log')).toEqual({
      alias_name: '',
      field_name: 'log',
      field_type: 'text',
      origin_field: 'log',
      is_agg: false,
      is_analyzed: true,
      is_case_sensitive: false,
      tokenize_on_chars: [],
    });
    await unifyQuery.close();
  });

  it('queryFieldMap takes a scene answer with fields and no data (test_scene_search.py)', async () => {
    const unifyQuery = createUnifyQuery(upstreamSettings(await serveFixture('query-field-map-scene-bklog-mock')));
    const answer = await unifyQuery.queryFieldMap({ table_id: '' });
    expect(Object.keys(answer.fields ?? {})).toEqual(['log', 'status']);
    expect(answer.data).toBeUndefined();
    await unifyQuery.close();
  });
});

describe('error bodies (response.go ErrResponse: HTTP 400 {trace_id omitempty, error})', () => {
  it('is an ApiRequestError with the error text, with or without a trace id', async () => {
    const traced = await serve(() => ({ status: 400, body: { trace_id: '3967ac0f1648bf0216b27631730d7eb9', error: 'tableID is empty' } }));
    const untraced = await serve(() => ({ status: 400, body: { error: 'tableID is empty' } }));
    for (const [server, traceId] of [
      [traced, '3967ac0f1648bf0216b27631730d7eb9'],
      [untraced, undefined],
    ] as const) {
      const unifyQuery = createUnifyQuery(upstreamSettings(server));
      const error = await unifyQuery.queryTsReference(query).catch((caught: unknown) => caught);
      expect(ApiRequestError.isInstance(error)).toBe(true);
      expect((error as ApiRequestError).status).toBe(400);
      expect((error as ApiRequestError).message).toContain('tableID is empty');
      expect((error as ApiRequestError).traceId).toBe(traceId);
      await unifyQuery.close();
    }
  });
});

describe('Bk-Query-Source (bk-monitor bklog/apps/api/modules/unify_query.py add_unify_query_header_before)', () => {
  it('is backend without a request user, although the client has a backend username', async () => {
    const server = await serveFixture('query-ts-raw');
    const unifyQuery = createUnifyQuery(upstreamSettings(server, { username: 'admin' }));
    await unifyQuery.queryTsRaw(query);
    const [request] = server.requests;
    expect(request?.headers['bk-query-source']).toBe('backend');
    // The backend account still acts in the auth header and the body, as bklog's admin does.
    expect(JSON.parse(String(request?.headers['x-bkapi-authorization']))).toMatchObject({ bk_username: 'admin' });
    expect(request?.body).toMatchObject({ bk_username: 'admin', operator: 'admin' });
    await unifyQuery.close();
  });

  it('is username:<name> for the user of the request context', async () => {
    const server = await serveFixture('query-ts-raw');
    const unifyQuery = createUnifyQuery(upstreamSettings(server, { username: 'admin' }));
    await runWithContext({ username: 'alice' }, () => unifyQuery.queryTsRaw(query));
    await runWithContext({ tenantId: 'system' }, () => unifyQuery.queryTsRaw(query));
    // A user given for one call is the request's user too (identity per call), over the context's.
    await runWithContext({ username: 'alice' }, () => unifyQuery.queryTsRaw(query, { username: 'bob' }));
    expect(server.requests.map((request) => request.headers['bk-query-source'])).toEqual(['username:alice', 'backend', 'username:bob']);
    await unifyQuery.close();
  });
});

describe('scroll progress totals', () => {
  it('scrollSlices reports the rows of each call and no match count: raw_with_scroll total is per call (scroll_test.go 3, 3, 2, 0)', async () => {
    const session = upstreamFixture<Record<string, unknown>[]>('query-ts-raw-with-scroll-session').body;
    const server = await serve((request) => ({ body: session[server.requests.indexOf(request)] ?? session.at(-1) }));
    const unifyQuery = createUnifyQuery(upstreamSettings(server));
    const pages: UnifyQueryScrollPage[] = [];
    const rows: UnifyQueryRow[] = [];
    for await (const row of unifyQuery.scrollSlices(query, { sliceMax: 3, pageSize: 10, onPage: (page) => pages.push(page) })) rows.push(row);
    expect(rows.map((row) => row.__doc_id)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect(pages).toEqual([
      { page: 1, rows: 3, rowsSoFar: 3, total: undefined, done: false },
      { page: 2, rows: 3, rowsSoFar: 6, total: undefined, done: false },
      { page: 3, rows: 2, rowsSoFar: 8, total: undefined, done: false },
      { page: 4, rows: 0, rowsSoFar: 8, total: undefined, done: true },
    ]);
    expect(server.requests.map((request) => request.body.clear_cache)).toEqual([true, false, false, false]);
    await unifyQuery.close();
  });

  it('scroll reports the server total of matching rows on every page', async () => {
    const row = (id: number): Record<string, unknown> => ({ __doc_id: String(id), log: `line ${id}` });
    // ListData of a current server (status null); `total` of query/ts/raw counts every match.
    const answers = [
      { total: 5, list: [row(1), row(2), row(3)], done: false, status: null, result_table_options: { 'nano.nano|3': { scroll_id: 'scroll_id_0' } } },
      { total: 5, list: [row(4), row(5)], done: true, status: null, result_table_options: { 'nano.nano|3': { scroll_id: 'scroll_id_0_next' } } },
    ];
    const server = await serve((request) => ({ body: answers[server.requests.indexOf(request)] }));
    const unifyQuery = createUnifyQuery(upstreamSettings(server));
    const pages: UnifyQueryScrollPage[] = [];
    let count = 0;
    for await (const _row of unifyQuery.scroll(query, { pageSize: 3, onPage: (page) => pages.push(page) })) count += 1;
    expect(count).toBe(5);
    expect(pages.map((page) => [page.rowsSoFar, page.total])).toEqual([
      [3, 5],
      [5, 5],
    ]);
    expect(server.requests[1]?.body.result_table_options).toEqual({ 'nano.nano|3': { scroll_id: 'scroll_id_0' } });
    await unifyQuery.close();
  });
});
