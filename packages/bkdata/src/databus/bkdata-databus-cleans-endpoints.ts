import { defineEndpoint } from '@x/core-client';
import * as z from 'zod';
import { addBkdataUserInfo, BKDATA_HEADER_KEYS, bkBizIdSchema, bkdataCommonShape, rawDataIdSchema } from '../bkdata-before-request.js';
import { bkdataInputObject, bkdataOutputObject } from '../bkdata-input.js';
import { cleanFieldSchema } from './bkdata-clean-field-schemas.js';
import { resultTableNameSchema } from './bkdata-databus-storages-endpoints.js';

/** A clean's processing id (BKData uses the result table id). */
export const processingIdSchema = z.string().min(1);

/** Params of `GET cleans/` (get_cleans). */
export const listCleansInputSchema = bkdataInputObject(
  {
    ...bkdataCommonShape,
    raw_data_id: rawDataIdSchema.optional(),
    bk_biz_id: bkBizIdSchema.optional(),
  },
  'get_cleans',
);
/** Params of {@link BkdataDatabusCleans.listCleans}. */
export type BkdataListCleansParams = z.input<typeof listCleansInputSchema>;

// Shaped by Tencent/bk-base src/api/datahub/databus/clean_views.py (`CleanViewset`) and clean.py
// (commits 5abd38af798b33cdedfdbf30ccbcd1bb61d6c35a / a347057402efc39b4ff683e0606dc2323c3169ec).

/**
 * A clean as `cleans/` lists it: a DatabusClean row (`.values()` in `get_clean_list_using_data_id`)
 * plus `status_display`. It has no `result_table_id` and no `bk_biz_id`: the processing id is the
 * result table id. Only `processing_id` is relied on.
 */
export const cleanListItemSchema = bkdataOutputObject({
  processing_id: z.string(),
  id: z.number().nullish(),
  raw_data_id: z.number().nullish(),
  clean_config_name: z.string().nullish(),
  clean_result_table_name: z.string().nullish(),
  clean_result_table_name_alias: z.string().nullish(),
  description: z.string().nullish(),
  json_config: z.string().nullish(),
  pe_config: z.string().nullish(),
  status: z.string().nullish(),
  status_display: z.string().nullish(),
  created_by: z.string().nullish(),
  created_at: z.string().nullish(),
  updated_by: z.string().nullish(),
  updated_at: z.string().nullish(),
});
/** A clean as listed. */
export type BkdataCleanListItem = z.output<typeof cleanListItemSchema>;

/**
 * One clean (`cleans/{processing_id}/`, and what creating one answers): the clean
 * (`model_to_dict`), `result_table_id` (set by the view), the result table from the meta API
 * (`result_table`, with `fields` and `storages`) and `status_display`.
 */
export const cleanSchema = cleanListItemSchema.extend({
  result_table_id: z.string(),
  result_table: bkdataOutputObject({
    result_table_id: z.string().nullish(),
    bk_biz_id: z.number().nullish(),
    result_table_name: z.string().nullish(),
    result_table_name_alias: z.string().nullish(),
    processing_type: z.string().nullish(),
    fields: z.array(bkdataOutputObject({ field_name: z.string().nullish(), field_type: z.string().nullish(), field_alias: z.string().nullish() })).nullish(),
    /** The table's storages by storage type. */
    storages: z.record(z.string(), z.unknown()).nullish(),
  }).nullish(),
});
/** A clean. */
export type BkdataClean = z.output<typeof cleanSchema>;

/** Params of `GET cleans/{processing_id}/` (get_clean). */
export const getCleanInputSchema = bkdataInputObject(
  {
    ...bkdataCommonShape,
    processing_id: processingIdSchema,
    bk_biz_id: bkBizIdSchema.optional(),
  },
  'get_clean',
);
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
  json_config: z.union([z.string().min(1), z.record(z.string(), z.json()).transform((config) => JSON.stringify(config))]),
};

/** Params of `POST cleans/` (databus_cleans_post). */
export const createCleanInputSchema = bkdataInputObject(cleanShape, 'databus_cleans_post');
/** Params of {@link BkdataDatabusCleans.createClean}. */
export type BkdataCreateCleanParams = z.input<typeof createCleanInputSchema>;

/** Params of `PUT cleans/{processing_id}/` (databus_cleans_put). */
export const updateCleanInputSchema = bkdataInputObject({ ...cleanShape, processing_id: processingIdSchema }, 'databus_cleans_put');
/** Params of {@link BkdataDatabusCleans.updateClean}. */
export type BkdataUpdateCleanParams = z.input<typeof updateCleanInputSchema>;

/** What creating a clean answers (`create_clean_config`): the clean; bklog reads both ids. */
export const cleanMutationOutputSchema = cleanSchema;
/** What {@link BkdataDatabusCleans.createClean} returns. */
export type BkdataCleanMutationResult = z.output<typeof cleanMutationOutputSchema>;

/** One storage config of a clean's table, as `update_clean_config` answers them (`model_to_dict`). */
export const cleanStorageConfigSchema = bkdataOutputObject({
  result_table_id: z.string().nullish(),
  raw_data_id: z.number().nullish(),
  data_type: z.string().nullish(),
  cluster_type: z.string().nullish(),
  cluster_name: z.string().nullish(),
  expires: z.string().nullish(),
  status: z.string().nullish(),
});

/**
 * What updating a clean answers. `update_clean_config` returns the storage configs of the table
 * (data_type `clean`); the view's apidoc documents `data: true`. Both are accepted; nothing in
 * either is relied on (bklog ignores it).
 */
export const updateCleanOutputSchema = z.union([z.array(cleanStorageConfigSchema), z.boolean()]);
/** What {@link BkdataDatabusCleans.updateClean} returns. */
export type BkdataUpdateCleanResult = z.output<typeof updateCleanOutputSchema>;

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
    output: z.array(cleanListItemSchema),
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
    output: updateCleanOutputSchema,
  }),
} as const;
