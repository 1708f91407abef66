import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../index.js';
import type { Sandbox } from '../index.js';
import { getJson, sendJson } from '../test-support/blueking-fetch.js';
import type { Envelope } from '../test-support/blueking-fetch.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ recordCount: 300 });
});
beforeEach(() => {
  sandbox.reset();
});
afterAll(async () => {
  await sandbox.close();
});

// Answers follow Tencent/bk-base src/api/datahub/access (raw_data_views.py, deploy_plan_views.py,
// serializers.py) and the row asserted by tests/modules/access/get_rawdata_test.py.
type Data = Record<string, unknown>;
const root = (): string => sandbox.roots.legacy.bkdataAccess;
const plan = (name: string, extra: Data = {}): Data => ({
  bk_username: 'admin',
  bk_app_code: 'bk_log_search',
  data_scenario: 'custom',
  data_scenario_id: 47,
  permission: 'permission',
  bk_biz_id: 2,
  description: 'demo',
  access_raw_data: {
    tags: [],
    raw_data_name: name,
    maintainer: 'admin,alice',
    raw_data_alias: name,
    data_source_tags: ['server'],
    data_region: 'inland',
    data_source: 'data_source',
    data_encoding: 'utf-8',
    sensitivity: 'private',
    description: 'demo',
  },
  ...extra,
});

describe('rawdata/ listing', () => {
  it('answers bk-base success envelope: code "1500200", message "ok", errors null', async () => {
    const answer = await getJson<Envelope<Data[]>>(sandbox, `${root()}rawdata/`, { bk_biz_id: '5' });
    expect(answer.body).toMatchObject({ result: true, code: '1500200', message: 'ok', errors: null });
    expect(answer.body).not.toHaveProperty('request_id');
  });

  it('pages with page and page_size into {results, count}, rows keyed by id', async () => {
    const first = await getJson<Envelope<{ count: number; results: Data[] }>>(sandbox, `${root()}rawdata/`, { page: '1', page_size: '50' });
    expect(first.body.data.count).toBe(240);
    expect(first.body.data.results).toHaveLength(50);
    const row = first.body.data.results[0]!;
    expect(row).toMatchObject({ id: 1000, bk_biz_id: 2, raw_data_name: 'bklog_nginx_access', topic: 'bklog_nginx_access2', active: 1 });
    expect(row).not.toHaveProperty('raw_data_id');
    const last = await getJson<Envelope<{ count: number; results: Data[] }>>(sandbox, `${root()}rawdata/`, { page: '5', page_size: '50' });
    expect(last.body.data.results).toHaveLength(40);
    expect(last.body.data.results.at(-1)).toMatchObject({ id: 1239 });
    expect(sandbox.data.rawDataIds).toHaveLength(240);
  });

  it("ignores bklog's pagesize (not a field of ListByParamSerializer): a page without page_size is a server error", async () => {
    const answer = await getJson<Envelope>(sandbox, `${root()}rawdata/`, { page: '1', pagesize: '50' });
    expect(answer.body).toMatchObject({ result: false, code: '1500500', data: null });
  });

  it('refuses page_size above 100 and page below 1 with field errors', async () => {
    const big = await getJson<Envelope>(sandbox, `${root()}rawdata/`, { page: '1', page_size: '500' });
    expect(big.body).toMatchObject({ result: false, code: '1500001', errors: { page_size: [expect.stringContaining('100')] } });
    const zero = await getJson<Envelope>(sandbox, `${root()}rawdata/`, { page: '0', page_size: '5' });
    expect(zero.body).toMatchObject({ result: false, code: '1500001', errors: { page: [expect.any(String)] } });
    const notNumber = await getJson<Envelope>(sandbox, `${root()}rawdata/`, { bk_biz_id: 'abc' });
    expect(notNumber.body).toMatchObject({ result: false, code: '1500001', errors: { bk_biz_id: [expect.any(String)] } });
  });

  it('answers the whole list without page, filtered by business, newest first', async () => {
    await sendJson(sandbox, `${root()}deploy_plan/`, plan('bklog_newest'));
    const business = await getJson<Envelope<Data[]>>(sandbox, `${root()}rawdata/`, { bk_biz_id: '2' });
    expect(business.body.data.length).toBeGreaterThan(50);
    expect(business.body.data.every((item) => item.bk_biz_id === 2)).toBe(true);
    expect(business.body.data[0]).toMatchObject({ id: 1240, raw_data_name: 'bklog_newest' });
  });
});

describe('deploy plans', () => {
  it('creates, reads, updates and stops a raw data', async () => {
    const created = await sendJson<Envelope<{ raw_data_id: number }>>(sandbox, `${root()}deploy_plan/`, plan('bklog_demo'));
    expect(created.body).toMatchObject({ result: true, code: '1500200', data: { raw_data_id: 1240 } });
    const id = created.body.data.raw_data_id;
    const summary = await getJson<Envelope<Data>>(sandbox, `${root()}deploy_plan/${id}/`, { bk_biz_id: '2' });
    expect(summary.body.data).toMatchObject({
      bk_biz_id: 2,
      data_scenario: 'custom',
      bk_app_code: 'bk_log_search',
      access_raw_data: { id, raw_data_name: 'bklog_demo' },
    });
    expect(summary.body.data).not.toHaveProperty('raw_data_id');
    expect(summary.body.data).not.toHaveProperty('summary');
    const updated = await sendJson<Envelope<Data>>(
      sandbox,
      `${root()}deploy_plan/${id}/`,
      plan('bklog_demo', {
        raw_data_id: id,
        access_raw_data: { raw_data_name: 'bklog_demo', maintainer: 'bob', raw_data_alias: 'renamed', sensitivity: 'private', data_encoding: 'utf-8' },
      }),
      { method: 'PUT' },
    );
    expect(updated.body).toMatchObject({ result: true, data: { raw_data_id: id } });
    const stopped = await sendJson<Envelope>(sandbox, `${root()}collectorhub/${id}/stop/`, { bk_username: 'admin' });
    expect(stopped.body).toMatchObject({ result: true, data: true });
    const after = await getJson<Envelope<Data>>(sandbox, `${root()}deploy_plan/${id}/`);
    expect(after.body.data).toMatchObject({ access_raw_data: { raw_data_alias: 'renamed', maintainer: 'bob' } });
  });

  it('honours preassigned_data_id and refuses duplicates', async () => {
    const preassigned = await sendJson<Envelope<{ raw_data_id: number }>>(
      sandbox,
      `${root()}deploy_plan/`,
      plan('bklog_pre', {
        access_raw_data: {
          raw_data_name: 'bklog_pre',
          raw_data_alias: 'pre',
          maintainer: 'admin',
          sensitivity: 'private',
          data_encoding: 'utf-8',
          preassigned_data_id: 5000,
        },
      }),
    );
    expect(preassigned.body.data.raw_data_id).toBe(5000);
    const duplicate = await sendJson<Envelope>(sandbox, `${root()}deploy_plan/`, plan('bklog_pre'));
    expect(duplicate.body).toMatchObject({ result: false, code: '1500005', data: null });
  });

  it.each([
    [{ bk_biz_id: undefined }, 'bk_biz_id'],
    [{ bk_app_code: undefined }, 'bk_app_code'],
    [
      { access_raw_data: { raw_data_name: '1bad-name', raw_data_alias: 'x', maintainer: 'admin', sensitivity: 'private', data_encoding: 'utf-8' } },
      'access_raw_data.raw_data_name',
    ],
    [{ access_raw_data: { raw_data_name: 'ok_name', raw_data_alias: 'x', sensitivity: 'private', data_encoding: 'utf-8' } }, 'access_raw_data.maintainer'],
    [{ access_raw_data: { raw_data_name: 'ok_name', raw_data_alias: 'x', maintainer: 'admin', data_encoding: 'utf-8' } }, 'access_raw_data.sensitivity'],
    [{ data_scenario: '' }, 'data_scenario'],
  ])('refuses an invalid plan %j (BaseSerializer)', async (override, field) => {
    const answer = await sendJson<Envelope>(sandbox, `${root()}deploy_plan/`, plan('bklog_x', override));
    expect(answer.body).toMatchObject({ result: false, code: '1500001', errors: { [field]: [expect.any(String)] } });
    expect(answer.body.message).toContain(field);
  });

  it('answers result false for unknown raw data ids', async () => {
    expect((await getJson<Envelope>(sandbox, `${root()}deploy_plan/999999/`)).body).toMatchObject({ result: false, code: '1500004' });
    expect((await sendJson<Envelope>(sandbox, `${root()}deploy_plan/999999/`, plan('x'), { method: 'PUT' })).body).toMatchObject({
      result: false,
      code: '1500004',
    });
    expect((await sendJson<Envelope>(sandbox, `${root()}collectorhub/999999/stop/`, {})).body).toMatchObject({ result: false, code: '1500004' });
  });

  it('reset() forgets created raw data', async () => {
    await sendJson(sandbox, `${root()}deploy_plan/`, plan('bklog_tmp'));
    sandbox.reset();
    expect((await getJson<Envelope>(sandbox, `${root()}deploy_plan/1240/`)).body.result).toBe(false);
  });

  it('serves the gateway root', async () => {
    const answer = await getJson<Envelope<{ count: number }>>(sandbox, `${sandbox.roots.gateway.bkdataAccess}rawdata/`, { page: '1', page_size: '1' });
    expect(answer.body.data.count).toBe(240);
  });
});
