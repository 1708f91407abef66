import { createClient, type BkClient } from '@x/core-client';
import ky from 'ky';
import { benchCredentials } from '../lines/bench-line.ts';
import type { HostRecord } from '../server/payloads.ts';
import { createRawHttpClient } from '../lines/raw-http.ts';

/** The list endpoint's path on the loopback server. */
export const listPath = '/list/list_hosts/';

/** A core client whose base URL serves the paginated list endpoint. */
export function createListClient(origin: string, maxConnections: number): BkClient {
  return createClient({ ...benchCredentials, baseUrl: `${origin}/list/`, cache: false, maxConnections });
}

interface PageEnvelope {
  readonly result: boolean;
  readonly data: { readonly count: number; readonly info: readonly HostRecord[] };
}

/**
 * The hand-written bulk loop the core's `bulk` is compared with: node:http keep-alive, the first
 * page gives the count, the other pages are fetched by `concurrency` workers, records are joined in
 * page order. What a careful engineer writes without an SDK (no validation, no retries).
 */
export async function handWrittenBulk(origin: string, total: number, limit: number, concurrency: number): Promise<HostRecord[]> {
  const client = createRawHttpClient(origin, concurrency);
  try {
    const fetchPage = async (index: number): Promise<readonly HostRecord[]> => {
      const body = (await client.post(listPath, { page: { start: index * limit, limit }, no_request: true, total })) as PageEnvelope;
      if (!body.result) throw new Error(`page ${index} failed`);
      return body.data.info;
    };
    const first = (await client.post(listPath, { page: { start: 0, limit }, no_request: true, total })) as PageEnvelope;
    const pageCount = Math.max(1, Math.ceil(first.data.count / limit));
    const pages: (readonly HostRecord[])[] = Array.from({ length: pageCount });
    pages[0] = first.data.info;
    let next = 1;
    const worker = async (): Promise<void> => {
      while (next < pageCount) {
        const index = next;
        next += 1;
        pages[index] = await fetchPage(index);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const records: HostRecord[] = [];
    for (const page of pages) for (const record of page) records.push(record);
    return records;
  } finally {
    client.close();
  }
}

/**
 * The pages of the list in order: the first gives the count, the rest are fetched with at most
 * `concurrency` in flight and yielded in order, nothing kept. `fetchPage(index)` is the only part
 * that differs between the streams compared.
 */
async function* pagesInOrder(fetchPage: (index: number) => Promise<PageEnvelope>, limit: number, concurrency: number): AsyncGenerator<readonly HostRecord[]> {
  const first = await fetchPage(0);
  const pageCount = Math.max(1, Math.ceil(first.data.count / limit));
  yield first.data.info;
  const inFlight: Promise<PageEnvelope>[] = [];
  let next = 1;
  while (next < pageCount || inFlight.length > 0) {
    while (inFlight.length < concurrency && next < pageCount) {
      inFlight.push(fetchPage(next));
      next += 1;
    }
    const page = inFlight.shift();
    if (page !== undefined) yield (await page).data.info;
  }
}

/** The hand-written streaming counterpart of `paginate`, over node:http keep-alive. */
export async function* handWrittenPages(origin: string, total: number, limit: number, concurrency: number): AsyncGenerator<readonly HostRecord[]> {
  const client = createRawHttpClient(origin, concurrency);
  try {
    yield* pagesInOrder(
      async (index) => (await client.post(listPath, { page: { start: index * limit, limit }, no_request: true, total })) as PageEnvelope,
      limit,
      concurrency,
    );
  } finally {
    client.close();
  }
}

/**
 * The same stream through bare ky (over the global fetch, one `ky.post().json()` per page, no
 * validation): the floor for anything built on ky, which `@x/core-client` is.
 */
export async function* kyPages(origin: string, total: number, limit: number, concurrency: number): AsyncGenerator<readonly HostRecord[]> {
  yield* pagesInOrder(
    async (index) =>
      ky.post(`${origin}${listPath}`, { json: { page: { start: index * limit, limit }, no_request: true, total }, timeout: 60_000 }).json<PageEnvelope>(),
    limit,
    concurrency,
  );
}

/** Checks that `records` are ids 1..total in order (both loops must return the same thing). */
export function checkRecords(records: readonly { readonly bk_host_id: number }[], total: number): void {
  if (records.length !== total) throw new Error(`expected ${total} records, got ${records.length}`);
  for (let index = 0; index < records.length; index += 997) {
    if (records[index]?.bk_host_id !== index + 1) throw new Error(`record ${index} is out of order`);
  }
  if (records.at(-1)?.bk_host_id !== total) throw new Error('the last record is wrong');
}
