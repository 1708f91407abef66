import { lazyImport } from '@x/core-client';
import type { BkClient, CallOptions } from '@x/core-client';
import type * as z from 'zod';
import { createBkdataCoreClient } from '../bkdata-settings.js';
import type { BkdataAuthenticationMethod, BkdataSettings } from '../bkdata-settings.js';
import type { BkdataQuerySyncParams } from './bkdata-query-endpoints.js';

// The query group: its result types, param builders, methods and client. Its endpoint, schemas
// and list checks (bkdata-query-endpoints.ts) load with the first call.

const queryEndpoints = lazyImport(async () => import('./bkdata-query-endpoints.js'));

// ---------------------------------------------------------------------------------------------
// Results

export interface BkdataQueryResult<List = unknown> {
  /** SQL rows, or the Elasticsearch response, or the mappings. */
  readonly list: List;
  /** Rows (SQL) or hits (Elasticsearch) in total, when BKData says. */
  readonly totalRecords?: number | null | undefined;
  /** The column order of SQL rows. */
  readonly select_fields_order?: readonly string[] | null | undefined;
  /** The storage that answered (`es`, `mysql`, ...). */
  readonly device?: string | null | undefined;
  /** The storage cluster that answered. */
  readonly cluster?: string | null | undefined;
  /** The statement as the engine ran it. */
  readonly sql?: string | null | undefined;
  /** The result tables the statement read. */
  readonly result_table_ids?: readonly string[] | null | undefined;
  /** Seconds the query took. */
  readonly timetaken?: number | null | undefined;
}

/**
 * A SQL row when the caller does not type it (`sql<Row>()` / `rowSchema` do): the built-in
 * columns of a bklog log table and bk-base's time columns, `unknown` because the SELECT decides
 * which appear and the storage their type. Read other columns through your own row type.
 * @example
 * const { list } = await bkdata.query.sql<{ level: string; n: number }>('SELECT level, COUNT(*) AS n FROM 2_bklog_app_logs GROUP BY level');
 */
export interface BkdataSqlRow {
  /** bk-base's event time, epoch milliseconds. */
  readonly dtEventTimeStamp?: unknown;
  /** bk-base's event time as `yyyy-MM-dd HH:mm:ss`. */
  readonly dtEventTime?: unknown;
  /** bk-base's local ingestion time. */
  readonly localTime?: unknown;
  /** bk-base's partition date, `yyyyMMdd`. */
  readonly thedate?: unknown;
  /** The collector's time (bklog's `time` field). */
  readonly time?: unknown;
  /** The original log line. */
  readonly log?: unknown;
  /** The host's IP. */
  readonly serverIp?: unknown;
  /** The host id (CMDB). */
  readonly bk_host_id?: unknown;
  /** The cloud area id. */
  readonly cloudId?: unknown;
  /** The collector's sequence number. */
  readonly gseIndex?: unknown;
  /** The line's index within one collection. */
  readonly iterationIndex?: unknown;
  /** The log file path. */
  readonly path?: unknown;
}

/** Options of {@link BkdataQuery.sql}: the query options plus the row schema. */
export interface BkdataSqlOptions<Row> extends BkdataQueryOptions {
  /**
   * Checks each row and gives `Row` its type; a row that fails is an output ValidationError naming
   * `list[<index>].<field>`. Without it rows are only checked to be objects.
   * @example rowSchema: z.object({ level: z.string(), n: z.number() })
   */
  readonly rowSchema?: z.ZodType<Row> | undefined;
}

/** One hit of an Elasticsearch search. Other keys the server sends are kept at run time. */
export interface BkdataEsHit {
  readonly _index?: string | undefined;
  readonly _id?: string | undefined;
  readonly _score?: number | null | undefined;
  /** The document, keyed by field name. */
  readonly _source?: Readonly<Record<string, unknown>> | undefined;
  /** Highlighted fragments by field name. */
  readonly highlight?: Readonly<Record<string, readonly string[]>> | undefined;
  readonly sort?: readonly unknown[] | undefined;
}

/** An Elasticsearch search response as BKData passes it through. Other keys are kept at run time. */
export interface BkdataEsSearchResponse {
  readonly took?: number | undefined;
  readonly timed_out?: boolean | undefined;
  readonly _scroll_id?: string | undefined;
  readonly _shards?:
    | {
        readonly total?: number | undefined;
        readonly successful?: number | undefined;
        readonly skipped?: number | undefined;
        readonly failed?: number | undefined;
      }
    | undefined;
  readonly hits: {
    readonly total?: { readonly value: number; readonly relation?: string | undefined } | number | undefined;
    readonly max_score?: number | null | undefined;
    readonly hits: readonly BkdataEsHit[];
  };
  /** Aggregation results by aggregation name. */
  readonly aggregations?: Readonly<Record<string, unknown>> | undefined;
}

/** One field's mapping. Other mapping parameters are kept at run time. */
export interface BkdataEsFieldMapping {
  readonly type?: string | undefined;
  readonly format?: string | undefined;
  readonly analyzer?: string | undefined;
  readonly ignore_above?: number | undefined;
  readonly doc_values?: boolean | undefined;
  readonly index?: boolean | undefined;
  /** Sub-fields (`keyword` of a `text` field...). */
  readonly fields?: Readonly<Record<string, BkdataEsFieldMapping>> | undefined;
  /** Object fields by name. */
  readonly properties?: Readonly<Record<string, BkdataEsFieldMapping>> | undefined;
}

/** The mapping of one physical index. */
export interface BkdataEsIndexMapping {
  readonly mappings?: { readonly dynamic?: unknown; readonly properties?: Readonly<Record<string, BkdataEsFieldMapping>> | undefined } | undefined;
}

/** Mappings keyed by physical index name, as a mapping fetch answers. */
export type BkdataEsMappings = Readonly<Record<string, BkdataEsIndexMapping>>;

// ---------------------------------------------------------------------------------------------
// Param builders

/**
 * `QUERY_SQL_SYNTAX_ERROR` in the query engine's `ResultCodeEnum` (Tencent/bk-base
 * src/datalab/queryengine, `enums/ResultCodeEnum.java`): the SQL, or an Elasticsearch request whose
 * index cannot be read, does not parse. bklog's `BKDATA_NOT_HAVE_INDEX` gives it another meaning;
 * it is an error here like any other failure.
 */
export const BKDATA_QUERY_SQL_SYNTAX_ERROR_CODE = '1532006';

/**
 * `query_sync` params of a SQL query.
 * @example await bkdata.query.querySync(buildSqlQuery('SELECT log FROM 2_bklog_app_logs LIMIT 10'))
 */
export function buildSqlQuery(sql: string): BkdataQuerySyncParams {
  return { sql };
}

function indexExpression(index: string | readonly string[]): string {
  return typeof index === 'string' ? index : index.join(',');
}

/**
 * `query_sync` params of an Elasticsearch search passed through BKData (`prefer_storage: 'es'`).
 * @example buildEsQuery('2_bklog_app_logs_*', { query: { match: { level: 'error' } }, size: 10, track_total_hits: true })
 */
export function buildEsQuery(index: string | readonly string[], body: Readonly<Record<string, unknown>>): BkdataQuerySyncParams {
  return { prefer_storage: 'es', sql: JSON.stringify({ index: indexExpression(index), body }) };
}

/**
 * `query_sync` params of a mapping fetch: `{index: "<rt>_*,...", mapping: true}`.
 * @example buildEsMappingQuery(['2_bklog_app_logs_*', '2_bklog_audit_*'])
 */
export function buildEsMappingQuery(indices: string | readonly string[]): BkdataQuerySyncParams {
  return { prefer_storage: 'es', sql: JSON.stringify({ index: indexExpression(indices), mapping: true }) };
}

/**
 * An empty `list` is what the server means as "nothing": bk-base's `genSyncResponse` answers `[]`
 * when the driver set no result, and bklog's ES client turns a falsy `list` into
 * `{"hits": {"hits": [], "total": 0}}`. A search on an index that does not exist is already a
 * success with no hits (`EsQueryDriver` searches with `ignore_unavailable=true`).
 */
function isEmptyList(list: unknown): boolean {
  if (list === undefined || list === null) return true;
  if (Array.isArray(list)) return list.length === 0;
  return typeof list === 'object' && Object.keys(list).length === 0;
}

const EMPTY_SEARCH: BkdataEsSearchResponse = { hits: { total: 0, hits: [] } };

// ---------------------------------------------------------------------------------------------
// The group

/** Options of the query methods: call options plus the authentication of this query. */
export interface BkdataQueryOptions extends Omit<CallOptions, 'raw'> {
  /**
   * `user` or `token` for this query.
   * @default the client's `authenticationMethod`, else 'user'
   */
  readonly authenticationMethod?: BkdataAuthenticationMethod | undefined;
  /**
   * The data token of this query (a secret).
   * @default the client's `dataToken`, else env BKAPP_BKDATA_DATA_TOKEN
   */
  readonly dataToken?: string | undefined;
}

/**
 * BKData query (spec §5.2): `query_sync` for SQL and Elasticsearch passthrough. `querySync` params
 * are strict; other query-engine fields go in `extra` (`BkdataExtra`).
 * @example await bkdata.query.querySync({ sql: 'SELECT 1', extra: { properties: { timeout: 30 } } });
 */
export interface BkdataQuery {
  /**
   * Runs `query_sync/` (with `no_request: true`, as bklog sends every query). Every `result: false`
   * answer throws an ApiResultError, `1532006` (`QUERY_SQL_SYNTAX_ERROR`) included.
   * @example
   * const result = await bkdata.query.querySync({ sql: 'SELECT level, COUNT(*) AS n FROM 2_bklog_app_logs GROUP BY level' });
   */
  readonly querySync: (params: BkdataQuerySyncParams, options?: BkdataQueryOptions) => Promise<BkdataQueryResult>;
  /**
   * Runs a SQL query; `list` holds the rows (`[]` when the server answers an empty or missing `list`).
   * Rows are typed by the caller: `sql<Row>(text)`, or `rowSchema` to check each row (a row that
   * fails is an output ValidationError naming its index and field); by default {@link BkdataSqlRow}.
   * A broken statement is an ApiResultError (`1532006`), never an empty list.
   * @example
   * const { list } = await bkdata.query.sql('SELECT level, COUNT(*) AS n FROM 2_bklog_app_logs GROUP BY level', {
   *   rowSchema: z.object({ level: z.string(), n: z.number() }),
   * });
   */
  readonly sql: <Row = BkdataSqlRow>(text: string, options?: BkdataSqlOptions<Row>) => Promise<BkdataQueryResult<Row[]>>;
  /**
   * Runs an Elasticsearch search through BKData (`prefer_storage: 'es'`); `list` is the response,
   * or `{hits: {total: 0, hits: []}}` when the server answers an empty `list` (as bklog reads it).
   * @example
   * const { list } = await bkdata.query.es('2_bklog_app_logs_*', { query: { term: { level: 'error' } }, size: 5 });
   * console.log(list.hits.hits.map((hit) => hit._source));
   */
  readonly es: (
    index: string | readonly string[],
    body: Readonly<Record<string, unknown>>,
    options?: BkdataQueryOptions,
  ) => Promise<BkdataQueryResult<BkdataEsSearchResponse>>;
  /**
   * Fetches the mappings of indices (`{index, mapping: true}`); `list` is keyed by physical index.
   * @example
   * const { list } = await bkdata.query.esMapping(['2_bklog_app_logs_*']);
   */
  readonly esMapping: (indices: string | readonly string[], options?: BkdataQueryOptions) => Promise<BkdataQueryResult<BkdataEsMappings>>;
}

/** The query group bound to an existing core client (what `createBkdata` uses). */
export function bindBkdataQuery(client: BkClient, settings: Pick<BkdataSettings, 'authenticationMethod' | 'dataToken'> = {}): BkdataQuery {
  const querySync = async (params: BkdataQuerySyncParams, options: BkdataQueryOptions = {}): Promise<BkdataQueryResult> => {
    const { authenticationMethod, dataToken, ...callOptions } = options;
    const method = params.bkdata_authentication_method ?? authenticationMethod ?? settings.authenticationMethod ?? 'user';
    const token = params.bkdata_data_token ?? dataToken ?? settings.dataToken;
    const sent: BkdataQuerySyncParams = {
      ...params,
      bkdata_authentication_method: method,
      ...(method === 'token' && token !== undefined && token !== '' ? { bkdata_data_token: token } : {}),
    };
    const result = await client.call((await queryEndpoints()).bkdataQueryEndpoints.querySync, sent, callOptions);
    return { ...result, list: result.list };
  };
  return {
    querySync,
    sql: async <Row = BkdataSqlRow>(text: string, options: BkdataSqlOptions<Row> = {}): Promise<BkdataQueryResult<Row[]>> => {
      const { rowSchema, ...queryOptions } = options;
      const result = await querySync(buildSqlQuery(text), queryOptions);
      if (isEmptyList(result.list)) return { ...result, list: [] };
      return { ...result, list: (await queryEndpoints()).sqlRows(result.list, rowSchema) };
    },
    es: async (index, body, options) => {
      const result = await querySync(buildEsQuery(index, body), options);
      return { ...result, list: isEmptyList(result.list) ? EMPTY_SEARCH : (await queryEndpoints()).esSearchResponse(result.list) };
    },
    esMapping: async (indices, options) => {
      const result = await querySync(buildEsMappingQuery(indices), options);
      return { ...result, list: isEmptyList(result.list) ? {} : (await queryEndpoints()).esMappings(result.list) };
    },
  };
}

/** The query group on a client of its own, for `@x/bkdata/query` users. */
export interface BkdataQueryClient extends BkdataQuery {
  /** The underlying core client. */
  readonly client: BkClient;
  /** Closes the client's connections. */
  readonly close: () => Promise<void>;
}

/**
 * Creates a client for BKData queries only.
 * @example
 * import { createBkdataQuery } from '@x/bkdata/query';
 * const query = createBkdataQuery({ apiHost: 'http://paas.example.com', authenticationMethod: 'token' });
 * const { list } = await query.sql('SELECT * FROM 2_bklog_app_logs LIMIT 10');
 */
export function createBkdataQuery(settings: BkdataSettings = {}): BkdataQueryClient {
  const client = createBkdataCoreClient(settings);
  return { ...bindBkdataQuery(client, settings), client, close: () => client.close() };
}
