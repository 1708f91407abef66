import { ApiResultError } from '@x/errors';
import { useUpstreamServer } from '@x/sandbox/vitest';
import { describe, expect, it } from 'vitest';
import { createBkdata } from '../bkdata-client.js';
import { upstreamFixture, upstreamSettings } from '../test-support/bkdata-test-settings.js';
import { deploySummarySchema, listRawDataOutputSchema } from './bkdata-access-endpoints.js';
import { rawDataItems } from './bkdata-access.js';

// Answers recorded from Tencent/bk-base (tests and apidoc examples), served by a node:http server
// and read through the real client calls: each fixture names its source.
const serve = useUpstreamServer();

describe('bk-base access answers', () => {
  it('accepts a success with code "1500200" and raw data rows keyed by id (get_rawdata_test.py)', async () => {
    const fixture = upstreamFixture('access-rawdata-list');
    const server = await serve({ body: fixture.body });
    const bkdata = createBkdata(upstreamSettings(server));
    const rows = await bkdata.access.listRawData({ bk_biz_id: 2 });
    expect(rawDataItems(rows).map((row) => [row.id, row.raw_data_name, row.topic])).toEqual([[3000, 'fixture_data1', 'fixture_data12']]);
    expect(server.requests[0]?.path).toMatch(/^\/api\/bk-base\/prod\/v3\/access\/rawdata\/\?/);
    await bkdata.close();
  });

  it('reads a page {count, results} from the list apidoc, and listAllRawData sends page + page_size', async () => {
    const fixture = upstreamFixture('access-rawdata-page');
    expect(listRawDataOutputSchema.safeParse((fixture.body as { data: unknown }).data).success).toBe(true);
    const server = await serve({ body: fixture.body });
    const bkdata = createBkdata(upstreamSettings(server));
    const page = await bkdata.access.listRawData({ page: 2, page_size: 10 });
    expect(Array.isArray(page) ? undefined : page.count).toBe(12);
    expect(rawDataItems(page)[0]?.id).toBe(287);
    // bklog's bulk_request sends `pagesize`, which bk-base's ListByParamSerializer does not read.
    server.requests.length = 0;
    const all = await bkdata.access.listAllRawData({ bk_biz_id: 591 }, { pageSize: 10 });
    expect(all.map((row) => row.id)).toEqual([287, 287]);
    const query = new URL(server.requests[0]?.path ?? '', 'http://x').searchParams;
    expect([query.get('page'), query.get('page_size'), query.get('pagesize'), query.has('no_request')]).toEqual(['1', '10', null, true]);
    await bkdata.close();
  });

  it('surfaces a field error answer (code "1500001", errors by field) as an ApiResultError', async () => {
    const server = await serve({ body: upstreamFixture('access-rawdata-bad-biz-id').body });
    const bkdata = createBkdata(upstreamSettings(server));
    const error = await bkdata.access.listRawData({ bk_biz_id: 2 }).catch((caught: unknown) => caught);
    expect(ApiResultError.isInstance(error) && [error.code, error.errors]).toEqual(['1500001', { bk_biz_id: ['请填写合法的整数值。'] }]);
    await bkdata.close();
  });

  it('reads the deploy plan retrieve apidoc (no status, no summary) through getDeploySummary', async () => {
    const fixture = upstreamFixture('access-deploy-plan-retrieve');
    const server = await serve({ body: fixture.body });
    const bkdata = createBkdata(upstreamSettings(server));
    const plan = await bkdata.access.getDeploySummary({ raw_data_id: 302, bk_biz_id: 2 });
    expect(plan).toMatchObject({ bk_biz_id: 2, data_scenario: 'log', access_raw_data: { id: 302 } });
    expect(deploySummarySchema.safeParse({}).success).toBe(true);
    await bkdata.close();
  });

  it('reads the deploy plan create apidoc ({raw_data_id}) and the collector hub stop apidoc ("stop success")', async () => {
    const server = await serve({ body: upstreamFixture('access-deploy-plan-create').body });
    const bkdata = createBkdata(upstreamSettings(server));
    const plan = { bk_biz_id: 2, access_raw_data: { raw_data_name: 'bklog_nginx', raw_data_alias: 'nginx', maintainer: 'admin' } };
    expect(await bkdata.access.createDeployPlan(plan)).toEqual({ raw_data_id: 263 });
    // BaseSerializer requires sensitivity and data_encoding: sent with bklog's values.
    expect(server.requests[0]?.body).toMatchObject({ access_raw_data: { sensitivity: 'private', data_encoding: 'utf-8' }, bk_app_code: 'bk_log_search' });
    server.answer({ body: upstreamFixture('access-collectorhub-stop').body });
    expect(await bkdata.access.stopCollectorhub({ raw_data_id: 263 })).toBe('stop success');
    server.answer({ body: { ...(upstreamFixture('access-collectorhub-stop').body as object), data: true } });
    expect(await bkdata.access.stopCollectorhub({ raw_data_id: 263 })).toBe(true);
    await bkdata.close();
  });
});
