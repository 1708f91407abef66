import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../index.js';
import type { Sandbox } from '../index.js';
import { sendJson } from '../test-support/blueking-fetch.js';
import type { Envelope } from '../test-support/blueking-fetch.js';

const NOW = Date.parse('2025-03-01T00:00:00Z');
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ recordCount: 3000, now: NOW });
});
afterAll(async () => {
  await sandbox.close();
});

// Answers follow Tencent/bk-base's query engine (src/datalab/queryengine: ResultCodeEnum, genSyncResponse,
// EsQueryDriver) and the recorded success in TencentBlueKing/bkmonitor-datalink pkg/unify-query/mock/handler.go.
interface QueryData {
  list: Record<string, unknown>[];
  totalRecords: number;
  select_fields_order: string[];
}

const user = { bkdata_authentication_method: 'user', bk_username: 'admin', operator: 'admin' };
const query = async <T = QueryData>(body: Record<string, unknown>): Promise<Envelope<T>> =>
  (await sendJson<Envelope<T>>(sandbox, `${sandbox.roots.legacy.bkdataQuery}query_sync/`, { ...user, no_request: true, ...body })).body;

describe('query_sync SQL mode', () => {
  it('lists the result tables in sandbox.data', () => {
    expect(sandbox.data.resultTables).toEqual(['2_bklog_nginx_access', '2_bklog_app_logs', '2_bklog_audit']);
  });

  it('runs COUNT(*) for real over the seeded records', async () => {
    const answer = await query({ sql: 'SELECT COUNT(*) AS total FROM 2_bklog_nginx_access' });
    expect(answer).toMatchObject({
      result: true,
      code: '00',
      errors: null,
      data: {
        list: [{ total: sandbox.data.recordCounts.bklog_index_set_42 }],
        totalRecords: 1,
        select_fields_order: ['total'],
        bksql_call_elapsed_time: 0,
        result_table_ids: ['2_bklog_nginx_access'],
      },
    });
  });

  it('runs bklog-style SELECT ... WHERE ... ORDER BY dtEventTimeStamp DESC LIMIT', async () => {
    const answer = await query({
      sql: `SELECT dtEventTimeStamp, serverIp, status, log FROM 2_bklog_nginx_access WHERE status >= 500 AND dtEventTimeStamp >= ${NOW - 3_600_000} ORDER BY dtEventTimeStamp DESC LIMIT 5`,
    });
    expect(answer.result).toBe(true);
    expect(answer.data.select_fields_order).toEqual(['dtEventTimeStamp', 'serverIp', 'status', 'log']);
    expect(answer.data.list.length).toBeGreaterThan(0);
    const times = answer.data.list.map((row) => Number(row.dtEventTimeStamp));
    expect(times).toEqual([...times].sort((left, right) => right - left));
    expect(answer.data.list.every((row) => Number(row.status) >= 500)).toBe(true);
  });

  it('accepts storage suffixes and backtick quoting, groups and thedate', async () => {
    const answer = await query({
      sql: 'SELECT `level`, COUNT(*) AS n FROM 2_bklog_app_logs.doris WHERE thedate >= 20250201 GROUP BY `level` ORDER BY `level`',
    });
    expect(answer.result).toBe(true);
    const total = answer.data.list.reduce((sum, row) => sum + Number(row.n), 0);
    expect(total).toBe(sandbox.data.recordCounts.bklog_index_set_43);
    expect(answer.data.list.map((row) => row.level)).toEqual(['debug', 'error', 'info', 'warn']);
  });

  it.each([
    ['DELETE FROM 2_bklog_audit', '1532012', '暂未支持'],
    ['SELECT 1; DROP TABLE 2_bklog_audit', '1532006', 'one statement'],
    ['SELEC * FROM 2_bklog_audit', '1532006', 'syntax error'],
    ['SELECT * FROM 2_bklog_audit WHERE AND level', '1532006', 'syntax error'],
    ['SELECT * FROM 9_no_such_table', '1532001', 'no such table'],
    ['SELECT no_such_column FROM 2_bklog_audit', '1532009', 'no such column'],
  ])('refuses %s with code %s and the engine message', async (sql, code, message) => {
    const answer = await query({ sql });
    expect(answer).toMatchObject({ result: false, code, data: null });
    expect((answer as Envelope & { errors: { error: string } }).errors.error).toContain(message);
    expect(answer.message).toContain(message);
  });

  it('checks the BKData auth modes', async () => {
    expect(await query({ sql: 'SELECT 1 AS one', bk_username: undefined })).toMatchObject({ result: false, code: '1532101' });
    expect(await query({ sql: 'SELECT 1 AS one', bkdata_authentication_method: 'token' })).toMatchObject({ result: false, code: '1532101' });
    expect(await query({ sql: 'SELECT 1 AS one', bkdata_authentication_method: 'token', bkdata_data_token: 'wrong' })).toMatchObject({
      result: false,
      code: '1532004',
    });
    expect(await query({ sql: 'SELECT 1 AS one', bkdata_authentication_method: 'token', bkdata_data_token: sandbox.data.dataToken })).toMatchObject({
      result: true,
      data: { list: [{ one: 1 }] },
    });
    expect(sandbox.data.dataToken).toBe('sandbox-data-token');
  });
});

describe('query_sync ES mode', () => {
  interface Hits {
    hits: { total: { value: number; relation: string }; hits: { _index: string; _id: string; _source: Record<string, unknown> }[] };
  }
  const es = (request: Record<string, unknown>): Promise<Envelope<{ list: Hits }>> =>
    query<{ list: Hits }>({ prefer_storage: 'es', sql: JSON.stringify(request) });

  it('answers an ES search response whose totals match the SQL engine', async () => {
    const start = NOW - 6 * 3_600_000;
    const body = {
      query: {
        bool: {
          filter: [{ range: { dtEventTimeStamp: { gte: start, lte: NOW, format: 'epoch_millis' } } }, { query_string: { query: 'status:500 OR status:502' } }],
        },
      },
      from: 0,
      size: 3,
      sort: [{ dtEventTimeStamp: { order: 'desc' } }],
      track_total_hits: true,
    };
    const answer = await es({ index: '2_bklog_nginx_access_*', body });
    expect(answer.result).toBe(true);
    const sql = await query({
      sql: `SELECT COUNT(*) AS n FROM 2_bklog_nginx_access WHERE dtEventTimeStamp BETWEEN ${start} AND ${NOW} AND status IN (500, 502)`,
    });
    expect(answer.data.list.hits.total).toEqual({ value: sql.data.list[0]?.n, relation: 'eq' });
    expect(answer.data.list.hits.hits).toHaveLength(3);
    const first = answer.data.list.hits.hits[0]!;
    expect(first._index).toMatch(/^v2_2_bklog_nginx_access_\d{8}_0$/);
    expect(first._id).toMatch(/^[0-9a-f]{20}$/);
    expect([500, 502]).toContain(first._source.status);
  });

  it('supports term, terms, match_all and bool must_not', async () => {
    const term = await es({ index: '2_bklog_audit', body: { query: { term: { operator: 'alice' } }, size: 1000 } });
    expect(term.data.list.hits.hits.every((hit) => hit._source.operator === 'alice')).toBe(true);
    const notAlice = await es({ index: '2_bklog_audit', body: { query: { bool: { must_not: [{ term: { operator: { value: 'alice' } } }] } } } });
    const all = await es({ index: '2_bklog_audit', body: { query: { match_all: {} } } });
    expect(term.data.list.hits.total.value + notAlice.data.list.hits.total.value).toBe(all.data.list.hits.total.value);
    const terms = await es({ index: '2_bklog_audit', body: { query: { terms: { action: ['login', 'logout'] } }, size: 5 } });
    expect(terms.data.list.hits.hits.every((hit) => ['login', 'logout'].includes(String(hit._source.action)))).toBe(true);
  });

  it('answers a mapping dict for {index, mapping: true}', async () => {
    const answer = await query<{ list: Record<string, { mappings: { properties: Record<string, { type: string }> } }> }>({
      prefer_storage: 'es',
      sql: JSON.stringify({ index: '2_bklog_nginx_access_*,2_bklog_audit_*', mapping: true }),
    });
    const keys = Object.keys(answer.data.list);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^v2_2_bklog_nginx_access_\d{8}_0$/);
    expect(answer.data.list[keys[0]!]?.mappings.properties).toMatchObject({
      dtEventTimeStamp: { type: 'date' },
      status: { type: 'integer' },
      log: { type: 'text' },
    });
  });

  it('answers a search on an index that does not exist with no hits (ignore_unavailable=true)', async () => {
    const answer = await es({ index: '9_bklog_missing_*', body: { query: { match_all: {} } } });
    expect(answer).toMatchObject({ result: true, code: '00', data: { list: { hits: { hits: [], total: { value: 0 } } }, select_fields_order: [] } });
  });

  it('answers {} for a mapping wildcard that matches nothing, and QUERY_DEVICE_ERROR for a missing concrete index', async () => {
    const wildcard = await query({ prefer_storage: 'es', sql: JSON.stringify({ index: '9_bklog_missing_*', mapping: true }) });
    expect(wildcard).toMatchObject({ result: true, data: { list: {} } });
    const concrete = await query({ prefer_storage: 'es', sql: JSON.stringify({ index: '9_bklog_missing', mapping: true }) });
    expect(concrete).toMatchObject({ result: false, code: '1532010' });
  });

  it("answers '1532006' (QUERY_SQL_SYNTAX_ERROR) when the ES request's index cannot be read", async () => {
    expect(await query({ prefer_storage: 'es', sql: '{not json' })).toMatchObject({ result: false, code: '1532006', data: null });
    expect(await query({ prefer_storage: 'es', sql: JSON.stringify({ body: {} }) })).toMatchObject({ result: false, code: '1532006' });
  });

  it('reports a body Elasticsearch refuses as QUERY_DEVICE_ERROR', async () => {
    const answer = await es({ index: '2_bklog_audit', body: { query: { fuzzy: { log: 'x' } } } });
    expect(answer).toMatchObject({ result: false, code: '1532010' });
  });
});
