import type { CallOptions } from '../client/client-settings.js';
import { DEFAULT_CONCURRENCY, DEFAULT_PAGE_LIMIT } from '../client/normalize-settings.js';
import type { RequestContext } from '../context/request-context.js';
import type { Endpoint, WireParams } from '../endpoint/define-endpoint.js';
import { copyParams } from '../request/copy-params.js';
import { defaultPageCount, defaultPageData, firstPageParams, nthPageParams, pageTotal, positiveInteger } from './page-params.js';

/** Calls one endpoint in a given request context. */
export type ContextCall = (endpoint: Endpoint, params: WireParams, options: CallOptions, context: RequestContext | undefined) => Promise<unknown>;

/** Options of {@link paginatePages}, with types erased. */
export interface PaginateRun {
  readonly limit?: number | undefined;
  readonly getData?: ((data: never) => readonly unknown[]) | undefined;
  readonly getCount?: ((data: never) => number) | undefined;
  readonly concurrency?: number | undefined;
  readonly callOptions?: Omit<CallOptions, 'raw'> | undefined;
}

/**
 * Streams the pages of a paginated endpoint: the first page gives the count, the rest are
 * requested with at most `concurrency` in flight and yielded in order. Breaking out of the loop
 * aborts the requests in flight and sends no more. Each page is the caller's own array.
 */
export async function* paginatePages(
  call: ContextCall,
  endpoint: Endpoint,
  params: unknown,
  options: PaginateRun,
  context: RequestContext | undefined,
): AsyncGenerator<unknown[], void, undefined> {
  yield* streamPages(call, endpoint, params, options, context, (records) => [...records]);
}

/**
 * {@link paginatePages}, each page as `keep` makes it from what `getData` returns: `bulk` copies the
 * records into its result and needs no array of its own per page.
 */
export async function* streamPages<Page>(
  call: ContextCall,
  endpoint: Endpoint,
  params: unknown,
  options: PaginateRun,
  context: RequestContext | undefined,
  keep: (records: readonly unknown[]) => Page,
): AsyncGenerator<Page, void, undefined> {
  const limit = positiveInteger(options.limit, DEFAULT_PAGE_LIMIT);
  const concurrency = positiveInteger(options.concurrency, DEFAULT_CONCURRENCY);
  const getData = (options.getData ?? defaultPageData) as (data: unknown) => readonly unknown[];
  const getCount = (options.getCount ?? defaultPageCount) as (data: unknown) => number;
  const controller = new AbortController();
  const outer = options.callOptions?.signal;
  const signal = outer === undefined ? controller.signal : AbortSignal.any([outer, controller.signal]);
  const callOptions: CallOptions = { ...options.callOptions, raw: false, signal };
  const first = firstPageParams(endpoint.pagination, limit, copyParams((params ?? {}) as WireParams));
  const fetchPage = async (index: number): Promise<Page> => {
    const data = await call(endpoint, index === 0 ? first : nthPageParams(endpoint.pagination, limit, first, index), callOptions, context);
    return keep(getData(data));
  };
  const inFlight: Promise<Page>[] = [];
  let finished = false;
  try {
    const firstData = await call(endpoint, first, callOptions, context);
    const total = pageTotal(limit, getCount(firstData));
    yield keep(getData(firstData));
    let next = 1;
    while (next < total || inFlight.length > 0) {
      while (inFlight.length < concurrency && next < total) {
        const page = fetchPage(next);
        // Pages still in flight when the consumer stops are aborted; their rejections are expected.
        page.catch(() => undefined);
        inFlight.push(page);
        next += 1;
      }
      const page = inFlight.shift();
      if (page !== undefined) yield await page;
    }
    finished = true;
  } finally {
    // Pages still in flight (the consumer stopped early, or a page failed) are aborted. After the
    // last page nothing is: aborting then would only wake every finished request's signal.
    if (!finished) controller.abort();
  }
}
