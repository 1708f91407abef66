import { lazyImport } from '@x/core-client';
import type { BkClient, CallOptions } from '@x/core-client';
import type {
  BkdataClean,
  BkdataCleanListItem,
  BkdataCleanMutationResult,
  BkdataCreateCleanParams,
  BkdataGetCleanParams,
  BkdataListCleansParams,
  BkdataUpdateCleanParams,
  BkdataUpdateCleanResult,
} from './bkdata-databus-cleans-endpoints.js';

const cleanEndpoints = lazyImport(async () => (await import('./bkdata-databus-cleans-endpoints.js')).bkdataCleanEndpoints);

/** BKData cleans. */
export interface BkdataDatabusCleans {
  /**
   * The cleans of a raw data (an empty list means none yet). A listed clean has no
   * `result_table_id`: its `processing_id` is the result table id.
   * @example
   * const cleans = await bkdata.databus.listCleans({ raw_data_id: 1000, bk_biz_id: 2 });
   */
  readonly listCleans: (params?: BkdataListCleansParams, options?: CallOptions) => Promise<BkdataCleanListItem[]>;
  /**
   * One clean.
   * @example
   * const { result_table_id } = await bkdata.databus.getClean({ processing_id: '2_bklog_nginx_access', bk_biz_id: 2 });
   */
  readonly getClean: (params: BkdataGetCleanParams, options?: CallOptions) => Promise<BkdataClean>;
  /**
   * Creates a clean; returns it with its processing id, result table id and result table.
   * @example
   * const { result_table_id } = await bkdata.databus.createClean({
   *   bk_biz_id: 2,
   *   raw_data_id: 1003,
   *   result_table_name: 'bklog_gateway',
   *   result_table_name_alias: 'gateway',
   *   clean_config_name: 'gateway logs',
   *   fields: buildCleanFields({ log: 'text', level: 'keyword' }),
   *   json_config: { extract: { type: 'fun', method: 'from_json' } },
   * });
   */
  readonly createClean: (params: BkdataCreateCleanParams, options?: CallOptions) => Promise<BkdataCleanMutationResult>;
  /**
   * Updates a clean. BKData answers the storage configs of its table (or `true`, as its docs say).
   * @example
   * await bkdata.databus.updateClean({ processing_id: '2_bklog_gateway', ...clean, description: 'v2' });
   */
  readonly updateClean: (params: BkdataUpdateCleanParams, options?: CallOptions) => Promise<BkdataUpdateCleanResult>;
}

/** The clean methods bound to a core client. */
export function bindBkdataCleans(client: BkClient): BkdataDatabusCleans {
  return {
    listCleans: async (params = {}, options) => client.call((await cleanEndpoints()).listCleans, params, options),
    getClean: async (params, options) => client.call((await cleanEndpoints()).getClean, params, options),
    createClean: async (params, options) => client.call((await cleanEndpoints()).createClean, params, options),
    updateClean: async (params, options) => client.call((await cleanEndpoints()).updateClean, params, options),
  };
}
