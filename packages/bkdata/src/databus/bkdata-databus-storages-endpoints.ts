import { defineEndpoint } from '@x/core-client';
import * as z from 'zod';
import { addBkdataUserInfo, BKDATA_HEADER_KEYS, bkBizIdSchema, bkdataCommonShape, rawDataIdSchema } from '../bkdata-before-request.js';
import { bkdataInputObject, bkdataOutputObject, unknownPartFields } from '../bkdata-input.js';
import { storageFieldSchema } from './bkdata-clean-field-schemas.js';
import { BKDATA_STORAGE_TYPES } from './bkdata-storage-types.js';

/** A result table id: `<bk_biz_id>_<name>`. */
export const resultTableIdSchema = z.string().regex(/^-?\d+_\w+$/, 'must be a result table id such as 2_bklog_nginx');

/** A BKData result table name: a letter, then at most 49 letters, digits or underscores. */
export const resultTableNameSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,49}$/, 'must start with a letter and hold at most 50 letters, digits or underscores');

/** Params of `GET data_storages/` (get_config_db_list). */
export const listStoragesInputSchema = bkdataInputObject(
  {
    ...bkdataCommonShape,
    raw_data_id: rawDataIdSchema.optional(),
    /** The business; the tenant is derived from it. */
    bk_biz_id: bkBizIdSchema.optional(),
  },
  'get_config_db_list',
);
/** Params of {@link BkdataDatabusStorages.listStorages}. */
export type BkdataListStoragesParams = z.input<typeof listStoragesInputSchema>;

/**
 * One storage as `data_storages/` lists it (Tencent/bk-base src/api/datahub/databus/data_storage_views.py,
 * `DataStorageViewset.list`, which builds every row with these keys): bklog reads the type, the table
 * and the status. `result_table_id` is `""` for a raw data storage. `status` is translated
 * (`正常`), `status_en` is the raw value (`started`); the retention is `expire_time`.
 */
export const storageSchema = bkdataOutputObject({
  result_table_id: z.string(),
  storage_type: z.string(),
  raw_data_id: z.number().nullish(),
  bk_biz_id: z.number().nullish(),
  data_type: z.string().nullish(),
  result_table_name: z.string().nullish(),
  result_table_name_alias: z.string().nullish(),
  storage_cluster: z.string().nullish(),
  storage_type_alias: z.string().nullish(),
  expire_time: z.string().nullish(),
  expire_time_alias: z.string().nullish(),
  status: z.string().nullish(),
  status_en: z.string().nullish(),
  data_name: z.string().nullish(),
  data_alias: z.string().nullish(),
  created_by: z.string().nullish(),
  created_at: z.string().nullish(),
});
/** One storage. */
export type BkdataStorage = z.output<typeof storageSchema>;

const expiresSchema = z.union([
  z.string().regex(/^\d+d$/, 'must be a number of days such as "7d"'),
  z
    .number()
    .int()
    .positive()
    .transform((days) => `${days}d`),
]);

const storageShape = {
  ...bkdataCommonShape,
  bk_biz_id: bkBizIdSchema,
  raw_data_id: rawDataIdSchema,
  /** @default 'clean' */
  data_type: z.enum(['clean', 'raw_data']).default('clean'),
  result_table_name: resultTableNameSchema,
  result_table_name_alias: z.string().min(1),
  /** @default 'es' */
  storage_type: z.enum(BKDATA_STORAGE_TYPES).default('es'),
  /** The BKData cluster (bklog: the ES cluster's `custom_option.bkbase_cluster_id`). */
  storage_cluster: z.string().min(1),
  /** Retention: `"7d"`, or a number of days. */
  expires: expiresSchema,
  /** Storage fields; build them with `buildStorageFields(mapping)`. */
  fields: z.array(storageFieldSchema).min(1),
  /** Merged storage only, e.g. `write_{yyyyMMdd}_2_bklog_x` (the braces are literal). */
  physical_table_name: z.string().min(1).optional(),
  /** The key fields of key-value storages (`DataStorageSerializer.index_fields`). */
  index_fields: z.array(z.strictObject({ physical_field: z.string().min(1), index: z.number().int() }, unknownPartFields('an index_fields item'))).optional(),
  /** Storage options (`DataStorageSerializer.config`). */
  config: z
    .strictObject(
      {
        has_replica: z.boolean().optional(),
        max_records: z.number().int().optional(),
        zone_id: z.number().int().optional(),
        set_id: z.number().int().optional(),
      },
      unknownPartFields('config'),
    )
    .optional(),
};

/** Params of `POST data_storages/` (databus_data_storages_post). */
export const createStorageInputSchema = bkdataInputObject(storageShape, 'databus_data_storages_post');
/** Params of {@link BkdataDatabusStorages.createStorage}. */
export type BkdataCreateStorageParams = z.input<typeof createStorageInputSchema>;

/** Params of `PUT data_storages/{result_table_id}/` (databus_data_storages_put). */
export const updateStorageInputSchema = bkdataInputObject({ ...storageShape, result_table_id: resultTableIdSchema }, 'databus_data_storages_put');
/** Params of {@link BkdataDatabusStorages.updateStorage}. */
export type BkdataUpdateStorageParams = z.input<typeof updateStorageInputSchema>;

/** What creating or updating a storage answers: `DataStorageViewset.create` returns `Response(True)` (its apidoc shows `""`). Nothing in it is relied on. */
export const storageMutationOutputSchema = z.unknown();

const common = { module: 'bkdata', root: 'databus', before: addBkdataUserInfo, headerKeys: BKDATA_HEADER_KEYS, tenant: { from: 'bk_biz_id' } } as const;

/** The BKData storage endpoints (spec §5.3), for `client.call`. */
export const bkdataStorageEndpoints = {
  listStorages: defineEndpoint({
    ...common,
    name: 'get_config_db_list',
    description: 'Lists the storages of a raw data (cached 60 s).',
    method: 'GET',
    path: 'data_storages/',
    input: listStoragesInputSchema,
    output: z.array(storageSchema),
    cacheTtl: 60,
  }),
  // bklog caches these two POST/PUT answers for 60 s, so a repeated identical request within a
  // minute never reaches BKBase; a mutation is never cached here.
  createStorage: defineEndpoint({
    ...common,
    name: 'databus_data_storages_post',
    description: 'Adds a storage (e.g. Elasticsearch) to a clean result table.',
    method: 'POST',
    path: 'data_storages/',
    input: createStorageInputSchema,
    output: storageMutationOutputSchema,
  }),
  updateStorage: defineEndpoint({
    ...common,
    name: 'databus_data_storages_put',
    description: 'Updates the storage of a result table.',
    method: 'PUT',
    path: 'data_storages/{result_table_id}/',
    input: updateStorageInputSchema,
    output: storageMutationOutputSchema,
  }),
} as const;
