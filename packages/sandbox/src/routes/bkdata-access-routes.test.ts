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

type Data = Record<string, unknown>;
const root = (): string => sandbox.roots.legacy.bkdataAccess;
const plan = (name: string, extra: Data = {}): Data => ({
  bk_username: 'admin',
  data_scenario: 'custom',
  data_scenario_id: 47,
  permission: 'permission',
  bk_biz_id: 2,
  description: 'demo',
  access_raw_data: { tags: [], raw_data_name: name, maintainer: 'admin,alice', raw_data_alias: name, data_source_tags: ['server'], data_region: 'inland', data_source: 'data_source', data_encoding: 'utf-8', sensitivity: 'private', description: 'demo' },
  ...extra,
});

describe('rawdata/ listing', () => {
  it('lists a few hundred seeded raw data with page-number pagination', async () => {
    const first = await getJson<Envelope<{ count: number; results: Data[] }>>(sandbox, `${root()}rawdata/`, { page: '1', pagesize: '50' });
    expect(first.body.data.count).toBe(240);
    expect(first.body.data.results).toHaveLength(50);
    expect(first.body.data.results[0]).toMatchObject({ raw_data_id: 1000, bk_biz_id: 2, raw_data_name: 'bklog_nginx_access' });
    const last = await getJson<Envelope<{ count: number; results: Data[] }>>(sandbox, `${root()}rawdata/`, { page: '5', pagesize: '50' });
    expect(last.body.data.results).toHaveLength(40);
    expect(last.body.data.results.at(-1)).toMatchObject({ raw_data_id: 1239 });
    expect(sandbox.data.rawDataIds).toHaveLength(240);
  });

  it('supports limit/offset ({count, info}), a business filter and no pagination at all', async () => {
    const limited = await getJson<Envelope<{ count: number; info: Data[] }>>(sandbox, `${root()}rawdata/`, { limit: '5', offset: '10' });
    expect(limited.body.data.count).toBe(240);
    expect(limited.body.data.info.map((item) => item.raw_data_id)).toEqual([1010, 1011, 1012, 1013, 1014]);
    const business = await getJson<Envelope<Data[]>>(sandbox, `${root()}rawdata/`, { bk_biz_id: '5' });
    expect(business.body.data.length).toBeGreaterThan(50);
    expect(business.body.data.every((item) => item.bk_biz_id === 5)).toBe(true);
  });
});

describe('deploy plans', () => {
  it('creates, reads, updates and stops a raw data', async () => {
    const created = await sendJson<Envelope<{ raw_data_id: number }>>(sandbox, `${root()}deploy_plan/`, plan('bklog_demo'));
    expect(created.body).toMatchObject({ result: true, data: { raw_data_id: 1240 } });
    const id = created.body.data.raw_data_id;
    const summary = await getJson<Envelope<Data>>(sandbox, `${root()}deploy_plan/${id}/`, { bk_biz_id: '2' });
    expect(summary.body.data).toMatchObject({ raw_data_id: id, bk_biz_id: 2, status: 'running', access_raw_data: { raw_data_name: 'bklog_demo' } });
    const updated = await sendJson<Envelope<Data>>(sandbox, `${root()}deploy_plan/${id}/`, plan('bklog_demo', { raw_data_id: id, access_raw_data: { raw_data_name: 'bklog_demo', maintainer: 'bob', raw_data_alias: 'renamed' } }), { method: 'PUT' });
    expect(updated.body).toMatchObject({ result: true, data: { raw_data_id: id } });
    const stopped = await sendJson<Envelope<Data>>(sandbox, `${root()}collectorhub/${id}/stop/`, { bk_username: 'admin' });
    expect(stopped.body.data).toMatchObject({ status: 'stopped' });
    const after = await getJson<Envelope<Data>>(sandbox, `${root()}deploy_plan/${id}/`);
    expect(after.body.data).toMatchObject({ status: 'stopped', access_raw_data: { raw_data_alias: 'renamed', maintainer: 'bob' } });
  });

  it('honours preassigned_data_id and refuses duplicates', async () => {
    const preassigned = await sendJson<Envelope<{ raw_data_id: number }>>(sandbox, `${root()}deploy_plan/`, plan('bklog_pre', { access_raw_data: { raw_data_name: 'bklog_pre', maintainer: 'admin', preassigned_data_id: 5000 } }));
    expect(preassigned.body.data.raw_data_id).toBe(5000);
    const duplicate = await sendJson<Envelope>(sandbox, `${root()}deploy_plan/`, plan('bklog_pre'));
    expect(duplicate.body).toMatchObject({ result: false, code: '1500409', data: null });
  });

  it.each([
    [{ bk_biz_id: undefined }, 'bk_biz_id'],
    [{ access_raw_data: { raw_data_name: '1bad-name', maintainer: 'admin' } }, 'raw_data_name'],
    [{ access_raw_data: { raw_data_name: 'ok_name' } }, 'maintainer'],
    [{ data_scenario: '' }, 'data_scenario'],
  ])('refuses an invalid plan %j', async (override, field) => {
    const answer = await sendJson<Envelope>(sandbox, `${root()}deploy_plan/`, plan('bklog_x', override));
    expect(answer.body).toMatchObject({ result: false, code: '1500001' });
    expect(answer.body.message).toContain(field);
  });

  it('answers result false for unknown raw data ids', async () => {
    expect((await getJson<Envelope>(sandbox, `${root()}deploy_plan/999999/`)).body).toMatchObject({ result: false, code: '1500404' });
    expect((await sendJson<Envelope>(sandbox, `${root()}deploy_plan/999999/`, plan('x'), { method: 'PUT' })).body).toMatchObject({ result: false, code: '1500404' });
    expect((await sendJson<Envelope>(sandbox, `${root()}collectorhub/999999/stop/`, {})).body).toMatchObject({ result: false, code: '1500404' });
  });

  it('reset() forgets created raw data', async () => {
    await sendJson(sandbox, `${root()}deploy_plan/`, plan('bklog_tmp'));
    sandbox.reset();
    expect((await getJson<Envelope>(sandbox, `${root()}deploy_plan/1240/`)).body.result).toBe(false);
  });

  it('serves the gateway root', async () => {
    const answer = await getJson<Envelope<{ count: number }>>(sandbox, `${sandbox.roots.gateway.bkdataAccess}rawdata/`, { page: '1', pagesize: '1' });
    expect(answer.body.data.count).toBe(240);
  });
});
