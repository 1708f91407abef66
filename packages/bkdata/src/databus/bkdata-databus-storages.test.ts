import { ApiResultError, ValidationError } from '@x/errors';
import { callsTo, onlyCall, useSandbox } from '@x/sandbox/vitest';
import { describe, expect, it } from 'vitest';
import { createBkdata } from '../bkdata-client.js';
import { sandboxSettings } from '../test-support/bkdata-test-settings.js';
import { buildCleanFields, buildStorageFields } from './bkdata-clean-fields.js';
import type { BkdataCreateStorageParams } from './bkdata-databus-storages-endpoints.js';

const getSandbox = useSandbox({ recordCount: 3000 });
const resolveTenant = (lookup: { bk_biz_id?: string | number | undefined }) =>
  lookup.bk_biz_id === undefined ? undefined : `tenant-of-${String(lookup.bk_biz_id)}`;
const mapping = { log: 'text', level: 'keyword', status: 'integer' } as const;

const storage: BkdataCreateStorageParams = {
  bk_biz_id: 2,
  raw_data_id: 1003,
  result_table_name: 'bklog_sdk_storage',
  result_table_name_alias: 'sdk storage',
  storage_cluster: 'es_default',
  expires: 7,
  fields: buildStorageFields(mapping),
};

describe('bkdata.databus.listStorages', () => {
  it('GETs data_storages/ with the filters and caches the answer for 60 s', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox, { resolveTenant }));
    const storages = await bkdata.databus.listStorages({ raw_data_id: 1000, bk_biz_id: 2 });
    expect(storages).toEqual([expect.objectContaining({ result_table_id: '2_bklog_nginx_access', storage_type: 'es', status_en: 'started' })]);
    await bkdata.databus.listStorages({ raw_data_id: 1000, bk_biz_id: 2 });
    const call = onlyCall(sandbox, 'get_config_db_list');
    expect(call.path).toBe('/api/bk-base/prod/v3/databus/data_storages/');
    expect(call.query).toMatchObject({ raw_data_id: '1000', bk_biz_id: '2', bk_username: 'admin' });
    expect(call.tenantId).toBe('tenant-of-2');
    await bkdata.databus.listStorages({ raw_data_id: 1001, bk_biz_id: 2 });
    expect(callsTo(sandbox, 'get_config_db_list')).toHaveLength(2);
    await bkdata.close();
  });
});

describe('bkdata.databus.createStorage / updateStorage', () => {
  it('POSTs a storage (expires in days as "7d") and never answers a repeat from a cache', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox, { resolveTenant }));
    await bkdata.databus.createClean({
      bk_biz_id: 2,
      raw_data_id: 1003,
      result_table_name: 'bklog_sdk_storage',
      result_table_name_alias: 'sdk storage',
      clean_config_name: 'sdk storage',
      fields: buildCleanFields(mapping),
      json_config: '{}',
    });
    await bkdata.databus.createStorage(storage);
    const call = onlyCall(sandbox, 'data_storages_post');
    expect(call.path).toBe('/api/bk-base/prod/v3/databus/data_storages/');
    expect(call.tenantId).toBe('tenant-of-2');
    expect(call.body).toEqual({
      ...storage,
      expires: '7d',
      data_type: 'clean',
      storage_type: 'es',
      bk_username: 'admin',
      operator: 'admin',
      bk_app_code: 'bk_sandbox',
      bkdata_authentication_method: 'user',
    });
    // bklog caches this POST for 60 s; here the identical repeat reaches BKData (which refuses a duplicate).
    const repeat = await bkdata.databus.createStorage(storage).catch((caught: unknown) => caught);
    expect(ApiResultError.isInstance(repeat) && repeat.code).toBe('1500005');
    expect(callsTo(sandbox, 'data_storages_post')).toHaveLength(2);

    await bkdata.databus.updateStorage({ ...storage, result_table_id: '2_bklog_sdk_storage', expires: '14d' });
    await bkdata.databus.updateStorage({ ...storage, result_table_id: '2_bklog_sdk_storage', expires: '14d' });
    const puts = callsTo(sandbox, 'data_storages_put');
    expect(puts).toHaveLength(2);
    expect(puts[0]?.method).toBe('PUT');
    expect(puts[0]?.path).toBe('/api/bk-base/prod/v3/databus/data_storages/2_bklog_sdk_storage/');
    expect(puts[0]?.body).toMatchObject({ result_table_id: '2_bklog_sdk_storage', expires: '14d' });
    const [updated] = await bkdata.databus.listStorages({ raw_data_id: 1003, bk_biz_id: 2 });
    expect(updated?.expire_time).toBe('14d');
    await bkdata.close();
  });

  it('refuses a bad retention and a bad result table id before sending', async () => {
    const sandbox = getSandbox();
    const bkdata = createBkdata(sandboxSettings(sandbox));
    const badExpires = await bkdata.databus.createStorage({ ...storage, expires: 'forever' }).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(badExpires) && badExpires.fields).toEqual(['expires']);
    const badTable = await bkdata.databus.updateStorage({ ...storage, result_table_id: 'no-business' }).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(badTable) && badTable.fields).toEqual(['result_table_id']);
    expect(sandbox.calls).toHaveLength(0);
    await bkdata.close();
  });
});
