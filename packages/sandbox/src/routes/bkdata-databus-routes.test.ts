import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../index.js';
import type { Sandbox } from '../index.js';
import { getJson, sendJson } from '../test-support/blueking-fetch.js';
import type { Envelope } from '../test-support/blueking-fetch.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ recordCount: 600 });
});
beforeEach(() => {
  sandbox.reset();
});
afterAll(async () => {
  await sandbox.close();
});

type Data = Record<string, unknown>;
const v3 = (): string => sandbox.roots.legacy.bkdataDatabus;
const fields = [
  { field_name: 'log', field_type: 'text', field_alias: 'log', is_dimension: false, field_index: 1 },
  { field_name: 'time', field_type: 'long', field_alias: 'time', is_dimension: false, field_index: 2 },
];
const cleanBody = (extra: Data = {}): Data => ({
  raw_data_id: 1005,
  result_table_name: 'bklog_demo',
  result_table_name_alias: 'demo',
  clean_config_name: 'demo clean',
  description: 'demo',
  bk_biz_id: 3,
  bk_username: 'admin',
  fields,
  json_config: JSON.stringify({ extract: { type: 'fun', method: 'from_json' } }),
  ...extra,
});
const post = <T = Data>(path: string, body: unknown, method = 'POST'): Promise<Envelope<T>> => sendJson<Envelope<T>>(sandbox, `${v3()}${path}`, body, { method }).then((answer) => answer.body);
const get = <T = Data>(path: string, query: Record<string, string> = {}): Promise<Envelope<T>> => getJson<Envelope<T>>(sandbox, `${v3()}${path}`, query).then((answer) => answer.body);

describe('cleans', () => {
  it('creates a clean whose processing id and result table id are {bk_biz_id}_{result_table_name}', async () => {
    expect(await post('cleans/', cleanBody())).toMatchObject({ result: true, data: { processing_id: '3_bklog_demo', result_table_id: '3_bklog_demo' } });
    expect(await get('cleans/3_bklog_demo/', { bk_biz_id: '3' })).toMatchObject({ result: true, data: { raw_data_id: 1005, result_table_name_alias: 'demo', status: 'running' } });
    const listed = await get<Data[]>('cleans/', { raw_data_id: '1005', bk_biz_id: '3' });
    expect(listed.data.map((clean) => clean.processing_id)).toEqual(['3_bklog_demo']);
  });

  it('updates a clean by processing id', async () => {
    await post('cleans/', cleanBody());
    const updated = await post('cleans/3_bklog_demo/', cleanBody({ processing_id: '3_bklog_demo', result_table_name_alias: 'renamed' }), 'PUT');
    expect(updated).toMatchObject({ result: true, data: { processing_id: '3_bklog_demo' } });
    expect((await get('cleans/3_bklog_demo/')).data).toMatchObject({ result_table_name_alias: 'renamed' });
  });

  it('answers result false for an unknown processing id on GET and PUT', async () => {
    expect(await get('cleans/3_nope/')).toMatchObject({ result: false, code: '1500404', data: null });
    expect(await post('cleans/3_nope/', cleanBody(), 'PUT')).toMatchObject({ result: false, code: '1500404' });
  });

  it.each([
    [{ result_table_name: '9starts_with_digit' }, 'result_table_name'],
    [{ json_config: { not: 'a string' } }, 'json_config'],
    [{ json_config: '{broken' }, 'json_config'],
    [{ fields: [] }, 'fields'],
    [{ bk_biz_id: 'x' }, 'bk_biz_id'],
  ])('refuses %j', async (override, field) => {
    const answer = await post('cleans/', cleanBody(override));
    expect(answer).toMatchObject({ result: false, code: '1500001' });
    expect(answer.message).toContain(field);
  });

  it('refuses a duplicate and an unknown raw data', async () => {
    await post('cleans/', cleanBody());
    expect(await post('cleans/', cleanBody())).toMatchObject({ result: false, code: '1500409' });
    expect(await post('cleans/', cleanBody({ raw_data_id: 99 }))).toMatchObject({ result: false, code: '1500404' });
  });

  it('lists seeded cleans with page/pagesize and count', async () => {
    const page = await get<{ count: number; results: Data[] }>('cleans/', { page: '1', pagesize: '2' });
    expect(page.data.count).toBe(3);
    expect(page.data.results.map((clean) => clean.processing_id)).toEqual(['2_bklog_nginx_access', '2_bklog_app_logs']);
  });
});

describe('data_storages', () => {
  const storageBody = (extra: Data = {}): Data => ({
    bk_biz_id: 3,
    raw_data_id: 1005,
    data_type: 'clean',
    result_table_name: 'bklog_demo',
    result_table_name_alias: 'demo',
    storage_type: 'es',
    storage_cluster: 'es_default',
    expires: '7d',
    fields: fields.map((field) => ({ ...field, physical_field: field.field_name })),
    physical_table_name: 'write_{yyyyMMdd}_3_bklog_demo',
    ...extra,
  });

  it('creates, lists and updates a storage of a clean result table', async () => {
    await post('cleans/', cleanBody());
    expect(await post('data_storages/', storageBody())).toMatchObject({ result: true, data: { result_table_id: '3_bklog_demo', storage_type: 'es', physical_table_name: 'write_{yyyyMMdd}_3_bklog_demo' } });
    const listed = await get<Data[]>('data_storages/', { raw_data_id: '1005', bk_biz_id: '3' });
    expect(listed.data).toMatchObject([{ result_table_id: '3_bklog_demo', storage_type: 'es', status: 'running', status_en: 'running' }]);
    expect(await post('data_storages/3_bklog_demo/', storageBody({ result_table_id: '3_bklog_demo', expires: '30d' }), 'PUT')).toMatchObject({ result: true, data: { expires: '30d' } });
  });

  it('refuses a storage before its clean, a duplicate, bad expires and unknown updates', async () => {
    expect(await post('data_storages/', storageBody())).toMatchObject({ result: false, code: '1500404' });
    await post('cleans/', cleanBody());
    await post('data_storages/', storageBody());
    expect(await post('data_storages/', storageBody())).toMatchObject({ result: false, code: '1500409' });
    expect(await post('data_storages/', storageBody({ expires: 'forever' }))).toMatchObject({ result: false, code: '1500001' });
    expect(await post('data_storages/', storageBody({ storage_cluster: undefined }))).toMatchObject({ result: false, code: '1500001' });
    expect(await post('data_storages/3_nope/', storageBody(), 'PUT')).toMatchObject({ result: false, code: '1500404' });
  });

  it('lists the seeded storages with page/pagesize and count', async () => {
    const page = await get<{ count: number; results: Data[] }>('data_storages/', { page: '2', pagesize: '2' });
    expect(page.data).toMatchObject({ count: 3, results: [{ result_table_id: '2_bklog_audit' }] });
  });
});

describe('tasks', () => {
  it('starts, reads and stops a task; restart is delete then post', async () => {
    await post('cleans/', cleanBody());
    expect(await post('tasks/', { result_table_id: '3_bklog_demo', storages: ['kafka'], bk_username: 'admin', consume_position: 'tail' })).toMatchObject({ result: true, data: { status: 'running', storages: ['kafka'], consume_position: 'tail' } });
    expect((await get('tasks/3_bklog_demo/')).data).toMatchObject({ status: 'running' });
    expect(await post('tasks/3_bklog_demo/', { result_table_id: '3_bklog_demo', bk_username: 'admin' }, 'DELETE')).toMatchObject({ result: true, data: { status: 'stopped' } });
    expect((await get('tasks/3_bklog_demo/')).data).toMatchObject({ status: 'stopped' });
    expect((await post('tasks/', { result_table_id: '3_bklog_demo', storages: ['kafka'] })).data).toMatchObject({ status: 'running' });
  });

  it('refuses unknown result tables and empty storages', async () => {
    expect(await post('tasks/', { result_table_id: '3_nope', storages: ['kafka'] })).toMatchObject({ result: false, code: '1500404' });
    expect(await post('tasks/', { result_table_id: '2_bklog_audit', storages: [] })).toMatchObject({ result: false, code: '1500001' });
    expect(await get('tasks/3_nope/')).toMatchObject({ result: false, code: '1500404' });
    expect(await post('tasks/3_nope/', {}, 'DELETE')).toMatchObject({ result: false, code: '1500404' });
  });
});

describe('tails and result tables', () => {
  it('tails a raw data: the last records as JSON lines', async () => {
    const tail = await get<{ value: string; offset: number; topic: string }[]>('rawdatas/1000/tail/', { bk_biz_id: '2' });
    expect(tail.data).toHaveLength(10);
    const last = JSON.parse(tail.data.at(-1)!.value) as Record<string, unknown>;
    expect(last).toHaveProperty('dtEventTimeStamp');
    expect(tail.data.at(-1)!.offset).toBe(sandbox.data.recordCounts.bklog_index_set_42! - 1);
    expect(await get('rawdatas/99/tail/')).toMatchObject({ result: false, code: '1500404' });
  });

  it('describes a result table and tails it', async () => {
    const table = await get('result_tables/2_bklog_nginx_access/');
    expect(table.data).toMatchObject({ result_table_id: '2_bklog_nginx_access', bk_biz_id: 2, processing_type: 'clean', storages: { es: { expires: '7d' }, kafka: {} } });
    const tail = await get<Data[]>('result_tables/2_bklog_nginx_access/tail/');
    expect(tail.data).toHaveLength(10);
    expect(tail.data[0]).toHaveProperty('serverIp');
    expect(await get('result_tables/3_nope/')).toMatchObject({ result: false, code: '1500404' });
    expect(await get('result_tables/3_nope/tail/')).toMatchObject({ result: false, code: '1500404' });
  });
});

describe('v4 clean/debug/', () => {
  const debug = (input: string, operator: Data): Promise<Envelope<{ rules_output: Data[] }>> =>
    sendJson<Envelope<{ rules_output: Data[] }>>(sandbox, `${sandbox.roots.legacy.bkdataDatabusV4}clean/debug/`, { input, rules: [{ input_id: '__raw_data', output_id: 'bk_separator_object', operator }], filter_rules: [] }).then((answer) => answer.body);

  it('json_de turns a JSON line into an object with key indexes', async () => {
    const answer = await debug('{"level":"info","msg":"hi"}', { type: 'json_de' });
    expect(answer.data.rules_output).toEqual([{ output_id: 'bk_separator_object', value: { level: 'info', msg: 'hi' }, key_index: [{ type: 'key', value: 'level' }, { type: 'key', value: 'msg' }] }]);
  });

  it('split_str splits by the delimiter', async () => {
    const answer = await debug('a|b|c', { type: 'split_str', delimiter: '|', max_parts: null });
    expect(answer.data.rules_output[0]).toMatchObject({ value: ['a', 'b', 'c'], key_index: [{ type: 'index', value: 0 }, { type: 'index', value: 1 }, { type: 'index', value: 2 }] });
  });

  it('regex extracts Python-style named groups', async () => {
    const answer = await debug('10.0.0.1 GET /api 200', { type: 'regex', regex: '(?P<ip>\\S+) (?P<method>\\w+) (?P<path>\\S+) (?P<status>\\d+)' });
    expect(answer.data.rules_output[0]).toMatchObject({ value: { ip: '10.0.0.1', method: 'GET', path: '/api', status: '200' }, key_index: [{ type: 'key', value: 'ip' }, { type: 'key', value: 'method' }, { type: 'key', value: 'path' }, { type: 'key', value: 'status' }] });
  });

  it.each([
    ['not json', { type: 'json_de' }],
    ['abc', { type: 'regex', regex: '(?P<digits>\\d+)' }],
    ['abc', { type: 'regex', regex: '(' }],
    ['abc', { type: 'split_str' }],
    ['abc', { type: 'csv' }],
  ])('answers result false for %j with %j', async (input, operator) => {
    expect(await debug(input, operator)).toMatchObject({ result: false, code: '1570001' });
  });

  it('is served on the gateway v4 root', async () => {
    const answer = await sendJson<Envelope>(sandbox, `${sandbox.roots.gateway.bkdataDatabusV4}clean/debug/`, { input: '{}', rules: [{ input_id: '__raw_data', output_id: 'x', operator: { type: 'json_de' } }] });
    expect(answer.body.result).toBe(true);
  });
});
