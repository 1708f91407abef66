import { lazyImport } from '@x/core-client';
import type { BkClient, CallOptions } from '@x/core-client';
import type { BkdataRawDataTailParams, BkdataResultTable, BkdataResultTableParams } from './bkdata-databus-tables-endpoints.js';

/** Whether a bus configuration describes a table (`get_databus_rt_info` answers `{}` for an unknown one). */
export function resultTableExists(table: BkdataResultTable): boolean {
  return typeof table['rt.id'] === 'string' && table['rt.id'] !== '';
}

const tableEndpoints = lazyImport(async () => (await import('./bkdata-databus-tables-endpoints.js')).bkdataTableEndpoints);

/** BKData raw data tails and result tables. */
export interface BkdataDatabusTables {
  /**
   * The latest records of a raw data.
   * @example
   * const records = await bkdata.databus.getRawDataTail({ raw_data_id: 1000, bk_biz_id: 2 });
   */
  readonly getRawDataTail: (params: BkdataRawDataTailParams, options?: CallOptions) => Promise<unknown[]>;
  /**
   * The bus configuration of a result table (`rt.id`, `fields` as names, `storages.list`,
   * `etl.conf`...), or `{}` when BKData does not know the table (see {@link resultTableExists}).
   * @example
   * const table = await bkdata.databus.getResultTable({ result_table_id: '2_bklog_nginx_access' });
   * if (resultTableExists(table)) console.log(table.fields);
   */
  readonly getResultTable: (params: BkdataResultTableParams, options?: CallOptions) => Promise<BkdataResultTable>;
  /**
   * The latest records of a result table.
   * @example
   * const records = await bkdata.databus.getResultTableTail({ result_table_id: '2_bklog_nginx_access' });
   */
  readonly getResultTableTail: (params: BkdataResultTableParams, options?: CallOptions) => Promise<unknown[]>;
}

/** The table methods bound to a core client. */
export function bindBkdataTables(client: BkClient): BkdataDatabusTables {
  return {
    getRawDataTail: async (params, options) => client.call((await tableEndpoints()).getRawDataTail, params, options),
    getResultTable: async (params, options) => client.call((await tableEndpoints()).getResultTable, params, options),
    getResultTableTail: async (params, options) => client.call((await tableEndpoints()).getResultTableTail, params, options),
  };
}
