import type { RequestContext } from '../context/request-context.js';
import type { Endpoint } from '../endpoint/define-endpoint.js';
import { streamPages, type ContextCall, type PaginateRun } from './paginate.js';

/**
 * Every record of a paginated endpoint (bklog's `bulk_request`): the first page gives the count,
 * the other pages are fetched concurrently (bounded), and records come back in page order
 * whatever order the responses arrive in.
 */
export async function bulkRecords(
  call: ContextCall,
  endpoint: Endpoint,
  params: unknown,
  options: PaginateRun,
  context: RequestContext | undefined,
): Promise<unknown[]> {
  const pages: (readonly unknown[])[] = [];
  for await (const page of streamPages(call, endpoint, params, options, context, (data) => data)) pages.push(page);
  // concat sizes its result once (pushing record by record, or flat(), is ~4× slower on 200,000
  // records); pages go in batches to stay far below the engine's limit on arguments.
  let records: unknown[] = [];
  for (let start = 0; start < pages.length; start += 4096) records = records.concat(...pages.slice(start, start + 4096));
  return records;
}
