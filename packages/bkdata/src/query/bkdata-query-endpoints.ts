import { defineEndpoint } from '@x/core-client';
import type { BeforeRequestContext, WireParams } from '@x/core-client';
import { ValidationError } from '@x/errors';
import * as z from 'zod';
import { addBkdataTokenInfo, BKDATA_HEADER_KEYS, bkdataCommonShape } from '../bkdata-before-request.js';
import { bkdataInputObject, bkdataOutputObject } from '../bkdata-input.js';
import type { BkdataEsMappings, BkdataEsSearchResponse, BkdataSqlRow } from './bkdata-query.js';

// ---------------------------------------------------------------------------------------------
// Schemas

/**
 * Params of `query_sync/`: a SQL text, or an Elasticsearch request as JSON text with
 * `prefer_storage: 'es'`. Other wire fields of the query engine go in `extra`.
 */
export const querySyncInputSchema = bkdataInputObject(
  {
    ...bkdataCommonShape,
    /** SQL, or with `prefer_storage: 'es'` the JSON text `{index, body}` / `{index, mapping: true}`. */
    sql: z.string().min(1),
    /**
     * The storage to run on; `es` sends `sql` to Elasticsearch as it is. Not a closed set: the query
     * engine picks among the storages of the table (`es`, `mysql`, `tspider`, `hdfs`, ... per deployment).
     */
    prefer_storage: z.string().min(1).optional(),
    /** The data token of `token` mode. A secret: redacted from logs and errors. */
    bkdata_data_token: z.string().min(1).optional(),
  },
  'query_sync',
);
/** Params of {@link BkdataQuery.querySync}. */
export type BkdataQuerySyncParams = z.input<typeof querySyncInputSchema>;

/**
 * What `query_sync/` answers: `list` holds SQL rows, or the Elasticsearch response / mapping.
 * Shaped by the query engine's `genSyncResponse` (Tencent/bk-base src/datalab/queryengine): `list`
 * (`[]` when the driver set nothing), totalRecords, select_fields_order, device, cluster, sql,
 * result_table_ids, timetaken, written with Jackson `NON_NULL`, so any of them may be left out.
 */
export const querySyncOutputSchema = bkdataOutputObject({
  list: z.unknown().optional(),
  totalRecords: z.number().nullish(),
  select_fields_order: z.array(z.string()).nullish(),
  device: z.string().nullish(),
  cluster: z.string().nullish(),
  sql: z.string().nullish(),
  result_table_ids: z.array(z.string()).nullish(),
  timetaken: z.number().nullish(),
});

/**
 * A `query_sync/` result whose `list` is typed by the kind of query: the fields of the query
 * engine's `genSyncResponse`, each of which it may leave out (Jackson `NON_NULL`). Other keys the
 * server adds are kept on the object at run time.
 */

// ---------------------------------------------------------------------------------------------
// Endpoint (spec §5.2)

/**
 * bklog's `BkDataQueryApi.query` is declared `use_superuser=True`, so its DataAPI sets
 * `params["no_request"] = True` on every query (spec §1.2, §5.2): the query runs as the backend,
 * never with the web request's cookies. Sent the same way, after the token/user info.
 */
export function addBkdataQueryInfo(params: WireParams, context: BeforeRequestContext): WireParams {
  return { ...addBkdataTokenInfo(params, context), no_request: true };
}

/** The BKData query endpoint, for `client.call`. Every `result: false` answer is an ApiResultError. */
export const bkdataQueryEndpoints = {
  querySync: defineEndpoint({
    module: 'bkdata',
    name: 'query_sync',
    description: 'Runs a SQL query, or an Elasticsearch request with prefer_storage es, and waits for the result.',
    method: 'POST',
    path: 'query_sync/',
    root: 'query',
    input: querySyncInputSchema,
    output: querySyncOutputSchema,
    before: addBkdataQueryInfo,
    headerKeys: BKDATA_HEADER_KEYS,
    // A query changes nothing: retrying one that timed out or met a 502 is harmless.
    idempotent: true,
  }),
} as const;

// ---------------------------------------------------------------------------------------------
// What `list` holds, for the helpers that know it (sql, es, esMapping)

const defaultRowSchema: z.ZodType<BkdataSqlRow> = z.record(z.string(), z.unknown());
const esHitSchema = z.looseObject({ _index: z.string().optional(), _id: z.string().optional(), _source: z.record(z.string(), z.unknown()).optional() });
const esSearchResponseSchema = z.looseObject({
  hits: z.looseObject({
    total: z.union([z.number(), z.looseObject({ value: z.number(), relation: z.string().optional() })]).optional(),
    hits: z.array(esHitSchema),
  }),
});
const esMappingsSchema = z.record(
  z.string(),
  z.looseObject({ mappings: z.looseObject({ properties: z.record(z.string(), z.unknown()).optional() }).optional() }),
);

// The helpers know what `list` holds; a shape that does not fit is an output ValidationError,
// like any other response that breaks its schema.
function checkList<List>(schema: z.ZodType<List>, list: unknown): List {
  const parsed = schema.safeParse(list);
  if (parsed.success) return parsed.data;
  throw new ValidationError({
    direction: 'output',
    module: 'bkdata',
    endpoint: 'query_sync',
    issues: parsed.error.issues.map((issue) => ({
      path: ['list', ...issue.path.map((part) => (typeof part === 'number' ? part : String(part)))],
      message: issue.message,
      code: issue.code,
    })),
  });
}

/** SQL rows of `list`: each one checked by `rowSchema`; without one, only checked to be an object. */
export function sqlRows<Row>(list: unknown, rowSchema: z.ZodType<Row> | undefined): Row[] {
  // Without a row schema the caller's `Row` is trusted beyond each row being an object.
  return rowSchema === undefined ? (checkList(z.array(defaultRowSchema), list) as Row[]) : checkList(z.array(rowSchema), list);
}

/** The Elasticsearch search response of `list`. */
export function esSearchResponse(list: unknown): BkdataEsSearchResponse {
  return checkList(esSearchResponseSchema, list);
}

/** The mappings of `list`, by physical index. */
export function esMappings(list: unknown): BkdataEsMappings {
  return checkList(esMappingsSchema, list) as BkdataEsMappings;
}
