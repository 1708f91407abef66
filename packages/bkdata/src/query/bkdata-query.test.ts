import { ApiRequestError, ApiResultError, ValidationError } from '@x/errors';
import { callsTo, onlyCall, useSandbox } from '@x/sandbox/vitest';
import { describe, expect, it, vi } from 'vitest';
import { createBkdata } from '../bkdata-client.js';
import { DATA_TOKEN_ENV_VARIABLE } from '../bkdata-settings.js';
import { sandboxSettings } from '../test-support/bkdata-test-settings.js';
import { bkdataQueryEndpoints } from './bkdata-query-endpoints.js';
import { buildEsMappingQuery, buildEsQuery, buildSqlQuery, createBkdataQuery } from './bkdata-query.js';

const getSandbox = useSandbox({ recordCount: 3000 });

function capturingLogger(): {
  records: unknown[];
  logger: { debug: (record: unknown) => void; info: (record: unknown) => void; warn: (record: unknown) => void; error: (record: unknown) => void };
} {
  const records: unknown[] = [];
  const push = (record: unknown): void => {
    records.push(record);
  };
  return { records, logger: { debug: push, info: push, warn: push, error: push } };
}

describe('param builders', () => {
  it('build SQL, ES passthrough and mapping params as bklog sends them', () => {
    expect(buildSqlQuery('SELECT 1')).toEqual({ sql: 'SELECT 1' });
    expect(buildEsQuery(['a_*', 'b_*'], { size: 1 })).toEqual({ prefer_storage: 'es', sql: '{"index":"a_*,b_*","body":{"size":1}}' });
    expect(buildEsMappingQuery('2_bklog_audit_*')).toEqual({ prefer_storage: 'es', sql: '{"index":"2_bklog_audit_*","mapping":true}' });
  });
});

describe('bkdata.query.sql', () => {
  it('POSTs query_sync with user authentication and returns the rows', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox));
    const result = await bkdata.query.sql('SELECT COUNT(*) AS total FROM 2_bklog_audit');
    expect(result.list).toEqual([{ total: sandbox.data.recordCounts.bklog_index_set_44 }]);
    expect(result.select_fields_order).toEqual(['total']);
    const call = onlyCall(sandbox, 'query_sync');
    expect(call.method).toBe('POST');
    expect(call.path).toBe('/api/bk-base/prod/v3/queryengine/query_sync/');
    // bklog's DataAPI adds no_request: true to every query (use_superuser=True, spec §5.2).
    expect(call.body).toEqual({
      sql: 'SELECT COUNT(*) AS total FROM 2_bklog_audit',
      bkdata_authentication_method: 'user',
      bk_username: 'admin',
      operator: 'admin',
      bk_app_code: 'bk_sandbox',
      no_request: true,
    });
    expect(call.headers['x-bk-app-code']).toBe('bk_sandbox');
    expect(call.tenantId).toBe('system');
    await bkdata.close();
  });

  it('surfaces a rejected statement as an ApiResultError with the query engine code', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox));
    const error = await bkdata.query.sql('DELETE FROM 2_bklog_audit').catch((caught: unknown) => caught);
    expect(ApiResultError.isInstance(error) && error.code).toBe('1532012');
    const missing = await bkdata.query.sql('SELECT * FROM 9_no_such_table').catch((caught: unknown) => caught);
    expect(ApiResultError.isInstance(missing) && missing.code).toBe('1532001');
    await bkdata.close();
  });

  it('throws 1532006 (QUERY_SQL_SYNTAX_ERROR) for a broken query instead of answering no rows', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox));
    const error = await bkdata.query.sql('SELEC level FROM 2_bklog_audit').catch((caught: unknown) => caught);
    expect(ApiResultError.isInstance(error) && error.code).toBe('1532006');
    const broken = await bkdata.query.querySync({ sql: 'SELECT * FROM 2_bklog_audit WHERE AND level' }).catch((caught: unknown) => caught);
    expect(ApiResultError.isInstance(broken) && broken.code).toBe('1532006');
    await bkdata.close();
  });

  it('answers an empty list for a query that matches nothing', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox));
    const result = await bkdata.query.sql("SELECT log FROM 2_bklog_audit WHERE operator = 'nobody'");
    expect(result.list).toEqual([]);
    await bkdata.close();
  });

  it('retries a 502 (a query is idempotent) and fails over HTTP with an ApiRequestError', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox, { retry: { attempts: 2, backoff: { initialDelay: 1, maxDelay: 1 } } }));
    sandbox.inject({ kind: 'status', status: 502, route: 'query_sync', times: 1 });
    const result = await bkdata.query.sql('SELECT 1 AS one');
    expect(result.list).toEqual([{ one: 1 }]);
    expect(callsTo(sandbox, 'query_sync')).toHaveLength(2);
    sandbox.inject({ kind: 'html', status: 500, route: 'query_sync' });
    const error = await bkdata.query.sql('SELECT 1 AS one').catch((caught: unknown) => caught);
    expect(ApiRequestError.isInstance(error) && error.status).toBe(500);
    await bkdata.close();
  });

  it('refuses an empty statement before sending', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox));
    const error = await bkdata.query.querySync({ sql: '' }).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error) && error.fields).toEqual(['sql']);
    expect(sandbox.calls).toHaveLength(0);
    await bkdata.close();
  });
});

describe('token authentication', () => {
  it('sends bkdata_data_token from the settings and never logs it', async () => {
    const sandbox = getSandbox();
    const { records, logger } = capturingLogger();
    const bkdata = createBkdata(sandboxSettings(sandbox, { authenticationMethod: 'token', dataToken: sandbox.data.dataToken, logger }));
    const result = await bkdata.query.sql('SELECT 1 AS one');
    expect(result.list).toEqual([{ one: 1 }]);
    expect(onlyCall(sandbox, 'query_sync').body).toMatchObject({ bkdata_authentication_method: 'token', bkdata_data_token: sandbox.data.dataToken });
    expect(records.length).toBeGreaterThan(0);
    expect(JSON.stringify(records)).not.toContain(sandbox.data.dataToken);
    await bkdata.close();
  });

  it('reads the token from BKAPP_BKDATA_DATA_TOKEN when the settings have none', async () => {
    const sandbox = getSandbox();
    vi.stubEnv(DATA_TOKEN_ENV_VARIABLE, sandbox.data.dataToken);
    const bkdata = createBkdata(sandboxSettings(sandbox));
    await bkdata.query.sql('SELECT 1 AS one', { authenticationMethod: 'token' });
    expect(onlyCall(sandbox, 'query_sync').body).toMatchObject({ bkdata_authentication_method: 'token', bkdata_data_token: sandbox.data.dataToken });
    await bkdata.close();
  });

  it('refuses token mode without a token, naming the field and the variable, and sends nothing', async () => {
    const sandbox = getSandbox();
    vi.stubEnv(DATA_TOKEN_ENV_VARIABLE, '');
    const bkdata = createBkdata(sandboxSettings(sandbox, { authenticationMethod: 'token' }));
    const error = await bkdata.query.sql('SELECT 1 AS one').catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error) && error.fields).toEqual(['bkdata_data_token']);
    expect((error as Error).message).toContain(DATA_TOKEN_ENV_VARIABLE);
    expect(sandbox.calls).toHaveLength(0);
    await bkdata.close();
  });

  it('keeps a wrong token out of the error BKData answers with', async () => {
    const sandbox = getSandbox();
    const { records, logger } = capturingLogger();
    const bkdata = createBkdata(sandboxSettings(sandbox, { logger }));
    const error = await bkdata.query
      .sql('SELECT 1 AS one', { authenticationMethod: 'token', dataToken: 'wrong-token-value' })
      .catch((caught: unknown) => caught);
    expect(ApiResultError.isInstance(error) && error.code).toBe('1532004');
    expect(JSON.stringify(error)).not.toContain('wrong-token-value');
    expect(JSON.stringify(records)).not.toContain('wrong-token-value');
    await bkdata.close();
  });
});

describe('Elasticsearch passthrough', () => {
  it('es() sends prefer_storage es with the JSON request and returns the search response', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox));
    const body = { query: { match_all: {} }, size: 3, track_total_hits: true };
    const { list } = await bkdata.query.es('2_bklog_audit_*', body);
    expect(list.hits.hits).toHaveLength(3);
    expect(list.hits.total).toEqual({ value: sandbox.data.recordCounts.bklog_index_set_44, relation: 'eq' });
    expect(onlyCall(sandbox, 'query_sync').body).toMatchObject({ prefer_storage: 'es', sql: JSON.stringify({ index: '2_bklog_audit_*', body }) });
    await bkdata.close();
  });

  it('esMapping() fetches the mappings keyed by physical index', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox));
    const { list } = await bkdata.query.esMapping(['2_bklog_audit_*']);
    const [mapping] = Object.values(list);
    expect(mapping?.mappings?.properties?.level).toEqual({ type: 'keyword' });
    expect(onlyCall(sandbox, 'query_sync').body).toMatchObject({ prefer_storage: 'es', sql: '{"index":"2_bklog_audit_*","mapping":true}' });
    await bkdata.close();
  });

  it('reads a search on an index that does not exist as the success with no hits BKData answers', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox));
    const search = await bkdata.query.es('9_nothing_here_*', { size: 10 });
    expect(search.list.hits.hits).toEqual([]);
    expect(search.list.hits.total).toEqual({ value: 0, relation: 'eq' });
    const mapping = await bkdata.query.esMapping('9_nothing_here_*');
    expect(mapping.list).toEqual({});
    const raw = await bkdata.client.call(bkdataQueryEndpoints.querySync, buildEsQuery('9_nothing_here_*', {}));
    expect(raw.totalRecords ?? 0).toBe(0);
    expect(callsTo(sandbox, 'query_sync')).toHaveLength(3);
    // An index expression that cannot be read is QUERY_SQL_SYNTAX_ERROR, and throws.
    const error = await bkdata.query.querySync({ prefer_storage: 'es', sql: '{"body": {}}' }).catch((caught: unknown) => caught);
    expect(ApiResultError.isInstance(error) && error.code).toBe('1532006');
    await bkdata.close();
  });
});

describe('createBkdataQuery', () => {
  it('runs on the legacy ESB root in legacy mode', async () => {
    const sandbox = getSandbox();
    const query = createBkdataQuery(sandboxSettings(sandbox, { gatewayMode: 'legacy' }));
    await query.sql('SELECT 1 AS one');
    expect(onlyCall(sandbox, 'query_sync').path).toBe('/api/c/compapi/data/v3/queryengine/query_sync/');
    await query.close();
  });
});
