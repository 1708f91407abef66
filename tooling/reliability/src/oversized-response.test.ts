import { createServer } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { createBkdata } from '@x/bkdata';
import { createCmsi } from '@x/cmsi';
import { DEFAULT_MAX_RESPONSE_BYTES } from '@x/core-client';
import { ApiRequestError } from '@x/errors';
import { createUnifyQuery } from '@x/unify-query';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MiB = 1024 * 1024;
const SERVED_BYTES = 200 * MiB;

// A JSON body that never ends: `{"result": true, "data": ["xxxx…", "xxxx…", …` streamed in 64 KiB
// chunks as fast as the client reads them, one buffer reused, so the server holds nothing either.
const chunk = Buffer.from(`"${'x'.repeat(64 * 1024 - 4)}",`);

interface Served {
  requests: number;
  /** Bytes the server handed to the socket for the last request. */
  written: number;
  closedEarly: boolean;
}

function stream(response: ServerResponse, total: number, served: Served, status: number, declareLength: boolean): void {
  response.writeHead(status, { 'content-type': 'application/json', ...(declareLength ? { 'content-length': String(total) } : {}) });
  const head = Buffer.from('{"result": true, "code": 0, "data": [');
  served.written = head.length;
  response.write(head);
  let finished = false;
  response.on('close', () => {
    if (!finished) served.closedEarly = true;
  });
  const pump = (): void => {
    while (served.written + chunk.length < total) {
      if (response.destroyed) return;
      served.written += chunk.length;
      if (!response.write(chunk)) {
        response.once('drain', pump);
        return;
      }
    }
    finished = true;
    response.end('"end"]}');
  };
  pump();
}

let server: Server;
let base = '';
const served: Served = { requests: 0, written: 0, closedEarly: false };

beforeAll(async () => {
  server = createServer((request, response) => {
    served.requests += 1;
    served.closedEarly = false;
    request.resume();
    const url = request.url ?? '';
    const declared = url.includes('/declared/');
    const status = url.includes('/error-page/') ? 500 : 200;
    const size = url.includes('/sixty/') ? 60 * MiB : SERVED_BYTES;
    stream(response, size, served, status, declared);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
});

/** Runs `call` and samples RSS every 10 ms: the peak growth over the value before the call. */
async function peakRssGrowth(call: () => Promise<unknown>): Promise<{ error: unknown; growth: number; ms: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  await delay(20);
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const started = performance.now();
  let error: unknown;
  try {
    await call();
  } catch (caught) {
    error = caught;
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  return { error, growth: peak - before, ms: performance.now() - started };
}

const CAP = 1 * MiB;
const settings = { appCode: 'bk_log', appSecret: 'oversized-secret', username: 'admin', tracer: false } as const;

const integrations = [
  {
    name: 'cmsi.getMsgType (GET)',
    call: async (path: string, maxResponseBytes: number | undefined) => {
      const cmsi = createCmsi({ ...settings, baseUrl: `${base}${path}cmsi/`, cacheTtl: 0, ...(maxResponseBytes === undefined ? {} : { maxResponseBytes }) });
      try {
        return await cmsi.getMsgType();
      } finally {
        await cmsi.close();
      }
    },
  },
  {
    name: 'bkdata.query.sql (POST read, retried on other failures)',
    call: async (path: string, maxResponseBytes: number | undefined) => {
      const bkdata = createBkdata({
        ...settings,
        roots: { query: `${base}${path}query/` },
        retry: { attempts: 3, backoff: { initialDelay: 5 } },
        ...(maxResponseBytes === undefined ? {} : { maxResponseBytes }),
      });
      try {
        return await bkdata.query.sql('SELECT 1');
      } finally {
        await bkdata.close();
      }
    },
  },
  {
    name: 'unifyQuery.queryTsRaw (whole body is the data)',
    call: async (path: string, maxResponseBytes: number | undefined) => {
      const unifyQuery = createUnifyQuery({ ...settings, baseUrl: `${base}${path}unify/`, ...(maxResponseBytes === undefined ? {} : { maxResponseBytes }) });
      try {
        return await unifyQuery.queryTsRaw({ query_list: [{ table_id: 'bklog_index_set_44' }] });
      } finally {
        await unifyQuery.close();
      }
    },
  },
] as const;

describe.each(integrations)('a 200 MB answer to $name', ({ call }) => {
  it('is cut at maxResponseBytes (streamed, no Content-Length) with a response-too-large ApiRequestError, in bounded memory', async () => {
    served.requests = 0;
    const { error, growth } = await peakRssGrowth(async () => call('/streamed/', CAP));
    expect(ApiRequestError.isInstance(error)).toBe(true);
    if (!ApiRequestError.isInstance(error)) return;
    expect(error.failure).toBe('response-too-large');
    expect(error.isRetryable).toBe(false);
    expect(error.status).toBe(200);
    expect(error.message).toContain(String(CAP));
    // Not retried, and the client hung up long before the end of the 200 MB.
    expect(served.requests).toBe(1);
    await delay(50);
    expect(served.closedEarly).toBe(true);
    expect(served.written).toBeLessThan(SERVED_BYTES / 4);
    expect(growth).toBeLessThan(48 * MiB);
  });

  it('is refused from its declared Content-Length before the body is read', async () => {
    served.requests = 0;
    const { error, growth } = await peakRssGrowth(async () => call('/declared/', CAP));
    expect(ApiRequestError.isInstance(error) && error.failure === 'response-too-large').toBe(true);
    expect(served.requests).toBe(1);
    expect(growth).toBeLessThan(48 * MiB);
  });
});

describe('the default cap', () => {
  it('is 50 MiB and applies without any setting (60 MB streamed answer)', async () => {
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(50 * MiB);
    const first = integrations[0];
    const { error, growth } = await peakRssGrowth(async () => first.call('/sixty/streamed/', undefined));
    expect(ApiRequestError.isInstance(error) && error.failure === 'response-too-large').toBe(true);
    // The core keeps the text it read as decoded parts, then joins them: a peak of ~3.5× the cap.
    expect(growth).toBeLessThan(5 * DEFAULT_MAX_RESPONSE_BYTES);
    console.log(`[oversized] default cap: peak RSS growth ${(growth / MiB).toFixed(0)} MiB for a ${DEFAULT_MAX_RESPONSE_BYTES / MiB} MiB cap`);
    expect((error as ApiRequestError).message).toContain(String(DEFAULT_MAX_RESPONSE_BYTES));
    expect(served.written).toBeLessThan(60 * MiB);
  }, 60_000);
});

describe('an oversized error page (HTTP 500, 200 MB)', () => {
  it('fails as an http-status ApiRequestError without reading the whole page', async () => {
    served.requests = 0;
    const first = integrations[0];
    const { error, growth } = await peakRssGrowth(async () => first.call('/error-page/', CAP));
    expect(ApiRequestError.isInstance(error) && error.failure === 'http-status' && error.status === 500).toBe(true);
    // The core reads at most min(maxResponseBytes, 1 MiB) of an error body (ky alone would read 10 MiB).
    await delay(50);
    expect(served.written).toBeLessThan(SERVED_BYTES / 4);
    expect(growth).toBeLessThan(64 * MiB);
    expect((error as ApiRequestError).responseBody?.length ?? 0).toBeLessThanOrEqual(2_100);
  }, 60_000);
});
