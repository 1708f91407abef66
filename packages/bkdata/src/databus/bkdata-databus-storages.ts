import { lazyImport } from '@x/core-client';
import type { BkClient, CallOptions } from '@x/core-client';
import type { BkdataCreateStorageParams, BkdataListStoragesParams, BkdataStorage, BkdataUpdateStorageParams } from './bkdata-databus-storages-endpoints.js';

const storageEndpoints = lazyImport(async () => (await import('./bkdata-databus-storages-endpoints.js')).bkdataStorageEndpoints);

/** BKData storages. */
export interface BkdataDatabusStorages {
  /**
   * The storages of a raw data (cached 60 s per params, user and tenant).
   * @example
   * const storages = await bkdata.databus.listStorages({ raw_data_id: 1000, bk_biz_id: 2 });
   */
  readonly listStorages: (params?: BkdataListStoragesParams, options?: CallOptions) => Promise<BkdataStorage[]>;
  /**
   * Adds a storage to a clean result table. Never cached (bklog caches it for 60 s).
   * @example
   * await bkdata.databus.createStorage({
   *   bk_biz_id: 2,
   *   raw_data_id: 1000,
   *   result_table_name: 'bklog_nginx',
   *   result_table_name_alias: 'nginx',
   *   storage_cluster: 'es_default',
   *   expires: 7,
   *   fields: buildStorageFields({ log: 'text', serverIp: 'keyword' }),
   * });
   */
  readonly createStorage: (params: BkdataCreateStorageParams, options?: CallOptions) => Promise<unknown>;
  /**
   * Updates the storage of a result table. Never cached (bklog caches it for 60 s).
   * @example
   * await bkdata.databus.updateStorage({ result_table_id: '2_bklog_nginx', ...storage, expires: '14d' });
   */
  readonly updateStorage: (params: BkdataUpdateStorageParams, options?: CallOptions) => Promise<unknown>;
}

/** The storage methods bound to a core client. */
export function bindBkdataStorages(client: BkClient): BkdataDatabusStorages {
  return {
    listStorages: async (params = {}, options) => client.call((await storageEndpoints()).listStorages, params, options),
    createStorage: async (params, options) => client.call((await storageEndpoints()).createStorage, params, options),
    updateStorage: async (params, options) => client.call((await storageEndpoints()).updateStorage, params, options),
  };
}
