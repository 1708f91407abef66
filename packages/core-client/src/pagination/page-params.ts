import { BkError } from '@x/errors';
import type { PaginationStyle, WireParams } from '../endpoint/define-endpoint.js';
import { isPlainObject } from '../request/copy-params.js';

/**
 * The first page's params, as bklog's `bulk_request`: the style's page fields and
 * `no_request: true`, with the caller's params merged on top (caller keys win).
 */
export function firstPageParams(style: PaginationStyle, limit: number, params: WireParams): WireParams {
  const defaults: WireParams = style === 'limit_offset' ? { page: { start: 0, limit }, no_request: true } : { page: 1, pagesize: limit, no_request: true };
  return { ...defaults, ...params };
}

/** The params of page `index` (0 is the first page). */
export function nthPageParams(style: PaginationStyle, limit: number, first: WireParams, index: number): WireParams {
  return style === 'limit_offset' ? { ...first, page: { limit, start: index * limit } } : { ...first, page: index + 1, pagesize: limit };
}

/** How many pages `count` records take (at least the first). */
export function pageTotal(limit: number, count: number): number {
  return Math.max(1, Math.ceil(count / limit));
}

/** bklog's default `get_data`: `data.info`. */
export function defaultPageData(data: unknown): readonly unknown[] {
  const info = isPlainObject(data) ? data.info : undefined;
  if (!Array.isArray(info)) throw new BkError({ message: 'The page data has no "info" array; pass getData to read the records' });
  return info as unknown[];
}

/** bklog's default `get_count`: `data.count`. */
export function defaultPageCount(data: unknown): number {
  const count = isPlainObject(data) ? data.count : undefined;
  if (typeof count !== 'number' || !Number.isFinite(count))
    throw new BkError({ message: 'The first page has no numeric "count"; pass getCount to read the total' });
  return count;
}

/** bklog's default `get_data` of `batch_request`: `data.list` (or the data itself when it is a list). */
export function defaultBatchData(data: unknown): readonly unknown[] {
  if (Array.isArray(data)) return data as unknown[];
  const list = isPlainObject(data) ? data.list : undefined;
  if (!Array.isArray(list)) throw new BkError({ message: 'The chunk data has no "list" array; pass getData to read the records' });
  return list as unknown[];
}

/** A positive integer option, or its default. */
export function positiveInteger(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isInteger(value) && value > 0 ? value : fallback;
}
