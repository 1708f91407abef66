import * as z from 'zod';
import { strictWithExtra, unifyQueryCommonShape, unifyQueryTableConditionSchema, unknownFields } from './unify-query-request.js';

/**
 * Params of `query/ts/info/field_map/`: one table, a `tsdb_map`, or a scene's table conditions.
 * Strict: an unknown field is a ValidationError naming it; unmodelled wire fields go in `extra`.
 */
export const queryFieldMapInputSchema = strictWithExtra(
  {
    ...unifyQueryCommonShape,
    data_source: z.string().optional(),
    table_id: z.string().optional(),
    tsdb_map: z
      .record(
        z.string(),
        z.array(
          z.strictObject(
            { source_type: z.string(), storage_type: z.string().optional(), storage_id: z.string().optional(), db: z.string().optional() },
            unknownFields('a tsdb_map entry', 'it has source_type, storage_type, storage_id and db'),
          ),
        ),
      )
      .optional(),
    table_id_conditions: z.array(z.array(unifyQueryTableConditionSchema)).optional(),
  },
  'query/ts/info/field_map',
);
/** Params of {@link UnifyQuery.queryFieldMap}. */
export type UnifyQueryFieldMapParams = z.input<typeof queryFieldMapInputSchema>;

/**
 * One field of a table's mapping (bkmonitor-datalink `pkg/unify-query` `FieldOption`: `alias_name`,
 * `field_name`, `field_type`, `origin_field`, `is_agg`, `is_analyzed`, `is_case_sensitive`,
 * `tokenize_on_chars`, none `omitempty`; `tokenize_on_chars` is a list in some versions and a
 * text in others). `field_name` names the field, so it is the one key required.
 */
export const unifyQueryFieldSchema = z.object({
  field_name: z.string(),
  field_type: z.string().nullish(),
  field_alias: z.string().nullish(),
  alias_name: z.string().nullish(),
  tag: z.string().nullish(),
  origin_field: z.string().nullish(),
  is_agg: z.boolean().nullish(),
  is_analyzed: z.boolean().nullish(),
  is_case_sensitive: z.boolean().nullish(),
  tokenize_on_chars: z.union([z.array(z.string()), z.string()]).nullish(),
});
/** One field of a table's mapping. */
export type UnifyQueryField = z.output<typeof unifyQueryFieldSchema>;

/**
 * What `query/ts/info/field_map/` answers: `{data: [...]}` (`DataResponse`, `trace_id` `omitempty`;
 * `handler_test.go` "test field map in es" has no `trace_id`). Scene callers also meet
 * `fields: {name: {type, ...}}` (bklog's scene-search test mock), so `data` is not required.
 */
export const queryFieldMapOutputSchema = z.object({
  data: z.array(unifyQueryFieldSchema).nullish(),
  fields: z.record(z.string(), z.unknown()).nullish(),
  trace_id: z.string().nullish(),
});
/** What {@link UnifyQuery.queryFieldMap} returns. */
export type UnifyQueryFieldMapResult = z.output<typeof queryFieldMapOutputSchema>;
