import * as z from 'zod';
import { strictWithExtra, unifyQueryBaseShape, unknownFields } from './unify-query-request.js';
import { unifyQueryStatusSchema } from './unify-query-ts.js';

/**
 * Where each table of a scroll or slice export stands, keyed `<table_id>|<storage_id>` (and
 * `|<slice>` in a slice export; bkmonitor-datalink `pkg/unify-query/metadata` `Query.TableUUID`).
 * Every field is `omitempty` upstream (`ResultTableOption`).
 */
export const resultTableOptionSchema = z.object({
  from: z.number().nullish(),
  scroll_id: z.string().nullish(),
  search_after: z.array(z.unknown()).nullish(),
  slice_index: z.number().nullish(),
  slice_max: z.number().nullish(),
  sql: z.string().nullish(),
  result_schema: z.array(z.unknown()).nullish(),
});
/** Where one table of a scroll stands. */
export type UnifyQueryResultTableOption = z.output<typeof resultTableOptionSchema>;

const resultTableOptionsSchema = z.record(z.string(), resultTableOptionSchema);

/**
 * Params of `query/ts/raw/`: a page (`from`/`limit`), a scroll page or a search-after page.
 * Strict: an unknown field is a ValidationError naming it; unmodelled wire fields go in `extra`.
 */
export const queryTsRawInputSchema = strictWithExtra(
  {
    ...unifyQueryBaseShape,
    /** Keep-alive of a scroll, e.g. `1m`; with it the answer carries a scroll to continue. */
    scroll: z.string().min(1).optional(),
    /** The trace id of the previous page of a scroll. */
    trace_id: z.string().min(1).optional(),
    /** The previous page's `result_table_options`, to continue a scroll or search-after. */
    result_table_options: resultTableOptionsSchema.optional(),
    is_search_after: z.boolean().optional(),
    highlight: z.strictObject({ enable: z.boolean() }, unknownFields('highlight', 'it has enable')).optional(),
    dry_run: z.boolean().optional(),
    is_merge_db: z.boolean().optional(),
  },
  'query/ts/raw',
);
/** Params of {@link UnifyQuery.queryTsRaw}. */
export type UnifyQueryRawParams = z.input<typeof queryTsRawInputSchema>;

/** Params of `query/ts/raw_with_scroll/` (slice export). Strict, with `extra`. */
export const queryTsRawWithScrollInputSchema = strictWithExtra(
  {
    ...unifyQueryBaseShape,
    /** Keep-alive of the export's scrolls; bklog sends `5m`. */
    scroll: z.string().min(1).optional(),
    /** Slices per table (bklog: 3 for a quick export, else 0). */
    slice_max: z.number().int().nonnegative().optional(),
    /** `true` on the first call of an export only: starts it afresh. */
    clear_cache: z.boolean().optional(),
    trace_id: z.string().min(1).optional(),
    result_table_options: resultTableOptionsSchema.optional(),
  },
  'query/ts/raw_with_scroll',
);
/** Params of {@link UnifyQuery.queryTsRawWithScroll}. */
export type UnifyQueryRawWithScrollParams = z.input<typeof queryTsRawWithScrollInputSchema>;

const textOrNumber = z.union([z.string(), z.number()]);

/**
 * A log row of bklog as unify-query returns it: unify-query's own `__` keys (`__data_label` the
 * index set's data label, `__doc_id`, `__index`, `__result_table`, `__highlight` when asked for),
 * `_time`, and the fields every bklog index set has (`dtEventTimeStamp`, `time`, `log`, `serverIp`,
 * `path`, `gseIndex`, `iterationIndex`, `bk_host_id`, `cloudId`). All optional: an index set need
 * not have them. The document's other fields are in the row at run time but not in this type: give
 * your row type and a schema (`rowSchema`) to read them typed.
 */
export interface UnifyQueryLogRow {
  __data_label?: string | undefined;
  __doc_id?: string | undefined;
  __index?: string | undefined;
  __result_table?: string | undefined;
  /** Highlighted fragments by dotted field name. */
  __highlight?: Record<string, string[]> | undefined;
  _time?: string | number | undefined;
  dtEventTimeStamp?: string | number | undefined;
  time?: string | number | undefined;
  log?: string | undefined;
  serverIp?: string | undefined;
  path?: string | undefined;
  gseIndex?: string | number | undefined;
  iterationIndex?: string | number | undefined;
  bk_host_id?: string | number | undefined;
  cloudId?: string | number | undefined;
}

/**
 * The default row schema: the fields of {@link UnifyQueryLogRow} are checked when present, and the
 * document's other fields are kept as sent (not dropped: an export writes whole rows).
 */
export const unifyQueryRowSchema: z.ZodType<UnifyQueryLogRow> = z.looseObject({
  __data_label: z.string().optional(),
  __doc_id: z.string().optional(),
  __index: z.string().optional(),
  __result_table: z.string().optional(),
  __highlight: z.record(z.string(), z.array(z.string())).optional(),
  _time: textOrNumber.optional(),
  dtEventTimeStamp: textOrNumber.optional(),
  time: textOrNumber.optional(),
  log: z.string().optional(),
  serverIp: z.string().optional(),
  path: z.string().optional(),
  gseIndex: textOrNumber.optional(),
  iterationIndex: textOrNumber.optional(),
  bk_host_id: textOrNumber.optional(),
  cloudId: textOrNumber.optional(),
});

/** One log row, as the endpoints return it by default (see {@link UnifyQueryLogRow}). */
export type UnifyQueryRow = UnifyQueryLogRow;

/**
 * What `query/ts/raw/` and `query/ts/raw_with_scroll/` answer: unify-query's `ListData`
 * (bkmonitor-datalink `pkg/unify-query/service/http/response.go`). `status` was `omitempty` until
 * 2025-09 and is `null` on success since; `trace_id` and `result_table_options` are `omitempty`;
 * `result_table_id` is new (absent from older servers). bklog's own test mocks
 * (`bklog/apps/tests/log_unifyquery/test_chart.py`) answer with `list` and `result_table_options`
 * only, so nothing here is required.
 *
 * `total` means two different things: on `query/ts/raw/` the matching rows the storage counted
 * (Elasticsearch `hits.total` summed over tables: a lower bound past 10 000 unless the storage
 * counts exactly); on `query/ts/raw_with_scroll/` only the rows of that call (`queryRawWithScroll`
 * sums each slice's rows; `scroll_test.go` expects 3, 3, 2, 0 over an Elasticsearch session and
 * 6, 6, 0 over a Doris one).
 */
export const queryTsRawOutputSchema = z.object({
  total: z.number().nullish(),
  list: z.array(unifyQueryRowSchema).nullish(),
  done: z.boolean().nullish(),
  trace_id: z.string().nullish(),
  status: unifyQueryStatusSchema.nullish(),
  result_table_options: resultTableOptionsSchema.nullish(),
  result_table_id: z.array(z.string()).nullish(),
  took: z.number().nullish(),
});
/**
 * What {@link UnifyQueryClient.queryTsRaw} returns: `list` holds rows of the caller's type (`Row`,
 * checked by `rowSchema` when one is given), {@link UnifyQueryLogRow} by default. Other answer
 * fields are dropped, so a new one never fails a call.
 */
export type UnifyQueryRawResult<Row = UnifyQueryLogRow> = Omit<z.output<typeof queryTsRawOutputSchema>, 'list'> & {
  list?: Row[] | null | undefined;
};
