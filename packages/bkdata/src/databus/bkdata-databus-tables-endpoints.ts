import { defineEndpoint } from '@x/core-client';
import * as z from 'zod';
import { addBkdataUserInfo, BKDATA_HEADER_KEYS, bkBizIdSchema, bkdataCommonShape, rawDataIdSchema } from '../bkdata-before-request.js';
import { bkdataInputObject, bkdataOutputObject } from '../bkdata-input.js';
import { resultTableIdSchema } from './bkdata-databus-storages-endpoints.js';

/** Params of `rawdatas/{raw_data_id}/tail/` (get_raw_data_tail). */
export const rawDataTailInputSchema = bkdataInputObject(
  {
    ...bkdataCommonShape,
    raw_data_id: rawDataIdSchema,
    bk_biz_id: bkBizIdSchema.optional(),
  },
  'get_raw_data_tail',
);
/** Params of {@link BkdataDatabusTables.getRawDataTail}. */
export type BkdataRawDataTailParams = z.input<typeof rawDataTailInputSchema>;

/** Params of `result_tables/{result_table_id}/` and its `tail/`. */
export const resultTableInputSchema = bkdataInputObject({ ...bkdataCommonShape, result_table_id: resultTableIdSchema }, 'get_result_table');
/** Params of {@link BkdataDatabusTables.getResultTable} and {@link BkdataDatabusTables.getResultTableTail}. */
export type BkdataResultTableParams = z.input<typeof resultTableInputSchema>;

/** The latest records of a raw data or result table; their shape depends on the data. */
export const tailOutputSchema = z.array(z.unknown());

/**
 * The bus configuration of a result table, as the databus root answers `result_tables/{id}/`:
 * Tencent/bk-base src/api/datahub/databus/rt_views.py `RtViewset.retrieve` returns rt.py
 * `get_databus_rt_info`, keyed `rt.id`, `rt.type`, `fields` (a list of field names), `columns`
 * (`name=type,...`), `storages.list`, one key per storage, `etl.conf`... It is `{}` for a table the
 * meta API does not know, so no key is guaranteed. For the table itself (fields with types,
 * storages) use the meta API.
 */
export const resultTableSchema = bkdataOutputObject({
  'rt.id': z.string().nullish(),
  'rt.type': z.string().nullish(),
  'msg.type': z.string().nullish(),
  bk_biz_id: z.number().nullish(),
  project_id: z.number().nullish(),
  table_name: z.string().nullish(),
  /** Field names. */
  fields: z.array(z.string()).nullish(),
  /** `name=type` pairs, sorted, comma-separated. */
  columns: z.string().nullish(),
  /** Dimension field names, comma-separated. */
  dimensions: z.string().nullish(),
  /** The storages of the table: a list (rt.py); older answers send `storage.list` as `"kafka,es"`. */
  'storages.list': z.union([z.array(z.string()), z.string()]).nullish(),
  channel_type: z.string().nullish(),
  channel_cluster_name: z.string().nullish(),
  'bootstrap.servers': z.string().nullish(),
  'etl.id': z.union([z.number(), z.string()]).nullish(),
  'data.id': z.union([z.number(), z.string()]).nullish(),
  'etl.conf': z.string().nullish(),
  geog_area: z.string().nullish(),
});
/** The bus configuration of a result table (`{}` when the table is unknown). */
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
    description: 'The bus configuration of one result table ({} when it is unknown).',
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
