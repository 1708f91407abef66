import * as z from 'zod';
import { unknownPartFields } from '../bkdata-input.js';

/** One field of a clean (`fields` of `cleans/`, bk-base's `CleanSerializer.ResultTableFieldSerializer`). */
export const cleanFieldSchema = z.strictObject(
  {
    field_name: z.string().min(1),
    /** A BKData field type (`int`, `long`, `double`, `string`, `text`, `timestamp`...): bk-base's meta API checks it. */
    field_type: z.string().min(1),
    field_alias: z.string(),
    is_dimension: z.boolean(),
    /** 1-based position. */
    field_index: z.number().int().positive(),
  },
  unknownPartFields('a clean field'),
);
/** One field of a clean. */
export type BkdataCleanField = z.output<typeof cleanFieldSchema>;

/** One field of a storage (`fields` of `data_storages/`): a clean field plus its physical name. */
export const storageFieldSchema = z.strictObject(
  {
    ...cleanFieldSchema.shape,
    physical_field: z.string().min(1),
    /** The other flags of bk-base's `DataStorageSerializer.ResultTableFieldSerializer`. */
    is_index: z.boolean().optional(),
    is_key: z.boolean().optional(),
    is_pri_key: z.boolean().optional(),
    is_value: z.boolean().optional(),
    is_analyzed: z.boolean().optional(),
    is_doc_values: z.boolean().optional(),
    is_json: z.boolean().optional(),
  },
  unknownPartFields('a storage field'),
);
/** One field of a storage. */
export type BkdataStorageField = z.output<typeof storageFieldSchema>;
