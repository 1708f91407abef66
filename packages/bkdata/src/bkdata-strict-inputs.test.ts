import { ValidationError } from '@x/errors';
import { useUpstreamServer } from '@x/sandbox/vitest';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import type { BkdataCreateDeployPlanParams, BkdataListRawDataParams } from './access/bkdata-access-endpoints.js';
import { createBkdata } from './bkdata-client.js';
import type { BkdataDebugCleanParams } from './databus/bkdata-clean-debug-endpoints.js';
import type { BkdataCreateTaskParams } from './databus/bkdata-databus-tasks-endpoints.js';
import type { BkdataQuerySyncParams } from './query/bkdata-query-endpoints.js';
import { upstreamSettings } from './test-support/bkdata-test-settings.js';

// What a plain JavaScript caller (or a cast) gets past the compiler: an unknown key is refused at
// run time, naming it, before a byte is sent. Unmodelled wire fields travel only through `extra`.
const serve = useUpstreamServer();

const ok = (data: unknown) => ({ result: true, code: '1500200', message: 'ok', data, errors: null });
const queryOk = (list: unknown) => ({
  result: true,
  code: '00',
  message: 'ok',
  data: { list, totalRecords: Array.isArray(list) ? list.length : 0 },
  errors: null,
});

async function refusal(call: () => Promise<unknown>): Promise<ValidationError> {
  const error = await call().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!ValidationError.isInstance(error)) throw new Error(`expected a ValidationError, got ${String(error)}`);
  return error;
}

// JavaScript callers: no types stop them (here: a cast through unknown).
describe('an unknown key is a ValidationError naming it, and nothing is sent', () => {
  it.each([
    [
      'access.listRawData',
      'bk_bizid',
      (bkdata: ReturnType<typeof createBkdata>) => bkdata.access.listRawData({ bk_bizid: 2 } as unknown as BkdataListRawDataParams),
    ],
    [
      'access.listAllRawData',
      'bk_bizid',
      (bkdata: ReturnType<typeof createBkdata>) => bkdata.access.listAllRawData({ bk_bizid: 2 } as unknown as BkdataListRawDataParams),
    ],
    [
      'query.querySync',
      'prefer_storge',
      (bkdata: ReturnType<typeof createBkdata>) => bkdata.query.querySync({ sql: 'SELECT 1', prefer_storge: 'es' } as unknown as BkdataQuerySyncParams),
    ],
    [
      'databus.createTask',
      'storage',
      (bkdata: ReturnType<typeof createBkdata>) =>
        bkdata.databus.createTask({ result_table_id: '2_bklog_nginx', storage: ['kafka'] } as unknown as BkdataCreateTaskParams),
    ],
  ])('%s refuses "%s"', async (_name, key, call) => {
    const server = await serve({ body: ok([]) });
    const bkdata = createBkdata(upstreamSettings(server));
    const error = await refusal(async () => call(bkdata));
    expect(error.direction).toBe('input');
    expect(error.message).toContain(`unknown field "${key}"`);
    expect(error.message).toContain('extra');
    expect(server.requests).toHaveLength(0);
    await bkdata.close();
  });

  it('refuses an unknown key inside a nested input object, naming its path', async () => {
    const server = await serve({ body: ok({ raw_data_id: 1 }) });
    const bkdata = createBkdata(upstreamSettings(server));
    const plan = {
      bk_biz_id: 2,
      access_raw_data: { raw_data_name: 'bklog_nginx', raw_data_alias: 'nginx', maintainer: 'admin', raw_data_alais: 'x' },
    } as unknown as BkdataCreateDeployPlanParams;
    const error = await refusal(async () => bkdata.access.createDeployPlan(plan));
    expect(error.fields).toEqual(['access_raw_data.raw_data_alais']);
    expect(error.message).toContain('"raw_data_alais"');
    const debug = { input: 'a|b', rules: [{ operator: { type: 'split_str', delimeter: '|' } }] } as unknown as BkdataDebugCleanParams;
    const debugError = await refusal(async () => bkdata.databus.debugClean(debug));
    expect(debugError.message).toContain('"delimeter"');
    expect(server.requests).toHaveLength(0);
    await bkdata.close();
  });

  it('refuses a value outside a closed set, naming the field', async () => {
    const server = await serve({ body: ok(true) });
    const bkdata = createBkdata(upstreamSettings(server));
    const error = await refusal(async () =>
      bkdata.databus.createStorage({
        ...({ storage_type: 'elasticsearch' } as unknown as { storage_type: 'es' }),
        bk_biz_id: 2,
        raw_data_id: 1000,
        result_table_name: 'bklog_nginx',
        result_table_name_alias: 'nginx',
        storage_cluster: 'es_default',
        expires: 7,
        fields: [{ field_name: 'log', field_type: 'text', field_alias: 'log', is_dimension: false, field_index: 1, physical_field: 'log' }],
      }),
    );
    expect(error.fields).toEqual(['storage_type']);
    expect(server.requests).toHaveLength(0);
    await bkdata.close();
  });
});

// The whole message, pinned: the call's validation names the key (`unknown field "<key>": `) and
// the schema's error map says the rest, so a map that names the key too would repeat it.
describe('the message names an unknown key once', () => {
  it.each([
    [
      'at the top level',
      (bkdata: ReturnType<typeof createBkdata>) => bkdata.access.listRawData({ bk_bizid: 2 } as unknown as BkdataListRawDataParams),
      'Parameter validation failed (bkdata.list_raw_data input): bk_bizid: unknown field "bk_bizid": not a field of list_raw_data (misspelt? wire fields the SDK does not model go in extra)',
    ],
    [
      'in a nested object',
      (bkdata: ReturnType<typeof createBkdata>) =>
        bkdata.access.createDeployPlan({
          bk_biz_id: 2,
          access_raw_data: { raw_data_name: 'bklog_nginx', raw_data_alias: 'nginx', maintainer: 'admin', raw_data_alais: 'x' },
        } as unknown as BkdataCreateDeployPlanParams),
      'Parameter validation failed (bkdata.deploy_plan_post input): access_raw_data.raw_data_alais: unknown field "raw_data_alais": not a field of access_raw_data (misspelt? unmodelled top-level wire fields go in extra)',
    ],
    [
      'in a clean-debug operator',
      (bkdata: ReturnType<typeof createBkdata>) =>
        bkdata.databus.debugClean({ input: 'a|b', rules: [{ operator: { type: 'split_str', delimeter: '|' } }] } as unknown as BkdataDebugCleanParams),
      // The misspelling leaves the required delimiter out, too.
      'Parameter validation failed (bkdata.databus_clean_debug input): rules[0].operator.delimiter: Invalid input: expected string, received undefined; rules[0].operator.delimeter: unknown field "delimeter": not a field of the split_str operator (misspelt? unmodelled top-level wire fields go in extra)',
    ],
  ])('%s', async (_where, call, message) => {
    const server = await serve({ body: ok([]) });
    const bkdata = createBkdata(upstreamSettings(server));
    const error = await refusal(async () => call(bkdata));
    expect(error.message).toBe(message);
    expect(server.requests).toHaveLength(0);
    await bkdata.close();
  });
});

describe('extra: the one escape hatch for unmodelled wire fields', () => {
  it('merges extra into the query string of a GET and the JSON body of a POST, never sending "extra"', async () => {
    const server = await serve({ body: ok([]) });
    const bkdata = createBkdata(upstreamSettings(server));
    await bkdata.access.listRawData({ bk_biz_id: 2, extra: { created_by: 'alice' } });
    const query = new URL(server.requests[0]?.path ?? '', 'http://x').searchParams;
    expect([query.get('bk_biz_id'), query.get('created_by'), query.has('extra')]).toEqual(['2', 'alice', false]);
    await bkdata.databus.createTask({ result_table_id: '2_bklog_nginx', extra: { description: 'restart', options: { fast: true } } });
    expect(server.requests[1]?.body).toMatchObject({ result_table_id: '2_bklog_nginx', storages: ['kafka'], description: 'restart', options: { fast: true } });
    expect(server.requests[1]?.body).not.toHaveProperty('extra');
    await bkdata.close();
  });

  it('refuses a key of extra that is a modelled field or one the client sends, naming extra.<key>, and sends nothing', async () => {
    const server = await serve({ body: ok([]) });
    const bkdata = createBkdata(upstreamSettings(server));
    const modelled = await refusal(async () => bkdata.access.listRawData({ bk_biz_id: 2, extra: { bk_biz_id: 3 } }));
    expect(modelled.fields).toEqual(['extra.bk_biz_id']);
    expect(modelled.message).toContain('give it as bk_biz_id');
    const clientSent = await refusal(async () => bkdata.query.querySync({ sql: 'SELECT 1', extra: { no_request: false, bk_app_code: 'other' } }));
    expect(clientSent.fields).toEqual(['extra.no_request', 'extra.bk_app_code']);
    const notJson = await refusal(async () =>
      bkdata.databus.getTask({ result_table_id: '2_bklog_nginx', extra: { callback: () => 1 } as unknown as { callback: string } }),
    );
    expect(notJson.fields).toEqual(['extra.callback']);
    expect(server.requests).toHaveLength(0);
    await bkdata.close();
  });
});

describe('sql rows typed by the caller', () => {
  it('checks each row with rowSchema and names the row index and field of one that fails', async () => {
    const server = await serve({
      body: queryOk([
        { level: 'info', n: 3 },
        { level: 'error', n: '2' },
      ]),
    });
    const bkdata = createBkdata(upstreamSettings(server));
    const rowSchema = z.object({ level: z.string(), n: z.number() });
    const error = await refusal(async () => bkdata.query.sql('SELECT level, COUNT(*) AS n FROM 2_bklog_app_logs GROUP BY level', { rowSchema }));
    expect([error.direction, error.fields]).toEqual(['output', ['list[1].n']]);
    server.answer({ body: queryOk([{ level: 'info', n: 3 }]) });
    const { list } = await bkdata.query.sql('SELECT level, COUNT(*) AS n FROM 2_bklog_app_logs GROUP BY level', { rowSchema });
    expect(list).toEqual([{ level: 'info', n: 3 }]);
    // The row schema is ours, not a wire field: only the statement leaves the client.
    expect(Object.keys(server.requests[1]?.body as object)).not.toContain('rowSchema');
    await bkdata.close();
  });

  it('keeps unknown row and answer keys at run time without a row schema', async () => {
    const server = await serve({
      body: {
        ...queryOk([{ serverIp: '10.0.0.1', extra_column: 1 }]),
        data: { list: [{ serverIp: '10.0.0.1', extra_column: 1 }], device: 'mysql', new_server_field: 'kept' },
      },
    });
    const bkdata = createBkdata(upstreamSettings(server));
    const result = await bkdata.query.sql('SELECT * FROM 2_bklog_app_logs LIMIT 1');
    expect(result.list).toEqual([{ serverIp: '10.0.0.1', extra_column: 1 }]);
    expect(result).toMatchObject({ device: 'mysql', new_server_field: 'kept' });
    await bkdata.close();
  });
});
