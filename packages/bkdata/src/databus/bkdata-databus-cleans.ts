import { defineEndpoint } from '@x/core-client';
import type { BkClient, CallOptions } from '@x/core-client';
import * as z from 'zod';
import { addBkdataUserInfo, BKDATA_HEADER_KEYS, bkBizIdSchema, bkdataCommonShape, rawDataIdSchema } from '../bkdata-before-request.js';
import { cleanFieldSchema } from './bkdata-clean-fields.js';
import { resultTableNameSchema } from './bkdata-databus-storages.js';

/** A clean's processing id (BKData uses the result table id). */
export const processingIdSchema = z.string().min(1);

/** Params of `GET cleans/` (get_cleans). */
export const listCleansInputSchema = z.looseObject({
  ...bkdataCommonShape,
  raw_data_id: rawDataIdSchema.optional(),
  bk_biz_id: bkBizIdSchema.optional(),
});
/** Params of {@link BkdataDatabusCleans.listCleans}. */
export type BkdataListCleansParams = z.input<typeof listCleansInputSchema>;

/** A clean (ETL) processing; bklog reads `processing_id` and `result_table_id`. */
export const cleanSchema = z.looseObject({
  processing_id: z.string(),
  result_table_id: z.string(),
  raw_data_id: z.number().nullish(),
  bk_biz_id: z.number().nullish(),
  result_table_name: z.string().nullish(),
  result_table_name_alias: z.string().nullish(),
  clean_config_name: z.string().nullish(),
  description: z.string().nullish(),
  status: z.string().nullish(),
  fields: z.array(z.unknown()).nullish(),
  json_config: z.string().nullish(),
});
/** A clean. */
export type BkdataClean = z.output<typeof cleanSchema>;

/** Params of `GET cleans/{processing_id}/` (get_clean). */
export const getCleanInputSchema = z.looseObject({
  ...bkdataCommonShape,
  processing_id: processingIdSchema,
  bk_biz_id: bkBizIdSchema.optional(),
});
/** Params of {@link BkdataDatabusCleans.getClean}. */
export type BkdataGetCleanParams = z.input<typeof getCleanInputSchema>;

const cleanShape = {
  ...bkdataCommonShape,
  bk_biz_id: bkBizIdSchema,
  raw_data_id: rawDataIdSchema,
  /** bklog sends `bklog_<en_name>` with repeated underscores collapsed. */
  result_table_name: resultTableNameSchema,
  result_table_name_alias: z.string().min(1),
  clean_config_name: z.string().min(1),
  description: z.string().optional(),
  /** Clean fields; build them with `buildCleanFields(mapping)`. */
  fields: z.array(cleanFieldSchema).min(1),
  /** The BKData ETL config: JSON text, or an object sent as JSON text. */
  json_config: z.union([z.string().min(1), z.record(z.string(), z.unknown()).transform((config) => JSON.stringify(config))]),
};

/** Params of `POST cleans/` (databus_cleans_post). */
export const createCleanInputSchema = z.looseObject(cleanShape);
/** Params of {@link BkdataDatabusCleans.createClean}. */
export type BkdataCreateCleanParams = z.input<typeof createCleanInputSchema>;

/** Params of `PUT cleans/{processing_id}/` (databus_cleans_put). */
export const updateCleanInputSchema = z.looseObject({ ...cleanShape, processing_id: processingIdSchema });
/** Params of {@link BkdataDatabusCleans.updateClean}. */
export type BkdataUpdateCleanParams = z.input<typeof updateCleanInputSchema>;

/** What creating or updating a clean answers: bklog reads both ids. */
export const cleanMutationOutputSchema = z.looseObject({ processing_id: z.string(), result_table_id: z.string() });
/** What {@link BkdataDatabusCleans.createClean} returns. */
export type BkdataCleanMutationResult = z.output<typeof cleanMutationOutputSchema>;

const common = { module: 'bkdata', root: 'databus', before: addBkdataUserInfo, headerKeys: BKDATA_HEADER_KEYS, tenant: { from: 'bk_biz_id' } } as const;

/** The BKData clean endpoints (spec §5.3), for `client.call`. */
export const bkdataCleanEndpoints = {
  listCleans: defineEndpoint({
    ...common,
    name: 'get_cleans',
    description: 'Lists the cleans of a raw data.',
    method: 'GET',
    path: 'cleans/',
    input: listCleansInputSchema,
    output: z.array(cleanSchema),
  }),
  getClean: defineEndpoint({
    ...common,
    name: 'get_clean',
    description: 'One clean by processing id.',
    method: 'GET',
    path: 'cleans/{processing_id}/',
    input: getCleanInputSchema,
    output: cleanSchema,
  }),
  createClean: defineEndpoint({
    ...common,
    name: 'databus_cleans_post',
    description: 'Creates a clean (ETL) of a raw data into a result table.',
    method: 'POST',
    path: 'cleans/',
    input: createCleanInputSchema,
    output: cleanMutationOutputSchema,
  }),
  updateClean: defineEndpoint({
    ...common,
    name: 'databus_cleans_put',
    description: 'Updates a clean.',
    method: 'PUT',
    path: 'cleans/{processing_id}/',
    input: updateCleanInputSchema,
    output: cleanMutationOutputSchema,
  }),
} as const;

/** BKData cleans. */
export interface BkdataDatabusCleans {
  /**
   * The cleans of a raw data (an empty list means none yet).
   * @example
   * const cleans = await bkdata.databus.listCleans({ raw_data_id: 1000, bk_biz_id: 2 });
   */
  readonly listCleans: (params?: BkdataListCleansParams, options?: CallOptions) => Promise<BkdataClean[]>;
  /**
   * One clean.
   * @example
   * const { result_table_id } = await bkdata.databus.getClean({ processing_id: '2_bklog_nginx_access', bk_biz_id: 2 });
   */
  readonly getClean: (params: BkdataGetCleanParams, options?: CallOptions) => Promise<BkdataClean>;
  /**
   * Creates a clean; returns its processing id and result table id.
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
   * Updates a clean.
   * @example
   * await bkdata.databus.updateClean({ processing_id: '2_bklog_gateway', ...clean, description: 'v2' });
   */
  readonly updateClean: (params: BkdataUpdateCleanParams, options?: CallOptions) => Promise<BkdataCleanMutationResult>;
}

/** The clean methods bound to a core client. */
export function bindBkdataCleans(client: BkClient): BkdataDatabusCleans {
  const endpoints = bkdataCleanEndpoints;
  return {
    listCleans: (params = {}, options) => client.call(endpoints.listCleans, params, options),
    getClean: (params, options) => client.call(endpoints.getClean, params, options),
    createClean: (params, options) => client.call(endpoints.createClean, params, options),
    updateClean: (params, options) => client.call(endpoints.updateClean, params, options),
  };
}
