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

// Answers follow Tencent/bk-base src/api/datahub/databus (clean_views.py + clean.py, data_storage_views.py,
// task_views.py, rt_views.py + rt.py `get_databus_rt_info`, rawdata_views.py).
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
const post = <T = Data>(path: string, body: unknown, method = 'POST'): Promise<Envelope<T>> =>
  sendJson<Envelope<T>>(sandbox, `${v3()}${path}`, body, { method }).then((answer) => answer.body);
const get = <T = Data>(path: string, query: Record<string, string> = {}): Promise<Envelope<T>> =>
  getJson<Envelope<T>>(sandbox, `${v3()}${path}`, query).then((answer) => answer.body);

describe('cleans', () => {
  it('creates a clean whose processing id and result table id are {bk_biz_id}_{result_table_name}, with its result table', async () => {
    const created = await post('cleans/', cleanBody());
    expect(created).toMatchObject({
      result: true,
      code: '1500200',
      errors: null,
      data: {
        processing_id: '3_bklog_demo',
        result_table_id: '3_bklog_demo',
        clean_result_table_name: 'bklog_demo',
        result_table: { result_table_id: '3_bklog_demo', processing_type: 'clean' },
      },
    });
    const detail = await get('cleans/3_bklog_demo/', { bk_biz_id: '3' });
    expect(detail).toMatchObject({
      result: true,
      data: { raw_data_id: 1005, clean_result_table_name_alias: 'demo', status: 'stopped', status_display: 'stopped', result_table_id: '3_bklog_demo' },
    });
    // create_clean_config adds the internal `timestamp` field to the result table.
    expect((detail.data.result_table as { fields: Data[] }).fields.map((field) => field.field_name)).toEqual(['log', 'time', 'timestamp']);
  });

  it('lists DatabusClean rows of a raw data: no result_table_id, no bk_biz_id', async () => {
    await post('cleans/', cleanBody());
    const listed = await get<Data[]>('cleans/', { raw_data_id: '1005', bk_biz_id: '3' });
    expect(listed.data.map((clean) => clean.processing_id)).toEqual(['3_bklog_demo']);
    expect(listed.data[0]).toMatchObject({ raw_data_id: 1005, clean_result_table_name: 'bklog_demo', status_display: 'stopped' });
    expect(typeof listed.data[0]?.id).toBe('number');
    expect(listed.data[0]?.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(listed.data[0]).not.toHaveProperty('result_table_id');
    expect(listed.data[0]).not.toHaveProperty('bk_biz_id');
    // Without raw_data_id the view looks for raw data -1: nothing.
    expect((await get<Data[]>('cleans/')).data).toEqual([]);
  });

  it('updates a clean by processing id and answers the storage configs of its table', async () => {
    await post('cleans/', cleanBody());
    const empty = await post('cleans/3_bklog_demo/', cleanBody({ processing_id: '3_bklog_demo', result_table_name_alias: 'renamed' }), 'PUT');
    expect(empty).toMatchObject({ result: true, data: [] });
    await post('data_storages/', {
      bk_biz_id: 3,
      raw_data_id: 1005,
      data_type: 'clean',
      result_table_name: 'bklog_demo',
      result_table_name_alias: 'demo',
      storage_type: 'es',
      storage_cluster: 'es_default',
      expires: '7d',
      fields,
    });
    const withStorage = await post<Data[]>('cleans/3_bklog_demo/', cleanBody({ processing_id: '3_bklog_demo', result_table_name_alias: 'renamed' }), 'PUT');
    expect(withStorage.data).toMatchObject([
      { result_table_id: '3_bklog_demo', data_type: 'clean', cluster_type: 'es', cluster_name: 'es_default', expires: '7d' },
    ]);
    expect((await get('cleans/3_bklog_demo/')).data).toMatchObject({ clean_result_table_name_alias: 'renamed' });
  });

  it('answers result false for an unknown processing id on GET and PUT', async () => {
    expect(await get('cleans/3_nope/')).toMatchObject({ result: false, code: '1500004', data: null });
    expect(await post('cleans/3_nope/', cleanBody(), 'PUT')).toMatchObject({ result: false, code: '1500004' });
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
    expect(await post('cleans/', cleanBody())).toMatchObject({ result: false, code: '1500005' });
    expect(await post('cleans/', cleanBody({ raw_data_id: 99 }))).toMatchObject({ result: false, code: '1500004' });
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

  it('creates (answering true), lists and updates a storage of a clean result table', async () => {
    await post('cleans/', cleanBody());
    expect(await post('data_storages/', storageBody())).toMatchObject({ result: true, code: '1500200', data: true });
    const listed = await get<Data[]>('data_storages/', { raw_data_id: '1005', bk_biz_id: '3' });
    // bk_biz_id is the raw data's business (raw data 1005 is seeded in business 5).
    expect(listed.data).toMatchObject([
      {
        raw_data_id: 1005,
        bk_biz_id: 5,
        result_table_id: '3_bklog_demo',
        storage_type: 'es',
        storage_cluster: 'es_default',
        expire_time: '7d',
        status: '正常',
        status_en: 'started',
        data_type: 'clean',
      },
    ]);
    expect(await post('data_storages/3_bklog_demo/', storageBody({ result_table_id: '3_bklog_demo', expires: '30d' }), 'PUT')).toMatchObject({
      result: true,
      data: true,
    });
    expect((await get<Data[]>('data_storages/', { raw_data_id: '1005' })).data[0]).toMatchObject({ expire_time: '30d' });
  });

  it('refuses a storage before its clean, a duplicate, bad expires, unknown updates and a list without raw_data_id', async () => {
    expect(await post('data_storages/', storageBody())).toMatchObject({ result: false, code: '1500004' });
    await post('cleans/', cleanBody());
    await post('data_storages/', storageBody());
    expect(await post('data_storages/', storageBody())).toMatchObject({ result: false, code: '1500005' });
    expect(await post('data_storages/', storageBody({ expires: 'forever' }))).toMatchObject({ result: false, code: '1500001' });
    expect(await post('data_storages/', storageBody({ storage_cluster: undefined }))).toMatchObject({ result: false, code: '1500001' });
    expect(await post('data_storages/3_nope/', storageBody(), 'PUT')).toMatchObject({ result: false, code: '1500004' });
    expect(await get('data_storages/')).toMatchObject({ result: false, code: '1500001', errors: { raw_data_id: [expect.any(String)] } });
  });
});

describe('tasks', () => {
  it('starts, reads and stops a task; create and delete answer a message, get the connector task rows', async () => {
    await post('cleans/', cleanBody());
    expect(await post('tasks/', { result_table_id: '3_bklog_demo', storages: ['kafka'], bk_username: 'admin', consume_position: 'tail' })).toMatchObject({
      result: true,
      code: '1500200',
      data: '任务(result_table_id:3_bklog_demo)启动成功!',
    });
    expect((await get<Data[]>('tasks/3_bklog_demo/')).data).toMatchObject([
      { processing_id: '3_bklog_demo', connector_task_name: 'clean-table_3_bklog_demo', status: 'running' },
    ]);
    expect(await post('tasks/3_bklog_demo/', { result_table_id: '3_bklog_demo', bk_username: 'admin' }, 'DELETE')).toMatchObject({
      result: true,
      data: 'result_table_id:3_bklog_demo,任务已成功停止!',
    });
    expect((await get<Data[]>('tasks/3_bklog_demo/')).data).toMatchObject([{ status: 'stopped' }]);
    expect(await post('tasks/', { result_table_id: '3_bklog_demo', storages: ['kafka'] })).toMatchObject({ result: true });
  });

  it('answers no task rows as an empty list; refuses unknown result tables and empty storages', async () => {
    expect(await get('tasks/3_nope/')).toMatchObject({ result: true, data: [] });
    expect(await post('tasks/', { result_table_id: '3_nope', storages: ['kafka'] })).toMatchObject({ result: false, code: '1500004' });
    expect(await post('tasks/', { result_table_id: '2_bklog_audit', storages: [] })).toMatchObject({ result: false, code: '1500001' });
    expect(await post('tasks/3_nope/', {}, 'DELETE')).toMatchObject({ result: false, code: '1500004' });
  });
});

describe('tails and result tables', () => {
  it('tails a raw data: the last records as kafka messages', async () => {
    const tail = await get<{ value: string; offset: number; topic: string; partition: number; key: string }[]>('rawdatas/1000/tail/', { bk_biz_id: '2' });
    expect(tail.data).toHaveLength(10);
    expect(tail.data[0]).toMatchObject({ topic: 'bklog_nginx_access2', partition: 0 });
    expect(typeof tail.data[0]?.key).toBe('string');
    const last = JSON.parse(tail.data.at(-1)!.value) as Record<string, unknown>;
    expect(last).toHaveProperty('dtEventTimeStamp');
    expect(tail.data.at(-1)!.offset).toBe(sandbox.data.recordCounts.bklog_index_set_42! - 1);
    expect(await get('rawdatas/99/tail/')).toMatchObject({ result: false, code: '1500004' });
  });

  it('answers the bus config of a result table (get_databus_rt_info), {} for an unknown one, and tails it', async () => {
    const table = await get('result_tables/2_bklog_nginx_access/');
    expect(table.data).toMatchObject({
      'rt.id': '2_bklog_nginx_access',
      'rt.type': 'clean',
      bk_biz_id: 2,
      table_name: 'bklog_nginx_access',
      'storages.list': ['kafka', 'es'],
      es: { expires: '7d' },
      'data.id': 1000,
    });
    expect((table.data as { fields: unknown[] }).fields).toContain('serverIp');
    expect(table.data).not.toHaveProperty('result_table_id');
    expect(await get('result_tables/3_nope/')).toMatchObject({ result: true, code: '1500200', data: {} });
    const tail = await get<Data[]>('result_tables/2_bklog_nginx_access/tail/');
    expect(tail.data).toHaveLength(10);
    expect(tail.data[0]).toHaveProperty('serverIp');
    expect(await get('result_tables/3_nope/tail/')).toMatchObject({ result: false, code: '1500500' });
  });
});

describe('v4 clean/debug/', () => {
  const debug = (input: string, operator: Data): Promise<Envelope<{ rules_output: Data[] }>> =>
    sendJson<Envelope<{ rules_output: Data[] }>>(sandbox, `${sandbox.roots.legacy.bkdataDatabusV4}clean/debug/`, {
      input,
      rules: [{ input_id: '__raw_data', output_id: 'bk_separator_object', operator }],
      filter_rules: [],
    }).then((answer) => answer.body);

  it('json_de turns a JSON line into an object with key indexes', async () => {
    const answer = await debug('{"level":"info","msg":"hi"}', { type: 'json_de' });
    expect(answer.data.rules_output).toEqual([
      {
        output_id: 'bk_separator_object',
        value: { level: 'info', msg: 'hi' },
        key_index: [
          { type: 'key', value: 'level' },
          { type: 'key', value: 'msg' },
        ],
      },
    ]);
  });

  it('split_str splits by the delimiter', async () => {
    const answer = await debug('a|b|c', { type: 'split_str', delimiter: '|', max_parts: null });
    expect(answer.data.rules_output[0]).toMatchObject({
      value: ['a', 'b', 'c'],
      key_index: [
        { type: 'index', value: 0 },
        { type: 'index', value: 1 },
        { type: 'index', value: 2 },
      ],
    });
  });

  it('regex extracts Python-style named groups', async () => {
    const answer = await debug('10.0.0.1 GET /api 200', { type: 'regex', regex: '(?P<ip>\\S+) (?P<method>\\w+) (?P<path>\\S+) (?P<status>\\d+)' });
    expect(answer.data.rules_output[0]).toMatchObject({
      value: { ip: '10.0.0.1', method: 'GET', path: '/api', status: '200' },
      key_index: [
        { type: 'key', value: 'ip' },
        { type: 'key', value: 'method' },
        { type: 'key', value: 'path' },
        { type: 'key', value: 'status' },
      ],
    });
  });

  it.each([
    ['not json', { type: 'json_de' }],
    ['abc', { type: 'regex', regex: '(?P<digits>\\d+)' }],
    ['abc', { type: 'regex', regex: '(' }],
    ['abc', { type: 'split_str' }],
    ['abc', { type: 'csv' }],
  ])('answers result false for %j with %j', async (input, operator) => {
    expect(await debug(input, operator)).toMatchObject({ result: false, code: '1570001', data: null });
  });

  it('is served on the gateway v4 root', async () => {
    const answer = await sendJson<Envelope>(sandbox, `${sandbox.roots.gateway.bkdataDatabusV4}clean/debug/`, {
      input: '{}',
      rules: [{ input_id: '__raw_data', output_id: 'x', operator: { type: 'json_de' } }],
    });
    expect(answer.body.result).toBe(true);
  });
});
