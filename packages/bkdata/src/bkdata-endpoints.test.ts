import type { AnyEndpoint, BkClient } from '@x/core-client';
import { ApiRequestError, ApiResultError, RetryError, ValidationError } from '@x/errors';
import { authorizationOf, useSandbox } from '@x/sandbox/vitest';
import { describe, expect, it } from 'vitest';
import { bkdataAccessEndpoints } from './access/bkdata-access-endpoints.js';
import { createBkdataCoreClient } from './bkdata-settings.js';
import { buildCleanDebugParams } from './databus/bkdata-clean-debug.js';
import { buildCleanFields, buildStorageFields } from './databus/bkdata-clean-fields.js';
import { bkdataDatabusEndpoints } from './databus/bkdata-databus-endpoints.js';
import { bkdataQueryEndpoints } from './query/bkdata-query-endpoints.js';
import { sandboxSettings } from './test-support/bkdata-test-settings.js';

const getSandbox = useSandbox({ recordCount: 3000 });

interface Case {
  readonly endpoint: AnyEndpoint;
  readonly params: Record<string, unknown>;
  /** Params the input schema refuses, and the field it names. */
  readonly invalid: readonly [Record<string, unknown>, string];
  /** The path the sandbox sees (gateway roots, stage prod). */
  readonly path: string;
}

const clean = {
  bk_biz_id: 2,
  raw_data_id: 1003,
  result_table_name: 'bklog_table_case',
  result_table_name_alias: 'case',
  clean_config_name: 'case',
  fields: buildCleanFields({ log: 'text' }),
  json_config: '{}',
};
const storage = {
  bk_biz_id: 2,
  raw_data_id: 1003,
  result_table_name: 'bklog_table_case',
  result_table_name_alias: 'case',
  storage_cluster: 'es_default',
  expires: '3d',
  fields: buildStorageFields({ log: 'text' }),
};
const plan = { bk_biz_id: 2, access_raw_data: { raw_data_name: 'bklog_case', raw_data_alias: 'case', maintainer: 'admin' } };
const access = '/api/bk-base/prod/v3/access/';
const databus = '/api/bk-base/prod/v3/databus/';

const cases: Record<string, Case> = {
  listRawData: { endpoint: bkdataAccessEndpoints.listRawData, params: { bk_biz_id: 2 }, invalid: [{ pagesize: -1 }, 'pagesize'], path: `${access}rawdata/` },
  getDeploySummary: {
    endpoint: bkdataAccessEndpoints.getDeploySummary,
    params: { raw_data_id: 1000, bk_biz_id: 2 },
    invalid: [{ raw_data_id: 'x' }, 'raw_data_id'],
    path: `${access}deploy_plan/1000/`,
  },
  stopCollectorhub: {
    endpoint: bkdataAccessEndpoints.stopCollectorhub,
    params: { raw_data_id: 1000 },
    invalid: [{}, 'raw_data_id'],
    path: `${access}collectorhub/1000/stop/`,
  },
  createDeployPlan: {
    endpoint: bkdataAccessEndpoints.createDeployPlan,
    params: plan,
    invalid: [{ ...plan, bk_biz_id: 'two' }, 'bk_biz_id'],
    path: `${access}deploy_plan/`,
  },
  updateDeployPlan: {
    endpoint: bkdataAccessEndpoints.updateDeployPlan,
    params: { ...plan, raw_data_id: 1000 },
    invalid: [plan, 'raw_data_id'],
    path: `${access}deploy_plan/1000/`,
  },
  querySync: {
    endpoint: bkdataQueryEndpoints.querySync,
    params: { sql: 'SELECT 1 AS one' },
    invalid: [{ sql: 1 }, 'sql'],
    path: '/api/bk-base/prod/v3/queryengine/query_sync/',
  },
  listStorages: {
    endpoint: bkdataDatabusEndpoints.listStorages,
    params: { raw_data_id: 1000, bk_biz_id: 2 },
    invalid: [{ bk_biz_id: 'x' }, 'bk_biz_id'],
    path: `${databus}data_storages/`,
  },
  createStorage: {
    endpoint: bkdataDatabusEndpoints.createStorage,
    params: storage,
    invalid: [{ ...storage, storage_cluster: '' }, 'storage_cluster'],
    path: `${databus}data_storages/`,
  },
  updateStorage: {
    endpoint: bkdataDatabusEndpoints.updateStorage,
    params: { ...storage, result_table_id: '2_bklog_nginx_access' },
    invalid: [storage, 'result_table_id'],
    path: `${databus}data_storages/2_bklog_nginx_access/`,
  },
  listCleans: {
    endpoint: bkdataDatabusEndpoints.listCleans,
    params: { raw_data_id: 1000, bk_biz_id: 2 },
    invalid: [{ raw_data_id: -1 }, 'raw_data_id'],
    path: `${databus}cleans/`,
  },
  getClean: {
    endpoint: bkdataDatabusEndpoints.getClean,
    params: { processing_id: '2_bklog_audit', bk_biz_id: 2 },
    invalid: [{ bk_biz_id: 2 }, 'processing_id'],
    path: `${databus}cleans/2_bklog_audit/`,
  },
  createClean: {
    endpoint: bkdataDatabusEndpoints.createClean,
    params: clean,
    invalid: [{ ...clean, clean_config_name: '' }, 'clean_config_name'],
    path: `${databus}cleans/`,
  },
  updateClean: {
    endpoint: bkdataDatabusEndpoints.updateClean,
    params: { ...clean, processing_id: '2_bklog_table_case' },
    invalid: [clean, 'processing_id'],
    path: `${databus}cleans/2_bklog_table_case/`,
  },
  debugClean: {
    endpoint: bkdataDatabusEndpoints.debugClean,
    params: buildCleanDebugParams('{}', { type: 'json_de' }),
    invalid: [{ input: 'x', rules: [] }, 'rules'],
    path: '/api/bk-base/prod/v4/databus/clean/debug/',
  },
  createTask: {
    endpoint: bkdataDatabusEndpoints.createTask,
    params: { result_table_id: '2_bklog_audit' },
    invalid: [{ result_table_id: '2_bklog_audit', storages: [] }, 'storages'],
    path: `${databus}tasks/`,
  },
  getTask: {
    endpoint: bkdataDatabusEndpoints.getTask,
    params: { result_table_id: '2_bklog_audit' },
    invalid: [{}, 'result_table_id'],
    path: `${databus}tasks/2_bklog_audit/`,
  },
  deleteTask: {
    endpoint: bkdataDatabusEndpoints.deleteTask,
    params: { result_table_id: '2_bklog_audit' },
    invalid: [{ result_table_id: 'audit' }, 'result_table_id'],
    path: `${databus}tasks/2_bklog_audit/`,
  },
  getRawDataTail: {
    endpoint: bkdataDatabusEndpoints.getRawDataTail,
    params: { raw_data_id: 1000, bk_biz_id: 2 },
    invalid: [{ raw_data_id: '1.5' }, 'raw_data_id'],
    path: `${databus}rawdatas/1000/tail/`,
  },
  getResultTable: {
    endpoint: bkdataDatabusEndpoints.getResultTable,
    params: { result_table_id: '2_bklog_audit' },
    invalid: [{ result_table_id: '' }, 'result_table_id'],
    path: `${databus}result_tables/2_bklog_audit/`,
  },
  getResultTableTail: {
    endpoint: bkdataDatabusEndpoints.getResultTableTail,
    params: { result_table_id: '2_bklog_audit' },
    invalid: [{ result_table_id: 7 }, 'result_table_id'],
    path: `${databus}result_tables/2_bklog_audit/tail/`,
  },
};

function client(options: Parameters<typeof sandboxSettings>[1] = {}): BkClient {
  return createBkdataCoreClient(sandboxSettings(getSandbox(), options));
}

describe.each(Object.entries(cases))('%s', (_name, { endpoint, params, invalid, path }) => {
  it('sends the BKData user info, the app code header and the auth header to its path', async () => {
    const sandbox = getSandbox();
    const bkdata = client();
    // A storage or a clean update needs the clean to exist first.
    if (endpoint.name === 'databus_data_storages_post' || endpoint.name === 'databus_cleans_put') await bkdata.call(bkdataDatabusEndpoints.createClean, clean);
    await bkdata.call(endpoint, params);
    const call = sandbox.calls.at(-1);
    expect(call?.path).toBe(path);
    expect(call?.method).toBe(endpoint.method);
    const sent = (endpoint.method === 'GET' ? call?.query : call?.body) as Record<string, unknown>;
    expect(sent).toMatchObject({ bk_username: 'admin', operator: 'admin', bk_app_code: 'bk_sandbox', bkdata_authentication_method: 'user' });
    for (const key of endpoint.urlKeys) expect(String(sent[key])).toBe(String(params[key]));
    expect(sent).not.toHaveProperty('X-Bk-App-Code');
    expect(call?.headers['x-bk-app-code']).toBe('bk_sandbox');
    expect(authorizationOf(call)).toEqual({ bk_app_code: 'bk_sandbox', bk_app_secret: 'sandbox-secret', bk_username: 'admin' });
    expect(call?.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    await bkdata.close();
  });

  it('turns result false into an ApiResultError', async () => {
    const sandbox = getSandbox();
    const bkdata = client({ cache: false });
    sandbox.inject({ kind: 'result-false' });
    const error = await bkdata.call(endpoint, params).catch((caught: unknown) => caught);
    expect(ApiResultError.isInstance(error) && error.code).toBe('1650500');
    await bkdata.close();
  });

  it('turns an HTTP 500 into an ApiRequestError', async () => {
    const sandbox = getSandbox();
    const bkdata = client({ cache: false });
    sandbox.inject({ kind: 'status', status: 500 });
    const error = await bkdata.call(endpoint, params).catch((caught: unknown) => caught);
    expect(ApiRequestError.isInstance(error) && error.status).toBe(500);
    await bkdata.close();
  });

  it(`repeats a 503 only when the endpoint is idempotent (${String(endpoint.idempotent)})`, async () => {
    const sandbox = getSandbox();
    const bkdata = client({ cache: false, retry: { attempts: 2, backoff: { initialDelay: 1, maxDelay: 1 } } });
    sandbox.inject({ kind: 'status', status: 503 });
    const error = await bkdata.call(endpoint, params).catch((caught: unknown) => caught);
    expect(sandbox.calls).toHaveLength(endpoint.idempotent ? 2 : 1);
    expect(endpoint.idempotent ? RetryError.isInstance(error) : ApiRequestError.isInstance(error)).toBe(true);
    await bkdata.close();
  });

  it('refuses invalid params naming the field, and sends nothing', async () => {
    const sandbox = getSandbox();
    const bkdata = client();
    const [badParams, field] = invalid;
    const error = await bkdata.call(endpoint, badParams).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error) && error.fields).toContain(field);
    expect(sandbox.calls).toHaveLength(0);
    await bkdata.close();
  });
});
