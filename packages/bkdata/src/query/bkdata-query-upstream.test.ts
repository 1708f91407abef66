import { ApiResultError } from '@x/errors';
import { useUpstreamServer } from '@x/sandbox/vitest';
import { describe, expect, it } from 'vitest';
import { createBkdata } from '../bkdata-client.js';
import { upstreamFixture, upstreamSettings } from '../test-support/bkdata-test-settings.js';
import { BKDATA_QUERY_SQL_SYNTAX_ERROR_CODE } from './bkdata-query.js';
import { querySyncOutputSchema } from './bkdata-query-endpoints.js';

// query_sync answers of bk-base's query engine (code "00"), served by a node:http server and read
// through the real client calls; each fixture names its source.
const serve = useUpstreamServer();

describe('bk-base query engine answers', () => {
  it('reads the answer unify-query replays for a doris query (bkmonitor-datalink mock/handler.go), sending no_request: true', async () => {
    const fixture = upstreamFixture('query-sync-doris');
    const server = await serve({ body: fixture.body });
    const bkdata = createBkdata(upstreamSettings(server));
    const result = await bkdata.query.sql('SHOW CREATE TABLE `2_bklog_bkunify_query_doris`.doris');
    expect(result.list).toHaveLength(18);
    expect(result).toMatchObject({ totalRecords: 18, device: 'doris', select_fields_order: ['Field', 'Type', 'Null', 'Key', 'Default', 'Extra'] });
    // bklog's BkDataQueryApi.query is use_superuser=True: DataAPI adds no_request to every query (spec §5.2).
    expect(server.requests[0]?.body).toMatchObject({
      sql: 'SHOW CREATE TABLE `2_bklog_bkunify_query_doris`.doris',
      no_request: true,
      bkdata_authentication_method: 'user',
      bk_username: 'admin',
    });
    await bkdata.close();
  });

  it('throws 1532006 (QUERY_SQL_SYNTAX_ERROR) instead of answering an empty list', async () => {
    const server = await serve({ body: upstreamFixture('query-sync-syntax-error').body });
    const bkdata = createBkdata(upstreamSettings(server));
    const error = await bkdata.query.sql('SELECT * FORM 2_bklog_gateway').catch((caught: unknown) => caught);
    expect(ApiResultError.isInstance(error) && error.code).toBe(BKDATA_QUERY_SQL_SYNTAX_ERROR_CODE);
    const search = await bkdata.query.es('2_bklog_gateway_*', { size: 1 }).catch((caught: unknown) => caught);
    expect(ApiResultError.isInstance(search) && search.code).toBe('1532006');
    await bkdata.close();
  });

  it('treats an empty list as what the server means by nothing (genSyncResponse defaults list to [])', async () => {
    const fixture = upstreamFixture('query-sync-es-empty');
    expect(querySyncOutputSchema.safeParse((fixture.body as { data: unknown }).data).success).toBe(true);
    const server = await serve({ body: fixture.body });
    const bkdata = createBkdata(upstreamSettings(server));
    const search = await bkdata.query.es('2_bklog_gateway_*', { size: 10 });
    expect(search.list).toEqual({ hits: { total: 0, hits: [] } });
    expect(search.totalRecords).toBeUndefined();
    expect((await bkdata.query.sql('SELECT log FROM 2_bklog_gateway LIMIT 1')).list).toEqual([]);
    expect((await bkdata.query.esMapping('2_bklog_gateway_*')).list).toEqual({});
    await bkdata.close();
  });
});
