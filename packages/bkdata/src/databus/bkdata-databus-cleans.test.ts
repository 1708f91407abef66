import { ApiRequestError, ApiResultError, ValidationError } from '@x/errors';
import { callsTo, onlyCall, useSandbox } from '@x/sandbox/vitest';
import { describe, expect, it } from 'vitest';
import { createBkdata } from '../bkdata-client.js';
import { sandboxSettings } from '../test-support/bkdata-test-settings.js';
import { buildCleanFields } from './bkdata-clean-fields.js';
import type { BkdataCreateCleanParams } from './bkdata-databus-cleans-endpoints.js';

const getSandbox = useSandbox({ recordCount: 3000 });
const resolveTenant = (lookup: { bk_biz_id?: string | number | undefined }) =>
  lookup.bk_biz_id === undefined ? undefined : `tenant-of-${String(lookup.bk_biz_id)}`;

const newClean: BkdataCreateCleanParams = {
  bk_biz_id: 2,
  raw_data_id: 1003,
  result_table_name: 'bklog_sdk_gateway',
  result_table_name_alias: 'gateway',
  clean_config_name: 'gateway logs',
  description: 'gateway access logs',
  fields: buildCleanFields({ log: 'text', level: 'keyword' }),
  json_config: { extract: { type: 'fun', method: 'from_json', result: 'json', next: null } },
};

describe('bkdata.databus.listCleans / getClean', () => {
  it('lists the cleans of a raw data with a GET carrying every param in the query', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox, { resolveTenant }));
    const cleans = await bkdata.databus.listCleans({ raw_data_id: 1000, bk_biz_id: 2 });
    // clean_views.py list: DatabusClean rows, the processing id is the result table id.
    expect(cleans.map((clean) => clean.processing_id)).toEqual(['2_bklog_nginx_access']);
    expect(cleans[0]).not.toHaveProperty('result_table_id');
    const call = onlyCall(sandbox, 'get_cleans');
    expect(call.path).toBe('/api/bk-base/prod/v3/databus/cleans/');
    expect(call.query).toEqual({
      raw_data_id: '1000',
      bk_biz_id: '2',
      bk_username: 'admin',
      operator: 'admin',
      bk_app_code: 'bk_sandbox',
      bkdata_authentication_method: 'user',
    });
    expect(call.tenantId).toBe('tenant-of-2');
    await bkdata.close();
  });

  it('gets one clean, with processing_id in the path and the query', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox));
    const clean = await bkdata.databus.getClean({ processing_id: '2_bklog_app_logs', bk_biz_id: 2 });
    expect(clean).toMatchObject({ processing_id: '2_bklog_app_logs', result_table_id: '2_bklog_app_logs', raw_data_id: 1001 });
    const call = onlyCall(sandbox, 'get_clean');
    expect(call.path).toBe('/api/bk-base/prod/v3/databus/cleans/2_bklog_app_logs/');
    expect(call.query).toMatchObject({ processing_id: '2_bklog_app_logs' });
    const missing = await bkdata.databus.getClean({ processing_id: '2_nope' }).catch((caught: unknown) => caught);
    expect(ApiResultError.isInstance(missing) && missing.code).toBe('1500004');
    await bkdata.close();
  });
});

describe('bkdata.databus.createClean / updateClean', () => {
  it('POSTs the clean with json_config as JSON text and returns both ids', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox, { resolveTenant }));
    const result = await bkdata.databus.createClean(newClean);
    expect(result).toMatchObject({ processing_id: '2_bklog_sdk_gateway', result_table_id: '2_bklog_sdk_gateway' });
    const call = onlyCall(sandbox, 'cleans_post');
    expect(call.method).toBe('POST');
    expect(call.path).toBe('/api/bk-base/prod/v3/databus/cleans/');
    expect(call.tenantId).toBe('tenant-of-2');
    expect(call.body).toEqual({
      ...newClean,
      json_config: JSON.stringify(newClean.json_config),
      bk_username: 'admin',
      operator: 'admin',
      bk_app_code: 'bk_sandbox',
      bkdata_authentication_method: 'user',
    });
    await bkdata.close();
  });

  it('PUTs an update with processing_id in the path and the body', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox));
    const { processing_id } = await bkdata.databus.createClean(newClean);
    const updated = await bkdata.databus.updateClean({ ...newClean, processing_id, description: 'v2', json_config: '{"extract":{}}' });
    // update_clean_config answers the storage configs of the table: none yet.
    expect(updated).toEqual([]);
    const call = onlyCall(sandbox, 'cleans_put');
    expect(call.method).toBe('PUT');
    expect(call.path).toBe(`/api/bk-base/prod/v3/databus/cleans/${processing_id}/`);
    expect(call.body).toMatchObject({ processing_id, description: 'v2', json_config: '{"extract":{}}' });
    const clean = await bkdata.databus.getClean({ processing_id });
    expect(clean.description).toBe('v2');
    await bkdata.close();
  });

  it('refuses a result table name starting with a digit and an empty field list, sending nothing', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox));
    const error = await bkdata.databus.createClean({ ...newClean, result_table_name: '2abc', fields: [] }).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error) && error.fields).toEqual(['result_table_name', 'fields']);
    expect(sandbox.calls).toHaveLength(0);
    await bkdata.close();
  });

  it('reports result false and never repeats the POST on a 503', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox, { retry: { attempts: 3, backoff: { initialDelay: 1 } } }));
    const fault = sandbox.inject({ kind: 'result-false', route: '/databus/cleans/' });
    const failed = await bkdata.databus.createClean(newClean).catch((caught: unknown) => caught);
    expect(ApiResultError.isInstance(failed)).toBe(true);
    fault.remove();
    sandbox.inject({ kind: 'status', status: 503, route: '/databus/cleans/' });
    const unavailable = await bkdata.databus.createClean(newClean).catch((caught: unknown) => caught);
    expect(ApiRequestError.isInstance(unavailable) && unavailable.status).toBe(503);
    expect(callsTo(sandbox, 'cleans_post')).toHaveLength(2);
    await bkdata.close();
  });
});
