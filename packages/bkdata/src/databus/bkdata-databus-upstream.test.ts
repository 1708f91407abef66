import { useUpstreamServer } from '@x/sandbox/vitest';
import { describe, expect, it } from 'vitest';
import { createBkdata } from '../bkdata-client.js';
import { upstreamFixture, upstreamSettings } from '../test-support/bkdata-test-settings.js';
import { buildCleanFields } from './bkdata-clean-fields.js';
import { cleanListItemSchema, updateCleanOutputSchema } from './bkdata-databus-cleans-endpoints.js';
import { resultTableExists } from './bkdata-databus-tables.js';

// Databus answers of Tencent/bk-base (apidoc examples, and shapes taken from the code where the
// apidoc disagrees), served by a node:http server and read through the real client calls.
const serve = useUpstreamServer();

const clean = {
  bk_biz_id: 591,
  raw_data_id: 42,
  result_table_name: 'etl_pizza_abcabc',
  result_table_name_alias: 'pizza',
  clean_config_name: 'test_clean_config_xxx',
  fields: buildCleanFields({ log: 'text' }),
  json_config: '{}',
};

describe('bk-base databus answers', () => {
  it('lists cleans whose rows have no result_table_id (clean_views.py list apidoc)', async () => {
    const server = await serve({ body: upstreamFixture('databus-cleans-list').body });
    const bkdata = createBkdata(upstreamSettings(server));
    const cleans = await bkdata.databus.listCleans({ raw_data_id: 42, bk_biz_id: 2 });
    expect(cleans.map((row) => row.processing_id)).toEqual(['2_etl_abc_test5']);
    expect(cleanListItemSchema.safeParse({ result_table_id: 'x' }).success).toBe(false);
    await bkdata.close();
  });

  it('reads one clean and a created clean (clean_views.py retrieve apidoc)', async () => {
    const server = await serve({ body: upstreamFixture('databus-clean-retrieve').body });
    const bkdata = createBkdata(upstreamSettings(server));
    expect(await bkdata.databus.getClean({ processing_id: '591_etl_pizza_abcabc', bk_biz_id: 591 })).toMatchObject({
      processing_id: '591_etl_pizza_abcabc',
      result_table_id: '591_etl_pizza_abcabc',
      result_table: { processing_type: 'clean' },
    });
    expect(await bkdata.databus.createClean(clean)).toMatchObject({ processing_id: '591_etl_pizza_abcabc', result_table_id: '591_etl_pizza_abcabc' });
    await bkdata.close();
  });

  it('accepts both answers of a clean update: true (apidoc) and the storage configs (clean.py)', async () => {
    const server = await serve({ body: upstreamFixture('databus-clean-update-apidoc').body });
    const bkdata = createBkdata(upstreamSettings(server));
    expect(await bkdata.databus.updateClean({ ...clean, processing_id: '591_etl_pizza_abcabc' })).toBe(true);
    server.answer({ body: upstreamFixture('databus-clean-update-code').body });
    expect(await bkdata.databus.updateClean({ ...clean, processing_id: '591_etl_pizza_abcabc' })).toMatchObject([
      { result_table_id: '591_etl_pizza_abcabc', cluster_type: 'es' },
    ]);
    expect(updateCleanOutputSchema.safeParse({ processing_id: 'x' }).success).toBe(false);
    await bkdata.close();
  });

  it('lists storages and creates one (data_storage_views.py apidoc)', async () => {
    const server = await serve({ body: upstreamFixture('databus-storages-list').body });
    const bkdata = createBkdata(upstreamSettings(server));
    expect(await bkdata.databus.listStorages({ raw_data_id: 391, bk_biz_id: 591 })).toMatchObject([
      { result_table_id: '1_xxx', storage_type: 'es', status_en: 'started', expire_time: '1天' },
    ]);
    server.answer({ body: upstreamFixture('databus-storages-create').body });
    const storage = {
      bk_biz_id: 591,
      raw_data_id: 391,
      result_table_name: 'xxxx_mayi19',
      result_table_name_alias: 'x',
      storage_cluster: 'es-test',
      expires: 1,
      fields: [{ field_name: 'log', field_type: 'text', field_alias: 'log', is_dimension: false, field_index: 1, physical_field: 'log' }],
    };
    expect(await bkdata.databus.createStorage(storage)).toBe('');
    await bkdata.close();
  });

  it('reads task answers without an errors key (task_views.py apidoc)', async () => {
    const server = await serve({ body: upstreamFixture('databus-tasks-create').body });
    const bkdata = createBkdata(upstreamSettings(server));
    expect(await bkdata.databus.createTask({ result_table_id: '591_etl_pizza_abcabc' })).toContain('启动成功');
    server.answer({ body: upstreamFixture('databus-tasks-retrieve').body });
    expect(await bkdata.databus.getTask({ result_table_id: '591_etl_pizza_abcabc' })).toMatchObject([
      { connector_task_name: 'xxx', task_type: 'shipper', status: 'delete' },
    ]);
    await bkdata.close();
  });

  it('reads the bus config of a result table: the apidoc, the keys rt.py writes, and {} for an unknown table', async () => {
    const server = await serve({ body: upstreamFixture('databus-result-table').body });
    const bkdata = createBkdata(upstreamSettings(server));
    expect(await bkdata.databus.getResultTable({ result_table_id: '105_etl_abc' })).toMatchObject({
      'rt.type': 'clean',
      bk_biz_id: 105,
      'storage.list': 'kafka,es',
    });
    server.answer({ body: upstreamFixture('databus-result-table-code').body });
    const table = await bkdata.databus.getResultTable({ result_table_id: '2_bklog_gateway' });
    expect(resultTableExists(table)).toBe(true);
    expect(table.fields).toEqual(['log', 'level', 'time', 'timestamp']);
    expect(table['storages.list']).toEqual(['kafka', 'es']);
    server.answer({ body: upstreamFixture('databus-result-table-unknown').body });
    const unknown = await bkdata.databus.getResultTable({ result_table_id: '2_bklog_missing' });
    expect(unknown).toEqual({});
    expect(resultTableExists(unknown)).toBe(false);
    await bkdata.close();
  });

  it('reads a raw data tail (rawdata_views.py apidoc)', async () => {
    const server = await serve({ body: upstreamFixture('databus-rawdata-tail').body });
    const bkdata = createBkdata(upstreamSettings(server));
    expect(await bkdata.databus.getRawDataTail({ raw_data_id: 105, bk_biz_id: 105 })).toMatchObject([{ topic: 'abc105', value: 'Route|239410883|3.2.6a' }]);
    await bkdata.close();
  });
});
