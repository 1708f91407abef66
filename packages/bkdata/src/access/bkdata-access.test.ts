import { ApiRequestError, ApiResultError, ValidationError } from '@x/errors';
import { authorizationOf, callsTo, onlyCall, useSandbox } from '@x/sandbox/vitest';
import { describe, expect, it } from 'vitest';
import { createBkdata } from '../bkdata-client.js';
import { sandboxSettings } from '../test-support/bkdata-test-settings.js';
import { bkdataAccessEndpoints } from './bkdata-access-endpoints.js';
import { createBkdataAccess, rawDataCount, rawDataItems } from './bkdata-access.js';
import type { BkdataRawData } from './bkdata-access-endpoints.js';

const getSandbox = useSandbox({ recordCount: 3000 });

// The tenant resolver an application would supply; derived tenants are visible in X-Bk-Tenant-Id.
const resolveTenant = (lookup: { bk_biz_id?: string | number | undefined }) =>
  lookup.bk_biz_id === undefined ? undefined : `tenant-of-${String(lookup.bk_biz_id)}`;

describe('bkdata.access.listRawData', () => {
  it('sends a GET with the BKData user info in the query and the app code as a header', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox));
    const page = await bkdata.access.listRawData({ bk_biz_id: 2, page: 1, page_size: 5 });
    expect(Array.isArray(page)).toBe(false);
    expect(rawDataItems(page)).toHaveLength(5);
    const call = onlyCall(sandbox, 'list_raw_data');
    expect(call.method).toBe('GET');
    expect(call.path).toBe('/api/bk-base/prod/v3/access/rawdata/');
    expect(call.query).toEqual({
      bk_biz_id: '2',
      page: '1',
      page_size: '5',
      bk_username: 'admin',
      operator: 'admin',
      bk_app_code: 'bk_sandbox',
      bkdata_authentication_method: 'user',
    });
    expect(call.body).toBeUndefined();
    expect(call.headers['x-bk-app-code']).toBe('bk_sandbox');
    expect(authorizationOf(call)).toEqual({ bk_app_code: 'bk_sandbox', bk_app_secret: 'sandbox-secret', bk_username: 'admin' });
    expect(call.tenantId).toBe('system');
    expect(call.headers['user-agent']).toMatch(/^x-bkdata\/\d+\.\d+\.\d+ x-core-client\//);
    await bkdata.close();
  });

  it('returns the whole list when no page is asked for', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox));
    const all = await bkdata.access.listRawData({ bk_biz_id: 3 });
    expect(Array.isArray(all)).toBe(true);
    expect(rawDataItems(all).every((rawData) => rawData.bk_biz_id === 3)).toBe(true);
    expect(rawDataCount(all)).toBe(rawDataItems(all).length);
    await bkdata.close();
  });

  it('takes the user from the request context before the client username', async () => {
    const sandbox = getSandbox();
    const { runWithContext } = await import('@x/core-client');
    const bkdata = createBkdata(sandboxSettings(sandbox));
    await runWithContext({ username: 'alice' }, () => bkdata.access.listRawData({ page: 1, page_size: 1 }));
    const call = onlyCall(sandbox, 'list_raw_data');
    expect(call.query).toMatchObject({ bk_username: 'alice', operator: 'alice' });
    expect(authorizationOf(call)).toMatchObject({ bk_username: 'alice' });
    await bkdata.close();
  });

  it('turns result false into an ApiResultError and an HTTP 500 into an ApiRequestError', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox));
    const resultFalse = sandbox.inject({ kind: 'result-false', route: 'rawdata', times: 1 });
    const failed = await bkdata.access.listRawData().catch((error: unknown) => error);
    expect(ApiResultError.isInstance(failed)).toBe(true);
    resultFalse.remove();
    sandbox.inject({ kind: 'status', status: 500, route: 'rawdata', times: 1 });
    const broken = await bkdata.access.listRawData().catch((error: unknown) => error);
    expect(ApiRequestError.isInstance(broken) && broken.status === 500).toBe(true);
    await bkdata.close();
  });

  it('refuses a page number below 1, a page without page_size and a page_size above 100, without sending anything', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox));
    const error = await bkdata.access.listRawData({ page: 0, page_size: 5 }).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error) && error.fields).toEqual(['page']);
    // bk-base's get_raw_data_list computes (page - 1) * page_size: a page alone fails there.
    const noSize = await bkdata.access.listRawData({ page: 1 }).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(noSize) && noSize.fields).toEqual(['page_size']);
    // ListByParamSerializer: "page_size必须小于100".
    const tooBig = await bkdata.access.listRawData({ page: 1, page_size: 500 }).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(tooBig) && tooBig.fields).toEqual(['page_size']);
    const tooBigPages = await bkdata.access.listAllRawData({}, { pageSize: 500 }).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(tooBigPages) && tooBigPages.fields).toEqual(['pageSize']);
    const tooBigIterator = await (async () => {
      for await (const rawData of bkdata.access.iterateRawData({}, { pageSize: 101 })) return rawData;
      return undefined;
    })().catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(tooBigIterator) && tooBigIterator.fields).toEqual(['pageSize']);
    expect(sandbox.calls).toHaveLength(0);
    await bkdata.close();
  });

  it("sends bklog's pagesize as page_size, the name bk-base reads", async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox));
    const page = await bkdata.access.listRawData({ page: 1, pagesize: 4 });
    expect(rawDataItems(page)).toHaveLength(4);
    const { query } = onlyCall(sandbox, 'list_raw_data');
    expect(query).toMatchObject({ page: '1', page_size: '4' });
    expect(query).not.toHaveProperty('pagesize');
    await bkdata.close();
  });
});

describe('paging raw data', () => {
  it('listAllRawData fetches every page (page + page_size, as bk-base reads them) and keeps the order', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox));
    const whole = rawDataItems(await bkdata.access.listRawData({ bk_biz_id: 2 }));
    sandbox.reset();
    const paged = await bkdata.access.listAllRawData({ bk_biz_id: 2 }, { pageSize: 15 });
    expect(paged.map((rawData) => rawData.id)).toEqual(whole.map((rawData) => rawData.id));
    const calls = callsTo(sandbox, 'list_raw_data');
    expect(calls).toHaveLength(Math.ceil(whole.length / 15));
    expect(calls.map((call) => Number(call.query.page)).sort((a, b) => a - b)).toEqual(calls.map((_call, index) => index + 1));
    expect(
      calls.every(
        (call) => call.query.page_size === '15' && call.query.pagesize === undefined && call.query.bk_biz_id === '2' && call.query.no_request !== undefined,
      ),
    ).toBe(true);
    await bkdata.close();
  });

  it('listAllRawData asks for pages of 100 by default (the most bk-base accepts)', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox));
    const all = await bkdata.access.listAllRawData();
    expect(all).toHaveLength(sandbox.data.rawDataIds.length);
    expect(callsTo(sandbox, 'list_raw_data').map((call) => call.query.page_size)).toEqual(['100', '100', '100']);
    await bkdata.close();
  });

  it('works with client.bulk and client.paginate on the exported endpoint', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox));
    const options = { limit: 100, getData: rawDataItems, getCount: rawDataCount };
    const bulk = await bkdata.client.bulk(bkdataAccessEndpoints.listRawData, {}, options);
    expect(bulk).toHaveLength(sandbox.data.rawDataIds.length);
    let pages = 0;
    for await (const page of bkdata.client.paginate(bkdataAccessEndpoints.listRawData, {}, options)) {
      pages += 1;
      expect(page.length).toBeLessThanOrEqual(100);
    }
    expect(pages).toBe(Math.ceil(sandbox.data.rawDataIds.length / 100));
    await bkdata.close();
  });

  it('iterateRawData asks for the next page only when the loop needs it', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox));
    const seen: BkdataRawData[] = [];
    for await (const rawData of bkdata.access.iterateRawData({}, { pageSize: 20 })) {
      seen.push(rawData);
      if (seen.length === 25) break;
    }
    expect(seen).toHaveLength(25);
    expect(callsTo(sandbox, 'list_raw_data')).toHaveLength(2);
    await bkdata.close();
  });
});

describe('bkdata.access.getDeploySummary', () => {
  it('sends raw_data_id in the path and the query, derives the tenant from bk_biz_id and caches 60 s', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox, { resolveTenant }));
    const summary = await bkdata.access.getDeploySummary({ raw_data_id: 1000, bk_biz_id: 2 });
    // deploy_plan_views.py retrieve: the plan, with the raw data (keyed by id) inside; no status.
    expect(summary).toMatchObject({ bk_biz_id: 2, data_scenario: 'custom', access_raw_data: { id: 1000, raw_data_name: 'bklog_nginx_access' } });
    expect(summary).not.toHaveProperty('status');
    const again = await bkdata.access.getDeploySummary({ raw_data_id: 1000, bk_biz_id: 2 });
    expect(again).toEqual(summary);
    const call = onlyCall(sandbox, 'get_deploy_summary');
    expect(call.path).toBe('/api/bk-base/prod/v3/access/deploy_plan/1000/');
    expect(call.query).toMatchObject({ raw_data_id: '1000', bk_biz_id: '2', bk_username: 'admin' });
    expect(call.tenantId).toBe('tenant-of-2');
    await bkdata.close();
  });

  it('falls back to the client tenant without bk_biz_id', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox, { resolveTenant, tenantId: 'fallback' }));
    await bkdata.access.getDeploySummary({ raw_data_id: 1001 });
    expect(onlyCall(sandbox, 'get_deploy_summary').tenantId).toBe('fallback');
    await bkdata.close();
  });

  it('reports an unregistered raw data as an ApiResultError carrying BKData code', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox));
    const error = await bkdata.access.getDeploySummary({ raw_data_id: 999_999, bk_biz_id: 2 }).catch((caught: unknown) => caught);
    expect(ApiResultError.isInstance(error) && error.code).toBe('1500004');
    await bkdata.close();
  });

  it('refuses a non-numeric raw data id before sending', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox));
    const error = await bkdata.access.getDeploySummary({ raw_data_id: '../admin' }).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error) && error.fields).toEqual(['raw_data_id']);
    expect(sandbox.calls).toHaveLength(0);
    await bkdata.close();
  });
});

describe('bkdata.access.stopCollectorhub', () => {
  it('POSTs the raw data id in the path and the JSON body', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox));
    const result = await bkdata.access.stopCollectorhub({ raw_data_id: 1005 });
    expect(result).toBe(true);
    const call = onlyCall(sandbox, 'stop_collectorhub');
    expect(call.method).toBe('POST');
    expect(call.path).toBe('/api/bk-base/prod/v3/access/collectorhub/1005/stop/');
    expect(call.body).toEqual({ raw_data_id: 1005, bk_username: 'admin', operator: 'admin', bk_app_code: 'bk_sandbox', bkdata_authentication_method: 'user' });
    expect(call.headers['content-type']).toMatch(/^application\/json/);
    await bkdata.close();
  });

  it('is not sent twice when the gateway answers 503, even with retries on', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox, { retry: { attempts: 3, backoff: { initialDelay: 1 } } }));
    sandbox.inject({ kind: 'status', status: 503, route: 'collectorhub' });
    const error = await bkdata.access.stopCollectorhub({ raw_data_id: 1005 }).catch((caught: unknown) => caught);
    expect(ApiRequestError.isInstance(error) && error.status).toBe(503);
    expect(callsTo(sandbox, 'stop_collectorhub')).toHaveLength(1);
    await bkdata.close();
  });
});

describe('deploy plans', () => {
  const plan = {
    bk_biz_id: 2,
    data_scenario_id: 47,
    permission: 'permission',
    description: 'nginx access logs',
    access_raw_data: {
      raw_data_name: 'bklog_sdk_nginx',
      raw_data_alias: 'nginx',
      maintainer: ['admin', 'alice'],
      data_source_tags: ['server'],
      data_region: 'inland',
      data_encoding: 'utf-8',
      sensitivity: 'private' as const,
    },
  };

  it('createDeployPlan POSTs bklog body shape and returns the new raw_data_id', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox, { resolveTenant }));
    const { raw_data_id } = await bkdata.access.createDeployPlan(plan);
    expect(raw_data_id).toBeGreaterThanOrEqual(1000 + sandbox.data.rawDataIds.length);
    const call = onlyCall(sandbox, 'deploy_plan_post');
    expect(call.path).toBe('/api/bk-base/prod/v3/access/deploy_plan/');
    expect(call.tenantId).toBe('tenant-of-2');
    expect(call.body).toEqual({
      ...plan,
      data_scenario: 'custom',
      access_raw_data: { ...plan.access_raw_data, maintainer: 'admin,alice' },
      bk_username: 'admin',
      operator: 'admin',
      bk_app_code: 'bk_sandbox',
      bkdata_authentication_method: 'user',
    });
    await bkdata.close();
  });

  it('updateDeployPlan PUTs to the raw data and keeps raw_data_id in the body', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox));
    const { raw_data_id } = await bkdata.access.createDeployPlan(plan);
    const updated = await bkdata.access.updateDeployPlan({ ...plan, raw_data_id, access_raw_data: { ...plan.access_raw_data, raw_data_alias: 'nginx v2' } });
    expect(updated.raw_data_id).toBe(raw_data_id);
    const call = onlyCall(sandbox, 'deploy_plan_put');
    expect(call.method).toBe('PUT');
    expect(call.path).toBe(`/api/bk-base/prod/v3/access/deploy_plan/${raw_data_id}/`);
    expect(call.body).toMatchObject({ raw_data_id, access_raw_data: { raw_data_alias: 'nginx v2' } });
    await bkdata.close();
  });

  it('refuses a raw data name BKData would reject, naming the field, and sends nothing', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox));
    const error = await bkdata.access
      .createDeployPlan({ ...plan, access_raw_data: { ...plan.access_raw_data, raw_data_name: '1-bad name' } })
      .catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error) && error.fields).toEqual(['access_raw_data.raw_data_name']);
    expect(sandbox.calls).toHaveLength(0);
    await bkdata.close();
  });

  it('surfaces a duplicate name as an ApiResultError and never repeats the POST', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox, { retry: { attempts: 3, backoff: { initialDelay: 1 } } }));
    await bkdata.access.createDeployPlan(plan);
    const error = await bkdata.access.createDeployPlan(plan).catch((caught: unknown) => caught);
    expect(ApiResultError.isInstance(error) && error.code).toBe('1500005');
    expect(callsTo(sandbox, 'deploy_plan_post')).toHaveLength(2);
    await bkdata.close();
  });
});

describe('createBkdataAccess', () => {
  it('is the access group on a client of its own', async () => {
    const sandbox = getSandbox();
    const access = createBkdataAccess(sandboxSettings(sandbox));
    const page = await access.listRawData({ page: 2, page_size: 3 });
    expect(rawDataItems(page)).toHaveLength(3);
    expect(typeof access.client.call).toBe('function');
    await access.close();
  });
});
