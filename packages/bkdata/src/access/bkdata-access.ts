import { lazyImport } from '@x/core-client';
import type { BkClient, CallOptions } from '@x/core-client';
import { ValidationError } from '@x/errors';
import { createBkdataCoreClient } from '../bkdata-settings.js';
import type { BkdataSettings } from '../bkdata-settings.js';
import { BKDATA_MAX_RAW_DATA_PAGE_SIZE } from './bkdata-raw-data-page-size.js';
import type {
  BkdataCreateDeployPlanParams,
  BkdataDeployPlanResult,
  BkdataDeploySummary,
  BkdataGetDeploySummaryParams,
  BkdataListRawDataParams,
  BkdataListRawDataResult,
  BkdataRawData,
  BkdataStopCollectorhubParams,
  BkdataStopCollectorhubResult,
  BkdataUpdateDeployPlanParams,
} from './bkdata-access-endpoints.js';

// The access group: its methods, helpers and client. Its endpoints and schemas
// (bkdata-access-endpoints.ts) load with the first call.

const accessEndpoints = lazyImport(async () => (await import('./bkdata-access-endpoints.js')).bkdataAccessEndpoints);

/** Options of {@link BkdataAccess.listAllRawData} and {@link BkdataAccess.iterateRawData}. */
export interface BkdataRawDataPagingOptions {
  /**
   * Raw data per page, sent as `page_size`: at most 100, the most bk-base accepts (bklog's
   * `BULK_REQUEST_LIMIT` of 500 would be refused).
   * @default 100
   */
  readonly pageSize?: number | undefined;
  /**
   * Pages requested at the same time (`listAllRawData` only; the iterator asks for one page at a time).
   * @default 5
   */
  readonly concurrency?: number | undefined;
  /** Options of every page's call (`signal`, `timeout`, `tenantId`...). */
  readonly callOptions?: Omit<CallOptions, 'raw'> | undefined;
}

/** Params of the paging helpers: the list filters, without `page`/`page_size` (the helper sets them). */
export type BkdataRawDataFilter = Omit<BkdataListRawDataParams, 'page' | 'page_size' | 'pagesize' | 'no_request'>;

/** The records of one `rawdata/` answer, whichever form it took. */
export function rawDataItems(data: BkdataListRawDataResult): readonly BkdataRawData[] {
  return Array.isArray(data) ? data : data.results;
}

/** The total of one `rawdata/` answer: a page's `count`, or the length of a whole list. */
export function rawDataCount(data: BkdataListRawDataResult): number {
  return Array.isArray(data) ? data.length : data.count;
}

/**
 * BKData access (spec §5.1): raw data, deploy plans and collector hubs. Params are strict (an
 * unknown key is a compile error and a ValidationError); wire fields the SDK does not model go in
 * `extra` (`BkdataExtra`).
 * @example await bkdata.access.listRawData({ bk_biz_id: 2, extra: { created_by: 'admin' } });
 */
export interface BkdataAccess {
  /**
   * Lists raw data: the whole list, or one page with `page` and `page_size` (`{count, results}`).
   * Rows are keyed by `id`.
   * @example
   * const page = await bkdata.access.listRawData({ bk_biz_id: 2, page: 1, page_size: 50 });
   */
  readonly listRawData: (params?: BkdataListRawDataParams, options?: CallOptions) => Promise<BkdataListRawDataResult>;
  /**
   * Every raw data matching the filter, fetched page by page (bklog's `bulk_request` in
   * page-number style, with `page_size` as bk-base reads it) and concatenated in order.
   * @example
   * const all = await bkdata.access.listAllRawData({ bk_biz_id: 2 }, { pageSize: 100 });
   */
  readonly listAllRawData: (params?: BkdataRawDataFilter, options?: BkdataRawDataPagingOptions) => Promise<BkdataRawData[]>;
  /**
   * The raw data matching the filter, one at a time, requesting the next page only when needed.
   * @example
   * for await (const rawData of bkdata.access.iterateRawData({ bk_biz_id: 2 })) console.log(rawData.raw_data_name);
   */
  readonly iterateRawData: (params?: BkdataRawDataFilter, options?: BkdataRawDataPagingOptions) => AsyncIterable<BkdataRawData>;
  /**
   * The deploy plan of a raw data (cached 60 s): business, scenario, app and `access_raw_data`.
   * An ApiResultError means the raw data is not registered (yet).
   * @example
   * const summary = await bkdata.access.getDeploySummary({ raw_data_id: 1000, bk_biz_id: 2 });
   */
  readonly getDeploySummary: (params: BkdataGetDeploySummaryParams, options?: CallOptions) => Promise<BkdataDeploySummary>;
  /**
   * Stops the collector hub of a raw data.
   * @example
   * await bkdata.access.stopCollectorhub({ raw_data_id: 1000 });
   */
  readonly stopCollectorhub: (params: BkdataStopCollectorhubParams, options?: CallOptions) => Promise<BkdataStopCollectorhubResult>;
  /**
   * Registers a raw data; returns its `raw_data_id`.
   * @example
   * const { raw_data_id } = await bkdata.access.createDeployPlan({
   *   bk_biz_id: 2,
   *   data_scenario_id: 47,
   *   access_raw_data: { raw_data_name: 'bklog_nginx', raw_data_alias: 'nginx', maintainer: ['admin'] },
   * });
   */
  readonly createDeployPlan: (params: BkdataCreateDeployPlanParams, options?: CallOptions) => Promise<BkdataDeployPlanResult>;
  /**
   * Updates the deploy plan of a raw data.
   * @example
   * await bkdata.access.updateDeployPlan({
   *   raw_data_id: 1240,
   *   bk_biz_id: 2,
   *   access_raw_data: { raw_data_name: 'bklog_nginx', raw_data_alias: 'nginx logs', maintainer: 'admin,alice' },
   * });
   */
  readonly updateDeployPlan: (params: BkdataUpdateDeployPlanParams, options?: CallOptions) => Promise<BkdataDeployPlanResult>;
}

/** A page size bk-base accepts (1 to 100), or a ValidationError naming `pageSize` before anything is sent. */
function checkedPageSize(pageSize: number | undefined): number {
  if (pageSize === undefined) return BKDATA_MAX_RAW_DATA_PAGE_SIZE;
  if (Number.isInteger(pageSize) && pageSize > 0 && pageSize <= BKDATA_MAX_RAW_DATA_PAGE_SIZE) return pageSize;
  throw new ValidationError({
    direction: 'input',
    module: 'bkdata',
    endpoint: 'list_raw_data',
    issues: [
      { path: ['pageSize'], message: `must be an integer from 1 to ${BKDATA_MAX_RAW_DATA_PAGE_SIZE}: bk-base refuses a larger page_size`, code: 'too_big' },
    ],
  });
}

// Pages are yielded as they arrive and dropped once read: memory holds one page, not the list.
// The pages are opened when the loop starts, so a bad page size fails there like any input error.
async function* flattenPages<Item>(openPages: () => Promise<AsyncIterable<readonly Item[]>>): AsyncGenerator<Item, void, undefined> {
  for await (const page of await openPages()) yield* page;
}

/** The access group bound to an existing core client (what `createBkdata` uses). */
export function bindBkdataAccess(client: BkClient): BkdataAccess {
  const pageOptions = (options: BkdataRawDataPagingOptions | undefined) => ({
    limit: checkedPageSize(options?.pageSize),
    concurrency: options?.concurrency,
    callOptions: options?.callOptions,
    getData: rawDataItems,
    getCount: rawDataCount,
  });
  return {
    listRawData: async (params = {}, options) => client.call((await accessEndpoints()).listRawData, params, options),
    listAllRawData: async (params = {}, options) => [...(await client.bulk((await accessEndpoints()).listRawData, params, pageOptions(options)))],
    iterateRawData: (params = {}, options) =>
      flattenPages(async () => client.paginate((await accessEndpoints()).listRawData, params, { ...pageOptions(options), concurrency: 1 })),
    getDeploySummary: async (params, options) => client.call((await accessEndpoints()).getDeploySummary, params, options),
    stopCollectorhub: async (params, options) => client.call((await accessEndpoints()).stopCollectorhub, params, options),
    createDeployPlan: async (params, options) => client.call((await accessEndpoints()).createDeployPlan, params, options),
    updateDeployPlan: async (params, options) => client.call((await accessEndpoints()).updateDeployPlan, params, options),
  };
}

/** The access group on a client of its own, for `@x/bkdata/access` users. */
export interface BkdataAccessClient extends BkdataAccess {
  /** The underlying core client (for `call`, `bulk`, `paginate`, `batch`). */
  readonly client: BkClient;
  /** Closes the client's connections. */
  readonly close: () => Promise<void>;
}

/**
 * Creates a client for BKData access only.
 * @example
 * import { createBkdataAccess } from '@x/bkdata/access';
 * const access = createBkdataAccess({ apiHost: 'http://paas.example.com', gatewayMode: 'gateway', username: 'admin' });
 * const rawData = await access.listAllRawData({ bk_biz_id: 2 });
 */
export function createBkdataAccess(settings: BkdataSettings = {}): BkdataAccessClient {
  const client = createBkdataCoreClient(settings);
  return { ...bindBkdataAccess(client), client, close: () => client.close() };
}
