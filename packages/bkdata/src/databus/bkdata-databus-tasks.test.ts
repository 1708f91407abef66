import { ApiResultError, ValidationError } from '@x/errors';
import type { TenantLookup } from '@x/core-client';
import { callsTo, onlyCall, useSandbox } from '@x/sandbox/vitest';
import { describe, expect, it } from 'vitest';
import { createBkdata } from '../bkdata-client.js';
import { sandboxSettings } from '../test-support/bkdata-test-settings.js';

const getSandbox = useSandbox({ recordCount: 3000 });
const lookups: TenantLookup[] = [];
// bklog maps a result table to its business by the id prefix (`split('_', 1)[0]`).
const resolveTenant = (lookup: TenantLookup): string | undefined => {
  lookups.push(lookup);
  return lookup.result_table_id === undefined ? undefined : `tenant-of-${lookup.result_table_id.split('_', 1)[0] ?? ''}`;
};

describe('bkdata.databus tasks', () => {
  it('createTask POSTs the result table with storages defaulting to kafka, tenant from the table id', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox, { resolveTenant }));
    const task = await bkdata.databus.createTask({ result_table_id: '2_bklog_app_logs', consume_position: 'tail' });
    // task_views.py create answers a message.
    expect(task).toBe('任务(result_table_id:2_bklog_app_logs)启动成功!');
    const call = onlyCall(sandbox, 'post_tasks');
    expect(call.path).toBe('/api/bk-base/prod/v3/databus/tasks/');
    expect(call.body).toEqual({
      result_table_id: '2_bklog_app_logs',
      storages: ['kafka'],
      consume_position: 'tail',
      bk_username: 'admin',
      operator: 'admin',
      bk_app_code: 'bk_sandbox',
      bkdata_authentication_method: 'user',
    });
    expect(call.tenantId).toBe('tenant-of-2');
    expect(lookups).toContainEqual({ result_table_id: '2_bklog_app_logs' });
    await bkdata.close();
  });

  it('getTask GETs tasks/{result_table_id}/ and deleteTask sends a DELETE with a JSON body', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox, { resolveTenant }));
    const task = await bkdata.databus.getTask({ result_table_id: '2_bklog_audit' });
    // task_views.py retrieve: the DatabusConnectorTask rows of the table.
    expect(task).toMatchObject([
      { processing_id: '2_bklog_audit', sink_type: 'kafka', status: 'running' },
      { processing_id: '2_bklog_audit', sink_type: 'eslog', status: 'running' },
    ]);
    expect(onlyCall(sandbox, 'get_tasks').query).toMatchObject({ result_table_id: '2_bklog_audit' });
    await bkdata.databus.deleteTask({ result_table_id: '2_bklog_audit' });
    const call = onlyCall(sandbox, 'delete_tasks');
    expect(call.method).toBe('DELETE');
    expect(call.path).toBe('/api/bk-base/prod/v3/databus/tasks/2_bklog_audit/');
    expect(call.headers['content-type']).toMatch(/^application\/json/);
    expect(call.body).toMatchObject({ result_table_id: '2_bklog_audit', bk_username: 'admin' });
    expect(call.tenantId).toBe('tenant-of-2');
    await bkdata.close();
  });

  it('restartTask deletes, then creates', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox));
    await bkdata.databus.restartTask({ result_table_id: '2_bklog_nginx_access', storages: ['kafka', 'es'] });
    expect(sandbox.calls.map((call) => call.route)).toEqual(['bkdata.databus.delete_tasks', 'bkdata.databus.post_tasks']);
    expect(callsTo(sandbox, 'delete_tasks')[0]?.body).not.toHaveProperty('storages');
    expect(callsTo(sandbox, 'post_tasks')[0]?.body).toMatchObject({ storages: ['kafka', 'es'] });
    await bkdata.close();
  });

  it('refuses a table id without a business prefix, and reports an unknown table as ApiResultError', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox));
    const invalid = await bkdata.databus.getTask({ result_table_id: 'bklog_app_logs' }).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(invalid) && invalid.fields).toEqual(['result_table_id']);
    expect(sandbox.calls).toHaveLength(0);
    const missing = await bkdata.databus.createTask({ result_table_id: '2_bklog_missing' }).catch((caught: unknown) => caught);
    expect(ApiResultError.isInstance(missing) && missing.code).toBe('1500004');
    await bkdata.close();
  });
});
