/** The Elasticsearch-style type of a seeded field. */
export type SeededFieldType = 'keyword' | 'text' | 'long' | 'integer' | 'double' | 'date';

/** One field of a seeded index set. */
export interface SeededField {
  readonly fieldName: string;
  readonly fieldType: SeededFieldType;
  readonly fieldAlias: string;
}

/** One seeded index set: the same records are a unify-query table and a BKData result table. */
export interface IndexSetDefinition {
  readonly indexSetId: number;
  /** The unify-query table id, `bklog_index_set_<indexSetId>`. */
  readonly tableId: string;
  /** The BKData result table id, `<bkBizId>_<resultTableName>`. */
  readonly resultTableId: string;
  readonly bkBizId: number;
  /** The seeded raw data id the records were collected from. */
  readonly rawDataId: number;
  readonly name: string;
  /** Share of `recordCount` this index set receives. */
  readonly share: number;
  readonly fields: readonly SeededField[];
}

const commonFields: readonly SeededField[] = [
  { fieldName: 'dtEventTimeStamp', fieldType: 'date', fieldAlias: 'event time (epoch ms)' },
  { fieldName: 'time', fieldType: 'long', fieldAlias: 'time (epoch ms)' },
  { fieldName: 'log', fieldType: 'text', fieldAlias: 'original log' },
  { fieldName: 'level', fieldType: 'keyword', fieldAlias: 'level' },
  { fieldName: 'serverIp', fieldType: 'keyword', fieldAlias: 'server IP' },
  { fieldName: 'bk_host_id', fieldType: 'integer', fieldAlias: 'host id' },
  { fieldName: 'cloudId', fieldType: 'integer', fieldAlias: 'cloud area id' },
  { fieldName: 'gseIndex', fieldType: 'long', fieldAlias: 'gse index' },
  { fieldName: 'iterationIndex', fieldType: 'integer', fieldAlias: 'iteration index' },
  { fieldName: 'service', fieldType: 'keyword', fieldAlias: 'service' },
  { fieldName: 'trace_id', fieldType: 'keyword', fieldAlias: 'trace id' },
];

const requestFields: readonly SeededField[] = [
  { fieldName: 'method', fieldType: 'keyword', fieldAlias: 'HTTP method' },
  { fieldName: 'path', fieldType: 'keyword', fieldAlias: 'request path' },
  { fieldName: 'status', fieldType: 'integer', fieldAlias: 'HTTP status' },
  { fieldName: 'latency_ms', fieldType: 'double', fieldAlias: 'latency (ms)' },
];

/** The index sets every sandbox serves. Ids and names are fixed; only the records depend on the seed. */
export const INDEX_SETS: readonly IndexSetDefinition[] = [
  {
    indexSetId: 42,
    tableId: 'bklog_index_set_42',
    resultTableId: '2_bklog_nginx_access',
    bkBizId: 2,
    rawDataId: 1000,
    name: 'nginx access',
    share: 0.5,
    fields: [...commonFields, ...requestFields, { fieldName: 'client_ip', fieldType: 'keyword', fieldAlias: 'client IP' }],
  },
  {
    indexSetId: 43,
    tableId: 'bklog_index_set_43',
    resultTableId: '2_bklog_app_logs',
    bkBizId: 2,
    rawDataId: 1001,
    name: 'application logs',
    share: 0.35,
    fields: [...commonFields, ...requestFields, { fieldName: 'logger', fieldType: 'keyword', fieldAlias: 'logger' }],
  },
  {
    indexSetId: 44,
    tableId: 'bklog_index_set_44',
    resultTableId: '2_bklog_audit',
    bkBizId: 2,
    rawDataId: 1002,
    name: 'audit',
    share: 0.15,
    fields: [
      ...commonFields,
      { fieldName: 'operator', fieldType: 'keyword', fieldAlias: 'operator' },
      { fieldName: 'action', fieldType: 'keyword', fieldAlias: 'action' },
      { fieldName: 'resource', fieldType: 'keyword', fieldAlias: 'resource' },
      { fieldName: 'result', fieldType: 'keyword', fieldAlias: 'result' },
    ],
  },
];

/** The index set with a unify-query table id or a BKData result table id, if any. */
export function findIndexSet(tableOrResultTableId: string): IndexSetDefinition | undefined {
  return INDEX_SETS.find((indexSet) => indexSet.tableId === tableOrResultTableId || indexSet.resultTableId === tableOrResultTableId);
}
