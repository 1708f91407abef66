import type { CallOptions } from '../client/client-settings.js';
import { DEFAULT_CONCURRENCY, DEFAULT_PAGE_LIMIT } from '../client/normalize-settings.js';
import type { RequestContext } from '../context/request-context.js';
import type { Endpoint, WireParams } from '../endpoint/define-endpoint.js';
import { copyParams } from '../request/copy-params.js';
import { defaultBatchData, positiveInteger } from './page-params.js';
import type { ContextCall } from './paginate.js';

/** Options of {@link batchRecords}, with types erased. */
export interface BatchRun {
  readonly key: string;
  readonly values: readonly unknown[];
  readonly params?: unknown;
  readonly chunkSize?: number | undefined;
  readonly getData?: ((data: never) => readonly unknown[]) | undefined;
  readonly concurrency?: number | undefined;
  readonly callOptions?: Omit<CallOptions, 'raw'> | undefined;
}

/**
 * bklog's `batch_request`: `values` split into chunks of `chunkSize`, each sent as `params[key]`
 * with `no_request: true` on its own copy of params, at most `concurrency` at a time; records come
 * back in chunk order. No values, no request. The first failure aborts the other chunks.
 */
export async function batchRecords(call: ContextCall, endpoint: Endpoint, options: BatchRun, context: RequestContext | undefined): Promise<unknown[]> {
  if (options.values.length === 0) return [];
  const chunkSize = positiveInteger(options.chunkSize, DEFAULT_PAGE_LIMIT);
  const concurrency = positiveInteger(options.concurrency, DEFAULT_CONCURRENCY);
  const getData = (options.getData ?? defaultBatchData) as (data: unknown) => readonly unknown[];
  const chunks: unknown[][] = [];
  for (let start = 0; start < options.values.length; start += chunkSize) chunks.push(options.values.slice(start, start + chunkSize));

  const controller = new AbortController();
  const outer = options.callOptions?.signal;
  const signal = outer === undefined ? controller.signal : AbortSignal.any([outer, controller.signal]);
  const callOptions: CallOptions = { ...options.callOptions, raw: false, signal };
  const results: unknown[][] = Array.from({ length: chunks.length }, () => []);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < chunks.length) {
      const index = next;
      next += 1;
      const params: WireParams = { ...copyParams((options.params ?? {}) as WireParams), no_request: true, [options.key]: chunks[index] };
      results[index] = [...getData(await call(endpoint, params, callOptions, context))];
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, worker));
  } catch (error) {
    controller.abort();
    throw error;
  }
  return results.flat();
}
