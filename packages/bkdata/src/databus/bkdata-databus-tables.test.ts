import { ApiRequestError, ApiResultError } from '@x/errors';
import type { TenantLookup } from '@x/core-client';
import { onlyCall, useSandbox } from '@x/sandbox/vitest';
import { describe, expect, it } from 'vitest';
import { createBkdata } from '../bkdata-client.js';
import { sandboxSettings } from '../test-support/bkdata-test-settings.js';
import { createBkdataDatabus } from './bkdata-databus.js';
import { resultTableExists } from './bkdata-databus-tables.js';

const getSandbox = useSandbox({ recordCount: 3000 });
const resolveTenant = (lookup: TenantLookup): string | undefined =>
  lookup.bk_biz_id !== undefined
    ? `biz-${String(lookup.bk_biz_id)}`
    : lookup.result_table_id === undefined
      ? undefined
      : `rt-${lookup.result_table_id.split('_', 1)[0] ?? ''}`;

describe('tails and result tables', () => {
  it('getRawDataTail GETs rawdatas/{raw_data_id}/tail/ with the business tenant', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox, { resolveTenant }));
    const records = await bkdata.databus.getRawDataTail({ raw_data_id: 1000, bk_biz_id: 2 });
    expect(records).toHaveLength(10);
    const call = onlyCall(sandbox, 'get_raw_data_tail');
    expect(call.path).toBe('/api/bk-base/prod/v3/databus/rawdatas/1000/tail/');
    expect(call.query).toMatchObject({ raw_data_id: '1000', bk_biz_id: '2', bk_username: 'admin', bkdata_authentication_method: 'user' });
    expect(call.tenantId).toBe('biz-2');
    await bkdata.close();
  });

  it('getResultTable and getResultTableTail take the tenant from the table id', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox, { resolveTenant }));
    const table = await bkdata.databus.getResultTable({ result_table_id: '2_bklog_app_logs' });
    // rt.py get_databus_rt_info: the bus config, with the field names.
    expect(table).toMatchObject({ 'rt.id': '2_bklog_app_logs', 'rt.type': 'clean', bk_biz_id: 2 });
    expect(table.fields).toContain('log');
    const tableCall = onlyCall(sandbox, 'get_result_table');
    expect(tableCall.path).toBe('/api/bk-base/prod/v3/databus/result_tables/2_bklog_app_logs/');
    expect(tableCall.tenantId).toBe('rt-2');
    const tail = await bkdata.databus.getResultTableTail({ result_table_id: '2_bklog_app_logs' });
    expect(tail.length).toBeGreaterThan(0);
    const tailCall = onlyCall(sandbox, 'get_result_table_tail');
    expect(tailCall.path).toBe('/api/bk-base/prod/v3/databus/result_tables/2_bklog_app_logs/tail/');
    expect(tailCall.tenantId).toBe('rt-2');
    await bkdata.close();
  });

  it('reads an unknown table as {} (what get_databus_rt_info answers) and gateway failures as ApiRequestError', async () => {
    const sandbox = getSandbox();
    const databus = createBkdataDatabus(sandboxSettings(sandbox));
    const missing = await databus.getResultTable({ result_table_id: '2_bklog_missing' });
    expect(missing).toEqual({});
    expect(resultTableExists(missing)).toBe(false);
    const missingTail = await databus.getResultTableTail({ result_table_id: '2_bklog_missing' }).catch((caught: unknown) => caught);
    expect(ApiResultError.isInstance(missingTail) && missingTail.code).toBe('1500500');
    sandbox.inject({ kind: 'malformed-json', route: 'tail' });
    const malformed = await databus.getResultTableTail({ result_table_id: '2_bklog_app_logs' }).catch((caught: unknown) => caught);
    expect(ApiRequestError.isInstance(malformed) && malformed.failure).toBe('invalid-json');
    await databus.close();
  });
});
