import type { RequestContext } from '../context/request-context.js';
import type { Endpoint } from '../endpoint/define-endpoint.js';
import { paginatePages, type ContextCall, type PaginateRun } from './paginate.js';

/**
 * Every record of a paginated endpoint (bklog's `bulk_request`): the first page gives the count,
 * the other pages are fetched concurrently (bounded), and records come back in page order
 * whatever order the responses arrive in.
 */
export async function bulkRecords(call: ContextCall, endpoint: Endpoint, params: unknown, options: PaginateRun, context: RequestContext | undefined): Promise<unknown[]> {
  const records: unknown[] = [];
  for await (const page of paginatePages(call, endpoint, params, options, context)) {
    for (const record of page) records.push(record);
  }
  return records;
}
