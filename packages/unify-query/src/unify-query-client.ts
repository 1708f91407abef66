import { lazyImport } from '@x/core-client';
import type { BkClient, CallOptions } from '@x/core-client';
import type { UnifyQueryFieldMapParams, UnifyQueryFieldMapResult } from './endpoints/unify-query-field-map.js';
import type { UnifyQueryLogRow, UnifyQueryRawParams, UnifyQueryRawResult, UnifyQueryRawWithScrollParams } from './endpoints/unify-query-raw.js';
import type { UnifyQueryTsParams, UnifyQueryTsResult } from './endpoints/unify-query-ts.js';
import { histogramOf, termsOf } from './unify-query-aggregations.js';
import type { UnifyQueryHistogram, UnifyQueryHistogramOptions, UnifyQueryTerms, UnifyQueryTermsOptions } from './unify-query-aggregations.js';
import { checkRows } from './unify-query-rows.js';
import type { UnifyQueryRowOptions } from './unify-query-rows.js';
import { scrollRows, scrollSliceRows } from './unify-query-scroll.js';
import type { UnifyQueryScrollOptions, UnifyQuerySliceOptions } from './unify-query-scroll.js';
import { createUnifyQueryCoreClient } from './unify-query-settings.js';
import type { UnifyQuerySettings } from './unify-query-settings.js';

/**
 * Options of `queryTsRaw` and `queryTsRawWithScroll`: the core call options, and `rowSchema` to
 * type and check the rows of `list` (a row that does not fit is a ValidationError naming
 * `list[<i>].<field>`).
 */
export interface UnifyQueryRawCallOptions<Row = UnifyQueryLogRow> extends CallOptions, UnifyQueryRowOptions<Row> {}

/**
 * A unify-query client (spec §6). One casing rule per layer: the endpoint methods (`queryTs`,
 * `queryTsRaw`, ...) take and return unify-query's wire names (snake_case), as bklog callers
 * write them; our helpers (`buildQuery`'s options, `scroll`/`scrollSlices` options and `onPage`,
 * `histogram`, `terms`) take and return camelCase. The `query` the helpers take is a wire body —
 * what `buildQuery` returns and the endpoints take — and rows are the documents as stored.
 */
export interface UnifyQueryClient {
  /**
   * Time series (`query/ts/`), e.g. dashboards: `function` aggregates, `time_aggregation` windows.
   * @example
   * const { series } = await unifyQuery.queryTs({ ...buildQuery({ indexSetIds: [42], bkBizId: 2, start, end }), query_list: [{ ...item, function: [{ method: 'count' }] }] });
   */
  readonly queryTs: (params: UnifyQueryTsParams, options?: CallOptions) => Promise<UnifyQueryTsResult>;
  /**
   * Non-time-series aggregations (`query/ts/reference/`): counts, terms, histograms.
   * @example
   * const { series } = await unifyQuery.queryTsReference(query);
   */
  readonly queryTsReference: (params: UnifyQueryTsParams, options?: CallOptions) => Promise<UnifyQueryTsResult>;
  /**
   * Raw log rows (`query/ts/raw/`): `from`/`limit` pages, a scroll page, or a search-after page.
   * @example
   * const { total, list } = await unifyQuery.queryTsRaw(buildQuery({ indexSetIds: [42], bkBizId: 2, start, end, limit: 50 }));
   * // Rows of your type, each checked:
   * const page = await unifyQuery.queryTsRaw(query, { rowSchema: z.looseObject({ level: z.string(), log: z.string() }) });
   * page.list?.[0]?.level; // string
   */
  readonly queryTsRaw: <Row = UnifyQueryLogRow>(params: UnifyQueryRawParams, options?: UnifyQueryRawCallOptions<Row>) => Promise<UnifyQueryRawResult<Row>>;
  /**
   * One call of a sliced export (`query/ts/raw_with_scroll/`); see `scrollSlices` for the loop.
   * @example
   * const page = await unifyQuery.queryTsRawWithScroll({ ...query, scroll: '5m', slice_max: 3, clear_cache: true });
   */
  readonly queryTsRawWithScroll: <Row = UnifyQueryLogRow>(
    params: UnifyQueryRawWithScrollParams,
    options?: UnifyQueryRawCallOptions<Row>,
  ) => Promise<UnifyQueryRawResult<Row>>;
  /**
   * The fields of a table (`query/ts/info/field_map/`).
   * @example
   * const { data } = await unifyQuery.queryFieldMap({ data_source: 'bklog', table_id: 'bklog_index_set_42', bk_biz_id: 2, start_time: String(start), end_time: String(end) });
   */
  readonly queryFieldMap: (params: UnifyQueryFieldMapParams, options?: CallOptions) => Promise<UnifyQueryFieldMapResult>;
  /**
   * Every row of a raw query across scroll pages (`scroll: '1m'`, `trace_id` and
   * `result_table_options` passed back), page by page; stops on `done`, an empty page or `maxRecords`.
   * @example
   * for await (const row of unifyQuery.scroll(query, { maxRecords: 100_000 })) await sink.write(row);
   * for await (const row of unifyQuery.scroll(query, { rowSchema: z.looseObject({ level: z.string() }) })) console.log(row.level);
   */
  readonly scroll: <Row = UnifyQueryLogRow>(query: UnifyQueryRawParams, options?: UnifyQueryScrollOptions<Row>) => AsyncIterable<Row>;
  /**
   * Every row of a sliced export (`raw_with_scroll`, `scroll: '5m'`, `slice_max`, `clear_cache` on
   * the first call); stops on `done`, an empty page or `maxRecords`.
   * @example
   * for await (const row of unifyQuery.scrollSlices(query, { sliceMax: 3 })) await sink.write(row);
   */
  readonly scrollSlices: <Row = UnifyQueryLogRow>(query: UnifyQueryRawWithScrollParams, options?: UnifyQuerySliceOptions<Row>) => AsyncIterable<Row>;
  /**
   * Row counts per time window (date_histogram count over `query/ts/reference/`).
   * @example
   * const { buckets } = await unifyQuery.histogram(query, { interval: '5m' }); // [{ time, count }]
   */
  readonly histogram: (query: UnifyQueryTsParams, options?: UnifyQueryHistogramOptions) => Promise<UnifyQueryHistogram>;
  /**
   * The most frequent values of a field (terms aggregation over `query/ts/reference/`).
   * @example
   * const { buckets } = await unifyQuery.terms(query, { field: 'level', size: 5 }); // [{ value, count }]
   */
  readonly terms: (query: UnifyQueryTsParams, options: UnifyQueryTermsOptions) => Promise<UnifyQueryTerms>;
  /**
   * The underlying core client, for calls of your own: `defineUnifyQueryEndpoints` of
   * `@x/unify-query/endpoints` gives the definitions this client calls.
   */
  readonly client: BkClient;
  /** Closes the client's connections. */
  readonly close: () => Promise<void>;
}

/**
 * Creates a unify-query client. Never throws: the root and the credentials are read at the first call.
 * @example
 * import { buildQuery, createUnifyQuery } from '@x/unify-query';
 * const unifyQuery = createUnifyQuery({ baseUrl: 'http://bkapi.example.com/api/bk-unify-query/', username: 'admin' });
 * const query = buildQuery({ indexSetIds: [42], bkBizId: 2, start: Date.now() - 3_600_000, end: Date.now(), limit: 100 });
 * for await (const row of unifyQuery.scroll(query, { maxRecords: 1_000 })) console.log(row.log);
 * await unifyQuery.close();
 */
export function createUnifyQuery(settings: UnifyQuerySettings = {}): UnifyQueryClient {
  const client = createUnifyQueryCoreClient(settings);
  // The endpoints (and zod, their schemas) load with the first call, not with the import.
  const endpoints = lazyImport(async () =>
    (await import('./unify-query-endpoints.js')).defineUnifyQueryEndpoints({ resolveSpaceUid: settings.resolveSpaceUid }),
  );
  const withRows =
    (name: 'queryTsRaw' | 'queryTsRawWithScroll') =>
    async <Row>(
      params: UnifyQueryRawParams & UnifyQueryRawWithScrollParams,
      options: UnifyQueryRawCallOptions<Row> = {},
    ): Promise<UnifyQueryRawResult<Row>> => {
      const { rowSchema, ...callOptions } = options;
      const endpoint = (await endpoints())[name];
      const page = await client.call(endpoint, params, callOptions);
      if (rowSchema === undefined || page.list === null || page.list === undefined) return page as UnifyQueryRawResult<Row>;
      return { ...page, list: await checkRows(page.list, rowSchema, { endpoint: endpoint.name, root: 'list' }) };
    };
  const queryTsRaw: UnifyQueryClient['queryTsRaw'] = withRows('queryTsRaw');
  const queryTsRawWithScroll: UnifyQueryClient['queryTsRawWithScroll'] = withRows('queryTsRawWithScroll');
  const queryTsReference = async (params: UnifyQueryTsParams, options?: CallOptions): Promise<UnifyQueryTsResult> =>
    client.call((await endpoints()).queryTsReference, params, options);
  return {
    queryTs: async (params, options) => client.call((await endpoints()).queryTs, params, options),
    queryTsReference,
    queryTsRaw,
    queryTsRawWithScroll,
    queryFieldMap: async (params, options) => client.call((await endpoints()).queryFieldMap, params, options),
    scroll: (query, options) => scrollRows(queryTsRaw, query, options),
    scrollSlices: (query, options) => scrollSliceRows(queryTsRawWithScroll, query, options),
    histogram: (query, options) => histogramOf(queryTsReference, query, options),
    terms: (query, options) => termsOf(queryTsReference, query, options),
    client,
    close: () => client.close(),
  };
}
