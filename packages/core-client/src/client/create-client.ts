import { CacheAccess } from '../cache/cache-access.js';
import { SingleFlight } from '../cache/single-flight.js';
import { getContext, runWithContext, type RequestContext } from '../context/request-context.js';
import type { Endpoint } from '../endpoint/define-endpoint.js';
import { batchRecords } from '../pagination/batch.js';
import { bulkRecords } from '../pagination/bulk.js';
import { paginatePages, type ContextCall } from '../pagination/paginate.js';
import { prepareClientHeaders } from '../request/request-headers.js';
import { TenantResolver } from '../request/tenant.js';
import type { Envelope } from '../response/envelope.js';
import { createUndiciTransport, type Transport } from '../transport/undici-fetch.js';
import type { BatchOptions, BkClientSettings, CallOptions, FetchFunction, PageOptions } from './client-settings.js';
import { RetryBudget } from '../retry/retry-budget.js';
import type { ClientRuntime } from './client-runtime.js';
import { executeCall } from './execute-call.js';
import { normalizeSettings } from './normalize-settings.js';
import { withUnclonedResponses } from './send-request.js';

/** What `call` returns: the data, or the whole envelope with `raw: true`. */
export type CallResult<Output, Options> = Options extends { readonly raw: true } ? Envelope<Output> : Output;

/** `call`'s arguments after the endpoint: params may be left out when the endpoint needs none. */
export type CallArguments<Input, Options extends CallOptions> =
  Partial<Input> extends Input ? [params?: Input, options?: Options] : [params: Input, options?: Options];

type PageKeys = 'page' | 'pagesize' | 'no_request';

/** The params `bulk` and `paginate` accept: the endpoint's, with the page fields optional. */
export type PageParams<Input> = Input extends object
  ? { [Key in keyof Input as Key extends PageKeys ? never : Key]: Input[Key] } & { [Key in Extract<keyof Input, PageKeys>]?: Input[Key] }
  : Input;

/** The record type of a page when `getData` is not given: the items of `data.info`. */
export type DefaultPageItem<Output> = Output extends { readonly info: readonly (infer Item)[] } ? Item : unknown;

/** The record type of a chunk when `getData` is not given: the data's items, or `data.list`'s. */
export type DefaultBatchItem<Output> = Output extends readonly (infer Item)[]
  ? Item
  : Output extends { readonly list: readonly (infer Item)[] }
    ? Item
    : unknown;

/**
 * A BlueKing API client: calls typed endpoints with auth, tenant and request-id headers, envelope
 * checks, retries, cache, pagination and redacted logging.
 */
export interface BkClient {
  /**
   * Calls an endpoint and returns the envelope's `data`, typed by the endpoint's `output`.
   * @example
   * const types = await client.call(getMsgType);
   * const envelope = await client.call(sendMail, mail, { raw: true }); // { result, code, message, data }
   */
  call<Input, Output, Options extends CallOptions = CallOptions>(
    endpoint: Endpoint<Input, Output>,
    ...args: CallArguments<Input, Options>
  ): Promise<CallResult<Output, Options>>;
  /**
   * Every record of a paginated endpoint (bklog's `bulk_request`), in page order.
   * @example const hosts = await client.bulk(listHosts, { bk_biz_id: 2 }, { limit: 200 });
   */
  bulk<Input, Output, Item = DefaultPageItem<Output>>(
    endpoint: Endpoint<Input, Output>,
    params: PageParams<Input>,
    options?: PageOptions<Output, Item>,
  ): Promise<Item[]>;
  /**
   * The pages of a paginated endpoint as they arrive, in order; breaking out stops further requests.
   * @example for await (const page of client.paginate(listHosts, { bk_biz_id: 2 })) await save(page);
   */
  paginate<Input, Output, Item = DefaultPageItem<Output>>(
    endpoint: Endpoint<Input, Output>,
    params: PageParams<Input>,
    options?: PageOptions<Output, Item>,
  ): AsyncIterable<Item[]>;
  /**
   * bklog's `batch_request`: `values` sent in chunks as `params[key]`, results in chunk order.
   * @example const hosts = await client.batch(getHosts, { key: 'bk_host_ids', values: ids, params: { bk_biz_id: 2 } });
   */
  batch<Input, Output, Item = DefaultBatchItem<Output>>(
    endpoint: Endpoint<Input, Output>,
    options: BatchOptions<Partial<Input>, Output, Item>,
  ): Promise<Item[]>;
  /**
   * Closes the client's own connection pool (and the default in-memory cache). Later calls fail.
   * A `dispatcher` given in the settings is left open: its owner closes it.
   */
  close(): Promise<void>;
}

/**
 * Creates a client. Never throws: settings resolve lazily, and what a call needs and lacks (app
 * code, secret, base URL) fails that call with a ValidationError naming what to set.
 * @example
 * const client = createClient({ baseUrl: 'http://paas.example.com/api/c/compapi/v2/cmsi/', username: 'admin' });
 * const types = await client.call(getMsgType);
 * await client.close();
 */
export function createClient(settings: BkClientSettings = {}): BkClient {
  const normalized = normalizeSettings(settings);
  let transport: Transport | undefined;
  let fetchFunction: FetchFunction;
  if (normalized.fetch === undefined) {
    transport = createUndiciTransport({ tls: normalized.tls, maxConnections: normalized.maxConnections, dispatcher: normalized.dispatcher });
    fetchFunction = transport.fetch;
  } else {
    fetchFunction = normalized.fetch;
  }
  let closed = false;
  const cacheAccess = normalized.cache === undefined ? undefined : new CacheAccess(normalized.cache, normalized.logger, 1000);
  const runtime: ClientRuntime = {
    settings: normalized,
    headers: prepareClientHeaders(normalized.headers, normalized.userAgent),
    transport,
    fetch: transport === undefined ? withUnclonedResponses(fetchFunction) : fetchFunction,
    prepareTransport: () => transport?.prepare(),
    cache: cacheAccess,
    flights: new SingleFlight(),
    tenants: new TenantResolver(normalized.resolveTenant),
    retryBudget: normalized.retryBudget === false ? undefined : new RetryBudget(normalized.retryBudget),
    isClosed: () => closed,
  };

  // Concurrent helpers run each request inside the captured context, so `getContext()` in a
  // `before` hook sees the caller's context even after the caller's own async frame is gone.
  const callInContext: ContextCall = async (endpoint, params, options, context) =>
    context === undefined
      ? executeCall(runtime, endpoint, params, options, undefined)
      : runWithContext(context, async () => executeCall(runtime, endpoint, params, options, context));

  const client: BkClient = {
    call: async (endpoint, ...args) => {
      const [params, options] = args;
      return executeCall(runtime, endpoint, params, options ?? {}, getContext()) as Promise<never>;
    },
    bulk: async (endpoint, params, options = {}) => bulkRecords(callInContext, endpoint, params, options, getContext()) as Promise<never[]>,
    paginate: (endpoint, params, options = {}) => {
      const context: RequestContext | undefined = getContext();
      return {
        [Symbol.asyncIterator]: () => paginatePages(callInContext, endpoint, params, options, context) as AsyncGenerator<never[]>,
      };
    },
    batch: async (endpoint, options) => batchRecords(callInContext, endpoint, { ...options, params: options.params }, getContext()) as Promise<never[]>,
    close: async () => {
      if (closed) return;
      closed = true;
      await transport?.close();
      if (normalized.cacheIsDefault) await cacheAccess?.close();
    },
  };
  return client;
}
