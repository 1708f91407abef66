import { integerParam, isRecord } from './request-params.js';

/** A page in page-number style (`page`, `pagesize`), as BKData answers it. */
export interface PageNumberPage<T> {
  readonly count: number;
  readonly results: readonly T[];
}

/** A page in limit-offset style (`limit`/`offset`, or bklog's `page: {start, limit}`). */
export interface LimitOffsetPage<T> {
  readonly count: number;
  readonly info: readonly T[];
}

const DEFAULT_PAGE_SIZE = 10;

/**
 * Pages a list the way the request asks: `page` (1-based) + `pagesize` → `{count, results}`;
 * `limit` + `offset`/`start`, or `page: {start, limit}` → `{count, info}`; neither → the whole list.
 */
export function paginate<T>(items: readonly T[], params: Record<string, unknown>): readonly T[] | PageNumberPage<T> | LimitOffsetPage<T> {
  const page = params.page;
  if (isRecord(page)) {
    const start = Math.max(0, integerParam(page, 'start') ?? 0);
    const limit = Math.max(0, integerParam(page, 'limit') ?? DEFAULT_PAGE_SIZE);
    return { count: items.length, info: items.slice(start, start + limit) };
  }
  const pageNumber = integerParam(params, 'page');
  const pageSize = integerParam(params, 'pagesize') ?? integerParam(params, 'page_size');
  if (pageNumber !== undefined || pageSize !== undefined) {
    const size = Math.max(1, pageSize ?? DEFAULT_PAGE_SIZE);
    const start = (Math.max(1, pageNumber ?? 1) - 1) * size;
    return { count: items.length, results: items.slice(start, start + size) };
  }
  const limit = integerParam(params, 'limit');
  if (limit !== undefined) {
    const start = Math.max(0, integerParam(params, 'offset') ?? integerParam(params, 'start') ?? 0);
    return { count: items.length, info: items.slice(start, start + Math.max(0, limit)) };
  }
  return items;
}
