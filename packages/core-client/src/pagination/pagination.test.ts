import { ApiRequestError } from '@x/errors';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createClient, type BkClient } from '../client/create-client.js';
import { getContext, runWithContext } from '../context/request-context.js';
import { defineEndpoint } from '../endpoint/define-endpoint.js';
import { sendJson, startTestServer, type RecordedRequest, type TestServer } from '../test-support/start-test-server.js';

let server: TestServer;
let client: BkClient;
let inFlight = 0;
let maxInFlight = 0;

/** Serves `total` records `r0, r1, ...` by page; later pages answer sooner, so responses arrive out of order. */
function pagedServer(total: number, style: 'limit_offset' | 'page_number'): void {
  server.fallback((request: RecordedRequest, response) => {
    const body = request.json as Record<string, unknown>;
    let start: number;
    let limit: number;
    if (style === 'limit_offset') {
      const page = body.page as { start: number; limit: number };
      ({ start, limit } = page);
    } else {
      limit = body.pagesize as number;
      start = ((body.page as number) - 1) * limit;
    }
    const info = Array.from({ length: Math.max(0, Math.min(limit, total - start)) }, (_, index) => `r${start + index}`);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    setTimeout(
      () => {
        inFlight -= 1;
        sendJson(response, { result: true, code: 0, data: { count: total, info } });
      },
      Math.max(5, 60 - start),
    );
  });
}

beforeAll(async () => {
  server = await startTestServer();
  client = createClient({ baseUrl: server.url, appCode: 'bk_log', appSecret: 'page-secret', retry: false });
});
afterAll(async () => {
  await client.close();
  await server.close();
});
afterEach(() => {
  server.reset();
  inFlight = 0;
  maxInFlight = 0;
});

const listHosts = defineEndpoint({
  module: 'cc',
  name: 'list_hosts',
  method: 'POST',
  path: 'list_hosts/',
  idempotent: true,
  input: z.object({ bk_biz_id: z.number() }).loose(),
  output: z.object({ count: z.number(), info: z.array(z.string()) }),
});
const listByNumber = defineEndpoint({
  module: 'bkdata',
  name: 'list_rt',
  method: 'POST',
  path: 'list_rt/',
  pagination: 'page_number',
  output: z.object({ count: z.number(), info: z.array(z.string()) }),
});

describe('bulk', () => {
  it('fetches every page in order (limit_offset), building params as bklog does', async () => {
    pagedServer(23, 'limit_offset');
    const records = await client.bulk(listHosts, { bk_biz_id: 2 }, { limit: 5, concurrency: 3 });
    expect(records).toEqual(Array.from({ length: 23 }, (_, index) => `r${index}`));
    const bodies = server.requests.map((request) => request.json);
    expect(bodies[0]).toEqual({ page: { start: 0, limit: 5 }, no_request: true, bk_biz_id: 2 });
    expect(bodies.slice(1)).toEqual(expect.arrayContaining([5, 10, 15, 20].map((start) => ({ page: { limit: 5, start }, no_request: true, bk_biz_id: 2 }))));
    expect(bodies).toHaveLength(5);
    expect(maxInFlight).toBeLessThanOrEqual(3);
  });

  it('fetches every page in order (page_number)', async () => {
    pagedServer(12, 'page_number');
    const records = await client.bulk(listByNumber, {}, { limit: 5 });
    expect(records).toEqual(Array.from({ length: 12 }, (_, index) => `r${index}`));
    const bodies = server.requests.map((request) => request.json);
    expect(bodies[0]).toEqual({ page: 1, pagesize: 5, no_request: true });
    expect(bodies.slice(1)).toEqual(
      expect.arrayContaining([
        { page: 2, pagesize: 5, no_request: true },
        { page: 3, pagesize: 5, no_request: true },
      ]),
    );
    expect(bodies).toHaveLength(3);
  });

  it('lets caller params win over the defaults of the first page', async () => {
    pagedServer(3, 'limit_offset');
    await client.bulk(listHosts, { bk_biz_id: 2, no_request: false }, { limit: 5 });
    expect(server.requests[0]?.json).toEqual({ page: { start: 0, limit: 5 }, no_request: false, bk_biz_id: 2 });
  });

  it('reads records and count with getData/getCount', async () => {
    const custom = defineEndpoint({ module: 'm', name: 'custom', method: 'POST', path: 'custom/' });
    server.fallback((request, response) => {
      const page = (request.json as { page: { start: number } }).page;
      sendJson(response, { result: true, data: { total: 4, rows: [page.start, page.start + 1] } });
    });
    const records = await client.bulk(
      custom,
      {},
      { limit: 2, getData: (data) => (data as { rows: number[] }).rows, getCount: (data) => (data as { total: number }).total },
    );
    expect(records).toEqual([0, 1, 2, 3]);
  });

  it('keeps records that are themselves arrays whole, across many pages', async () => {
    const rows = defineEndpoint({ module: 'm', name: 'rows', method: 'POST', path: 'rows/' });
    server.fallback((request, response) => {
      const { start, limit } = (request.json as { page: { start: number; limit: number } }).page;
      const info = Array.from({ length: Math.max(0, Math.min(limit, 25 - start)) }, (_, index) => [start + index, `r${start + index}`]);
      sendJson(response, { result: true, data: { count: 25, info } });
    });
    const records = await client.bulk(rows, {}, { limit: 2, concurrency: 4 });
    expect(records).toEqual(Array.from({ length: 25 }, (_, index) => [index, `r${index}`]));
  });

  it('fails when a page fails', async () => {
    pagedServer(20, 'limit_offset');
    server.queue((_request, response) => {
      sendJson(response, { result: true, data: { count: 20, info: ['r0'] } });
    });
    server.queue((_request, response) => {
      sendJson(response, { message: 'down' }, 500);
    });
    await expect(client.bulk(listHosts, { bk_biz_id: 2 }, { limit: 5, concurrency: 1 })).rejects.toBeInstanceOf(ApiRequestError);
  });
});

describe('paginate', () => {
  it('streams pages in order', async () => {
    pagedServer(9, 'limit_offset');
    const pages: string[][] = [];
    for await (const page of client.paginate(listHosts, { bk_biz_id: 2 }, { limit: 4 })) pages.push(page);
    expect(pages).toEqual([['r0', 'r1', 'r2', 'r3'], ['r4', 'r5', 'r6', 'r7'], ['r8']]);
  });

  it('stops requesting when the consumer breaks out', async () => {
    pagedServer(1000, 'limit_offset');
    let seen = 0;
    for await (const page of client.paginate(listHosts, { bk_biz_id: 2 }, { limit: 10, concurrency: 2 })) {
      expect(page).toHaveLength(10);
      seen += 1;
      if (seen === 2) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The first page, the page consumed second, and at most the window in flight when we left.
    expect(server.requests.length).toBeLessThanOrEqual(4);
  });
});

describe('batch', () => {
  const getHosts = defineEndpoint({ module: 'cc', name: 'get_hosts', method: 'POST', path: 'get_hosts/', idempotent: true, output: z.array(z.number()) });

  it('splits values into chunks, sends them concurrently and keeps chunk order', async () => {
    server.fallback((request, response) => {
      const ids = (request.json as { ids: number[] }).ids;
      setTimeout(
        () => {
          sendJson(response, { result: true, data: ids.map((id) => id * 10) });
        },
        ids[0] === 0 ? 80 : 5,
      );
    });
    const values = Array.from({ length: 1200 }, (_, index) => index);
    const records = await client.batch(getHosts, { key: 'ids', values, params: { bk_biz_id: 2 } });
    expect(records).toEqual(values.map((value) => value * 10));
    expect(server.requests).toHaveLength(3);
    const chunks = server.requests
      .map((request) => request.json as { ids: number[]; no_request: boolean; bk_biz_id: number })
      .sort((left, right) => (left.ids[0] ?? 0) - (right.ids[0] ?? 0));
    expect(chunks.map((chunk) => chunk.ids.length)).toEqual([500, 500, 200]);
    expect(chunks.every((chunk) => chunk.no_request && chunk.bk_biz_id === 2)).toBe(true);
  });

  it('reads data.list by default and honours chunkSize', async () => {
    const listed = defineEndpoint({ module: 'cc', name: 'listed', method: 'POST', path: 'listed/' });
    server.fallback((request, response) => {
      sendJson(response, { result: true, data: { list: (request.json as { ids: number[] }).ids } });
    });
    expect(await client.batch(listed, { key: 'ids', values: [1, 2, 3], chunkSize: 2 })).toEqual([1, 2, 3]);
    expect(server.requests).toHaveLength(2);
  });

  it('sends nothing for no values', async () => {
    expect(await client.batch(getHosts, { key: 'ids', values: [] })).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });
});

describe('context across concurrency', () => {
  it('carries the request context into every concurrent request and before hook', async () => {
    const seenInBefore = new Set<string | undefined>();
    const traced = defineEndpoint({
      module: 'cc',
      name: 'traced',
      method: 'POST',
      path: 'traced/',
      before: (params) => {
        seenInBefore.add(getContext()?.username);
        return params;
      },
      output: z.object({ count: z.number(), info: z.array(z.string()) }),
    });
    pagedServer(30, 'limit_offset');
    await runWithContext({ username: 'alice', requestId: 'ctx-req', tenantId: 'tenant-a' }, async () => {
      const pending = client.bulk(traced, {}, { limit: 5, concurrency: 4 });
      const iterable = client.paginate(traced, {}, { limit: 10 });
      // Consumed outside the context: the context captured when paginate was called still applies.
      return Promise.all([pending, (async () => iterable)()]);
    }).then(async ([, iterable]) => {
      for await (const page of iterable) expect(page.length).toBeGreaterThan(0);
    });
    expect(server.requests.length).toBe(9);
    for (const request of server.requests) {
      expect(JSON.parse(String(request.headers['x-bkapi-authorization']))).toMatchObject({ bk_username: 'alice' });
      expect(request.headers['x-request-id']).toBe('ctx-req');
      expect(request.headers['x-bk-tenant-id']).toBe('tenant-a');
    }
    expect([...seenInBefore]).toEqual(['alice']);
  });
});
