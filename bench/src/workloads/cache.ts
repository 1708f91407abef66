import { createClient } from '@x/core-client';
import { getMessageTypes, getMessageTypesCached } from '../lines/bench-endpoints.ts';
import { benchCredentials, checkData } from '../lines/bench-line.ts';
import { collectGarbage, runBatch, summarize, type LineSummary } from '../measure/interleave.ts';
import type { LoopbackServer } from '../server/start-server.ts';

export interface CacheHitResult extends LineSummary {
  readonly concurrency: number;
  /** Requests the server saw for the whole run (1: the miss that filled the cache). */
  readonly upstreamRequests: number;
}

export interface SingleFlightResult {
  readonly calls: number;
  readonly wallMs: number;
  /** Requests the server saw for `calls` concurrent identical calls. */
  readonly upstreamRequests: number;
}

export interface CacheResult {
  readonly hits: readonly CacheHitResult[];
  /** 1,000 identical calls of a cached endpoint at once, the server answering after 50 ms. */
  readonly singleFlight: SingleFlightResult;
  /** The same 1,000 calls of the endpoint without a cache TTL: one request each (the contrast). */
  readonly withoutSingleFlight: SingleFlightResult;
}

async function routeCount(server: LoopbackServer, route: string): Promise<number> {
  return (await server.counts())[route] ?? 0;
}

/** Cache hits per second (sequential and 64 concurrent) and single-flight under 1,000 identical calls. */
export async function runCache(server: LoopbackServer, options: { hits: number; rounds: number; flightCalls: number }): Promise<CacheResult> {
  const cachedClient = createClient({ ...benchCredentials, baseUrl: `${server.origin}/cached/api/c/compapi/v2/cmsi/` });
  const hits: CacheHitResult[] = [];
  try {
    server.reset();
    checkData(await cachedClient.call(getMessageTypesCached), 'small');
    const call = async (): Promise<void> => {
      checkData(await cachedClient.call(getMessageTypesCached), 'small');
    };
    await runBatch(call, Math.min(2000, options.hits), 1);
    for (const concurrency of [1, 64]) {
      const batches = [];
      for (let round = 0; round < options.rounds; round += 1) {
        collectGarbage();
        batches.push(await runBatch(call, options.hits, concurrency));
      }
      hits.push({ concurrency, ...summarize(batches), upstreamRequests: await routeCount(server, 'cached') });
    }
  } finally {
    await cachedClient.close();
  }

  const flight = async (cached: boolean): Promise<SingleFlightResult> => {
    const client = createClient({ ...benchCredentials, baseUrl: `${server.origin}/slow/api/c/compapi/v2/cmsi/` });
    try {
      server.reset();
      collectGarbage();
      const started = performance.now();
      const results = await Promise.all(Array.from({ length: options.flightCalls }, async () => client.call(cached ? getMessageTypesCached : getMessageTypes)));
      const wallMs = performance.now() - started;
      for (const data of results) checkData(data, 'small');
      return { calls: options.flightCalls, wallMs, upstreamRequests: await routeCount(server, 'slow') };
    } finally {
      await client.close();
    }
  };
  const singleFlight = await flight(true);
  const withoutSingleFlight = await flight(false);
  return { hits, singleFlight, withoutSingleFlight };
}
