import { defineEndpoint } from '@x/core-client';
import type { BkClient, CallOptions } from '@x/core-client';
import * as z from 'zod';
import { addBkdataUserInfo, BKDATA_HEADER_KEYS, bkBizIdSchema, bkdataCommonShape, rawDataIdSchema } from '../bkdata-before-request.js';
import { resultTableIdSchema } from './bkdata-databus-storages.js';

/** Params of `rawdatas/{raw_data_id}/tail/` (get_raw_data_tail). */
export const rawDataTailInputSchema = z.looseObject({
  ...bkdataCommonShape,
  raw_data_id: rawDataIdSchema,
  bk_biz_id: bkBizIdSchema.optional(),
});
/** Params of {@link BkdataDatabusTables.getRawDataTail}. */
export type BkdataRawDataTailParams = z.input<typeof rawDataTailInputSchema>;

/** Params of `result_tables/{result_table_id}/` and its `tail/`. */
export const resultTableInputSchema = z.looseObject({ ...bkdataCommonShape, result_table_id: resultTableIdSchema });
/** Params of {@link BkdataDatabusTables.getResultTable} and {@link BkdataDatabusTables.getResultTableTail}. */
export type BkdataResultTableParams = z.input<typeof resultTableInputSchema>;

/** The latest records of a raw data or result table; their shape depends on the data. */
export const tailOutputSchema = z.array(z.unknown());

/** A result table; informational fields are optional. */
export const resultTableSchema = z.looseObject({
  result_table_id: z.string(),
  bk_biz_id: z.number().nullish(),
  result_table_name: z.string().nullish(),
  result_table_name_alias: z.string().nullish(),
  processing_type: z.string().nullish(),
  description: z.string().nullish(),
  fields: z.array(z.looseObject({ field_name: z.string(), field_type: z.string().nullish() })).nullish(),
  storages: z.unknown(),
});
/** A result table. */
export type BkdataResultTable = z.output<typeof resultTableSchema>;

const common = { module: 'bkdata', root: 'databus', before: addBkdataUserInfo, headerKeys: BKDATA_HEADER_KEYS } as const;

/** The BKData raw data and result table endpoints (spec §5.3), for `client.call`. */
export const bkdataTableEndpoints = {
  getRawDataTail: defineEndpoint({
    ...common,
    name: 'get_raw_data_tail',
    description: 'The latest records a raw data received.',
    method: 'GET',
    path: 'rawdatas/{raw_data_id}/tail/',
    input: rawDataTailInputSchema,
    output: tailOutputSchema,
    tenant: { from: 'bk_biz_id' },
  }),
  getResultTable: defineEndpoint({
    ...common,
    name: 'get_result_table',
    description: 'One result table.',
    method: 'GET',
    path: 'result_tables/{result_table_id}/',
    input: resultTableInputSchema,
    output: resultTableSchema,
    tenant: { from: 'result_table_id' },
  }),
  getResultTableTail: defineEndpoint({
    ...common,
    name: 'get_result_table_tail',
    description: 'The latest records of a result table.',
    method: 'GET',
    path: 'result_tables/{result_table_id}/tail/',
    input: resultTableInputSchema,
    output: tailOutputSchema,
    tenant: { from: 'result_table_id' },
  }),
} as const;

/** BKData raw data tails and result tables. */
export interface BkdataDatabusTables {
  /**
   * The latest records of a raw data.
   * @example
   * const records = await bkdata.databus.getRawDataTail({ raw_data_id: 1000, bk_biz_id: 2 });
   */
  readonly getRawDataTail: (params: BkdataRawDataTailParams, options?: CallOptions) => Promise<unknown[]>;
  /**
   * One result table.
   * @example
   * const table = await bkdata.databus.getResultTable({ result_table_id: '2_bklog_nginx_access' });
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
  const endpoints = bkdataTableEndpoints;
  return {
    getRawDataTail: (params, options) => client.call(endpoints.getRawDataTail, params, options),
    getResultTable: (params, options) => client.call(endpoints.getResultTable, params, options),
    getResultTableTail: (params, options) => client.call(endpoints.getResultTableTail, params, options),
  };
}
