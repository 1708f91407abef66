import * as z from 'zod';
import { unifyQueryBaseShape } from './unify-query-request.js';

/** Params of `query/ts/` and `query/ts/reference/`. */
export const queryTsInputSchema = z.looseObject(unifyQueryBaseShape);
/** Params of {@link UnifyQuery.queryTs} and {@link UnifyQuery.queryTsReference}. */
export type UnifyQueryTsParams = z.input<typeof queryTsInputSchema>;

/** One series: its group and its `[epoch ms, value]` points. */
export const unifyQuerySeriesSchema = z.looseObject({
  name: z.string().nullish(),
  group_keys: z.array(z.string()).nullish(),
  group_values: z.array(z.string()).nullish(),
  values: z.array(z.tuple([z.number(), z.number().nullable()])).nullish(),
});
/** One series. */
export type UnifyQuerySeries = z.output<typeof unifyQuerySeriesSchema>;

/** What `query/ts/` and `query/ts/reference/` answer (bklog reads only the series). */
export const queryTsOutputSchema = z.looseObject({
  series: z.array(unifyQuerySeriesSchema).nullish(),
  trace_id: z.string().nullish(),
  status: z.unknown(),
  is_partial: z.boolean().nullish(),
});
/** What {@link UnifyQuery.queryTs} returns. */
export type UnifyQueryTsResult = z.output<typeof queryTsOutputSchema>;
