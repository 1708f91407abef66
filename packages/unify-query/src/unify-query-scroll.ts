import type { CallOptions } from '@x/core-client';
import type { UnifyQueryLogRow, UnifyQueryRawParams, UnifyQueryRawResult, UnifyQueryRawWithScrollParams } from './endpoints/unify-query-raw.js';
import { checkRows } from './unify-query-rows.js';
import type { UnifyQueryRowOptions } from './unify-query-rows.js';

/**
 * Options of {@link scrollRows}; `rowSchema` types and checks the rows (a row that does not fit is
 * a ValidationError naming `rows[<n>]`, `n` counted across pages).
 */
export interface UnifyQueryScrollOptions<Row = UnifyQueryLogRow> extends UnifyQueryRowOptions<Row> {
  /**
   * Stop after this many rows (the last page is cut).
   * @default no limit (bklog's exports stop at 2 000 000, quick exports at 5 000 000)
   */
  readonly maxRecords?: number | undefined;
  /**
   * Rows per page (`limit`). unify-query applies it to each result table of the query, so a page
   * of a query over three tables can hold up to three times this many rows.
   * @default the query's `limit`, else 1000
   */
  readonly pageSize?: number | undefined;
  /**
   * The scroll keep-alive.
   * @default '1m' (scroll) / '5m' (slices), as bklog sends
   */
  readonly keepAlive?: string | undefined;
  /** Options of every page's call (`signal`, `timeout`, `tenantId`...). */
  readonly callOptions?: Omit<CallOptions, 'raw'> | undefined;
  /**
   * Called after each page arrives and before its rows are yielded, for progress. `rowsSoFar`
   * counts the rows received; `total` is the server's count of matching rows where the endpoint
   * gives one (`scroll`), and `undefined` for `scrollSlices`, whose `total` counts only the rows of
   * each call. An exception thrown here ends the scroll with that exception.
   * @example onPage: ({ rowsSoFar, total }) => console.error(`${rowsSoFar} of ${total ?? '?'}`)
   */
  readonly onPage?: ((page: UnifyQueryScrollPage) => void) | undefined;
}

/** What {@link UnifyQueryScrollOptions.onPage} is told about each page. */
export interface UnifyQueryScrollPage {
  /** 1 for the first page. */
  readonly page: number;
  /** Rows in this page's `list` (before a `maxRecords` cut). */
  readonly rows: number;
  /** Rows received so far, this page's included (before a `maxRecords` cut). */
  readonly rowsSoFar: number;
  /**
   * The rows matching the query, as the server counts them, when the endpoint says:
   * - `scroll` (`query/ts/raw/`): the answer's `total`, the storage's count summed over tables
   *   (Elasticsearch counts exactly up to 10 000 by default, a lower bound past it).
   * - `scrollSlices` (`query/ts/raw_with_scroll/`): always `undefined`. That endpoint's `total` is
   *   the number of rows of that one call (bkmonitor-datalink `queryRawWithScroll` sums each
   *   slice's rows; its `scroll_test.go` expects 3, 3, 2, 0 across a session), not a count of matches, and
   *   adding the calls' values up only gives `rowsSoFar` again.
   */
  readonly total: number | undefined;
  /** Whether the server said this is the last page (`done`). */
  readonly done: boolean;
}

/** Options of {@link scrollSliceRows}. */
export interface UnifyQuerySliceOptions<Row = UnifyQueryLogRow> extends UnifyQueryScrollOptions<Row> {
  /**
   * Slices per table, read in parallel by unify-query (`slice_max`; bklog: 3 for a quick export, else 0).
   * @default 3
   */
  readonly sliceMax?: number | undefined;
}

/** Calls one raw endpoint. */
export type RawPageCall<Params> = (params: Params, options: Omit<CallOptions, 'raw'>) => Promise<UnifyQueryRawResult<unknown>>;

const DEFAULT_PAGE_SIZE = 1000;

/** Tells `onPage` about a page; `total` is the count of matching rows, when the endpoint gives one. Returns the rows so far. */
function reportPage(
  options: UnifyQueryScrollOptions<unknown>,
  index: number,
  page: UnifyQueryRawResult<unknown>,
  rowsBefore: number,
  total: number | undefined,
): number {
  const rows = page.list?.length ?? 0;
  options.onPage?.({ page: index, rows, rowsSoFar: rowsBefore + rows, total, done: page.done === true });
  return rowsBefore + rows;
}

function limitOf(maxRecords: number | undefined): number {
  return maxRecords === undefined ? Number.POSITIVE_INFINITY : Math.max(0, Math.floor(maxRecords));
}

/**
 * Every row of a raw query across scroll pages (`query/ts/raw/` with `scroll`), passing each
 * answer's `trace_id` and `result_table_options` to the next request. Stops when the server says
 * `done`, a page is empty, or `maxRecords` rows were yielded. Only the current page is held.
 */
export async function* scrollRows<Row = UnifyQueryLogRow>(
  call: RawPageCall<UnifyQueryRawParams>,
  query: UnifyQueryRawParams,
  options: UnifyQueryScrollOptions<Row> = {},
): AsyncGenerator<Row, void, undefined> {
  const maxRecords = limitOf(options.maxRecords);
  if (maxRecords === 0) return;
  const base: UnifyQueryRawParams = { ...query, scroll: options.keepAlive ?? '1m', limit: options.pageSize ?? query.limit ?? DEFAULT_PAGE_SIZE };
  let params = base;
  let yielded = 0;
  let received = 0;
  for (let index = 1; ; index += 1) {
    const page = await call(params, options.callOptions ?? {});
    const before = received;
    received = reportPage(options, index, page, received, page.total ?? undefined);
    const rows = await checkRows(page.list ?? [], options.rowSchema, { endpoint: 'scroll', root: 'rows', first: before });
    if (rows.length === 0) return;
    for (const row of rows) {
      yield row;
      yielded += 1;
      if (yielded >= maxRecords) return;
    }
    if (page.done === true) return;
    const traceId = page.trace_id ?? params.trace_id;
    const tableOptions = page.result_table_options ?? params.result_table_options;
    params = {
      ...base,
      ...(traceId === undefined ? {} : { trace_id: traceId }),
      ...(tableOptions === undefined ? {} : { result_table_options: tableOptions }),
    };
  }
}

/**
 * Every row of a sliced export (`query/ts/raw_with_scroll/`): `scroll: '5m'`, `slice_max`, and
 * `clear_cache: true` on the first call only (bklog's async export loop). Stops on `done`, an
 * empty page or `maxRecords`. Only the current page is held.
 */
export async function* scrollSliceRows<Row = UnifyQueryLogRow>(
  call: RawPageCall<UnifyQueryRawWithScrollParams>,
  query: UnifyQueryRawWithScrollParams,
  options: UnifyQuerySliceOptions<Row> = {},
): AsyncGenerator<Row, void, undefined> {
  const maxRecords = limitOf(options.maxRecords);
  if (maxRecords === 0) return;
  const base: UnifyQueryRawWithScrollParams = {
    ...query,
    scroll: options.keepAlive ?? '5m',
    slice_max: options.sliceMax ?? query.slice_max ?? 3,
    limit: options.pageSize ?? query.limit ?? DEFAULT_PAGE_SIZE,
  };
  let first = true;
  let yielded = 0;
  let received = 0;
  for (let index = 1; ; index += 1) {
    const page = await call({ ...base, clear_cache: first }, options.callOptions ?? {});
    first = false;
    // raw_with_scroll's `total` is the rows of this call only (see UnifyQueryScrollPage.total).
    const before = received;
    received = reportPage(options, index, page, received, undefined);
    const rows = await checkRows(page.list ?? [], options.rowSchema, { endpoint: 'scrollSlices', root: 'rows', first: before });
    if (rows.length === 0) return;
    for (const row of rows) {
      yield row;
      yielded += 1;
      if (yielded >= maxRecords) return;
    }
    if (page.done === true) return;
  }
}
