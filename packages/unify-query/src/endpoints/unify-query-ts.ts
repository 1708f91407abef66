import * as z from 'zod';
import { strictWithExtra, unifyQueryBaseShape } from './unify-query-request.js';

/**
 * Params of `query/ts/` and `query/ts/reference/`. Strict: an unknown field is a ValidationError
 * naming it; unmodelled wire fields go in `extra`.
 */
export const queryTsInputSchema = strictWithExtra(unifyQueryBaseShape, 'query/ts');
/** Params of {@link UnifyQuery.queryTs} and {@link UnifyQuery.queryTsReference}. */
export type UnifyQueryTsParams = z.input<typeof queryTsInputSchema>;

/**
 * The status unify-query attaches to an answer it could (partly) serve, e.g.
 * `{code: 'SPACE_TABLE_ID_FIELD_IS_NOT_EXISTS'}` (bkmonitor-datalink `pkg/unify-query/metadata`
 * `Status{Code, Message}`). Informational: a query that fails outright is an HTTP 400.
 */
export const unifyQueryStatusSchema = z.object({
  code: z.string().nullish(),
  message: z.string().nullish(),
});
/** The status of an answer. */
export type UnifyQueryStatus = z.output<typeof unifyQueryStatusSchema>;

/**
 * One series (bkmonitor-datalink `pkg/unify-query/service/http` `TablesItem`: `name` (`_result<n>`),
 * `metric_name`, `columns`, `types`, `group_keys`, `group_values`, `values`, and `stat` with
 * `omitempty`). None is `omitempty` but Go writes a nil slice as `null`, so all are nullish.
 */
export const unifyQuerySeriesSchema = z.object({
  name: z.string().nullish(),
  metric_name: z.string().nullish(),
  columns: z.array(z.string()).nullish(),
  types: z.array(z.string()).nullish(),
  group_keys: z.array(z.string()).nullish(),
  group_values: z.array(z.string()).nullish(),
  /** `[epoch ms, value]` points; extra columns (`result_columns`) follow when asked for. */
  values: z.array(z.tuple([z.number(), z.number().nullable()], z.unknown())).nullish(),
});
/** One series. */
export type UnifyQuerySeries = z.output<typeof unifyQuerySeriesSchema>;

/**
 * What `query/ts/` and `query/ts/reference/` answer: unify-query's `PromData`
 * (bkmonitor-datalink `pkg/unify-query/service/http/prom_data.go`): `series`, `is_partial`, and
 * `status`, `trace_id`, `result_table_id` all `omitempty`. A successful answer carries no
 * `status` at all (`handler_test.go` `TestQueryReferenceWithHandler`: `{"series":[...],"is_partial":false}`),
 * so nothing here is required; bklog reads only the series. Other fields are dropped, so a new
 * one never fails a call.
 */
export const queryTsOutputSchema = z.object({
  series: z.array(unifyQuerySeriesSchema).nullish(),
  trace_id: z.string().nullish(),
  status: unifyQueryStatusSchema.nullish(),
  is_partial: z.boolean().nullish(),
  result_table_id: z.array(z.string()).nullish(),
});
/** What {@link UnifyQuery.queryTs} returns. */
export type UnifyQueryTsResult = z.output<typeof queryTsOutputSchema>;
