import { runWithContext } from '@x/core-client';
import type { TenantLookup } from '@x/core-client';
import { ApiRequestError, ApiResultError, ValidationError } from '@x/errors';
import { bodyOf, callsTo, onlyCall, useSandbox } from '@x/sandbox/vitest';
import { describe, expect, it } from 'vitest';
import { buildQuery } from './builder/unify-query-builder.js';
import { expectTraceId, sandboxSettings } from './test-support/unify-query-test-settings.js';
import { createUnifyQuery } from './unify-query-client.js';
import { unifyQueryEndpoints } from './unify-query-endpoints.js';

const getSandbox = useSandbox({ recordCount: 6000 });
const resolveTenant = (lookup: TenantLookup): string | undefined => (lookup.bk_biz_id === undefined ? undefined : `tenant-of-${String(lookup.bk_biz_id)}`);

function lastHour(overrides: Partial<Parameters<typeof buildQuery>[0]> = {}): ReturnType<typeof buildQuery> {
  const sandbox = getSandbox();
  return buildQuery({ indexSetIds: [42], bkBizId: 2, start: sandbox.data.now - 3_600_000, end: sandbox.data.now, limit: 5, ...overrides } as Parameters<
    typeof buildQuery
  >[0]);
}

describe('what every unify-query call sends', () => {
  it('moves the scope and source into headers, keeps bk_biz_id and the backend user in the body', async () => {
    const sandbox = getSandbox();
    const unifyQuery = createUnifyQuery(sandboxSettings(sandbox, { resolveTenant }));
    const query = lastHour();
    await unifyQuery.queryTsRaw(query);
    const call = onlyCall(sandbox, 'query_ts_raw');
    expect(call.method).toBe('POST');
    expect(call.path).toBe('/api/bk-unify-query/query/ts/raw/');
    expect(call.headers['x-bk-scope-space-uid']).toBe('bkcc__2');
    expect(call.headers['x-bk-scope-skip-space']).toBeUndefined();
    // No request user: `backend`, as bklog's add_unify_query_header_before sends it.
    expect(call.headers['bk-query-source']).toBe('backend');
    expect(JSON.parse(call.headers['x-bkapi-authorization'] ?? '{}')).toEqual({
      bk_app_code: 'bk_sandbox',
      bk_app_secret: 'sandbox-secret',
      bk_username: 'admin',
    });
    expect(call.headers['user-agent']).toMatch(/^x-unify-query\/\d+\.\d+\.\d+ x-core-client\//);
    expect(call.tenantId).toBe('tenant-of-2');
    expect(bodyOf(call)).toEqual({ ...query, bk_username: 'admin', operator: 'admin' });
    await unifyQuery.close();
  });

  it('prefers space_uid, skips the space without either, and says backend without a user', async () => {
    const sandbox = getSandbox();
    const unifyQuery = createUnifyQuery(sandboxSettings(sandbox, { username: undefined }));
    await unifyQuery.queryTsRaw({ ...lastHour(), space_uid: 'bkcc__3' });
    const { bk_biz_id: _ignored, ...withoutBiz } = lastHour();
    await unifyQuery.queryTsRaw(withoutBiz);
    const [withSpace, withoutScope] = callsTo(sandbox, 'query_ts_raw');
    expect(withSpace?.headers['x-bk-scope-space-uid']).toBe('bkcc__3');
    expect(bodyOf(withSpace!)).toMatchObject({ space_uid: 'bkcc__3', bk_biz_id: 2 });
    expect(withoutScope?.headers['x-bk-scope-skip-space']).toBe('skip');
    expect(withoutScope?.headers['x-bk-scope-space-uid']).toBeUndefined();
    expect(withoutScope?.headers['bk-query-source']).toBe('backend');
    expect(bodyOf(withoutScope!)).not.toHaveProperty('bk_username');
    for (const call of [withSpace, withoutScope]) {
      for (const header of ['X-Bk-Scope-Space-Uid', 'X-Bk-Scope-Skip-Space', 'Bk-Query-Source']) expect(bodyOf(call!)).not.toHaveProperty(header);
    }
    await unifyQuery.close();
  });

  it('takes the user of the request context, and falls back to the context tenant without bk_biz_id', async () => {
    const sandbox = getSandbox();
    const unifyQuery = createUnifyQuery(sandboxSettings(sandbox, { resolveTenant }));
    const { bk_biz_id: _ignored, ...withoutBiz } = lastHour();
    await runWithContext({ username: 'alice', tenantId: 'tencent' }, () => unifyQuery.queryTsRaw(withoutBiz));
    const call = onlyCall(sandbox, 'query_ts_raw');
    expect(call.headers['bk-query-source']).toBe('username:alice');
    expect(call.tenantId).toBe('tencent');
    expect(bodyOf(call)).toMatchObject({ bk_username: 'alice', operator: 'alice' });
    await unifyQuery.close();
  });

  it('needs resolveSpaceUid for a negative business id, else refuses before sending', async () => {
    const sandbox = getSandbox();
    const plain = createUnifyQuery(sandboxSettings(sandbox));
    const error = await plain.queryTsRaw(lastHour({ bkBizId: -7 })).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error) && error.fields).toEqual(['bk_biz_id']);
    expect((error as Error).message).toContain('resolveSpaceUid');
    expect(sandbox.calls).toHaveLength(0);
    const resolving = createUnifyQuery(sandboxSettings(sandbox, { resolveSpaceUid: (bkBizId) => (bkBizId === -7 ? 'bksaas__demo' : undefined) }));
    await resolving.queryTsRaw(lastHour({ bkBizId: -7 }));
    expect(onlyCall(sandbox, 'query_ts_raw').headers['x-bk-scope-space-uid']).toBe('bksaas__demo');
    const unknown = await resolving.queryTsRaw(lastHour({ bkBizId: -8 })).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(unknown) && unknown.fields).toEqual(['bk_biz_id']);
    await plain.close();
    await resolving.close();
  });
});

describe('the five endpoints', () => {
  it('queryTsRaw returns a page of rows with total and done', async () => {
    const sandbox = getSandbox();
    const unifyQuery = createUnifyQuery(sandboxSettings(sandbox));
    const page = await unifyQuery.queryTsRaw(
      buildQuery({ indexSetIds: [44], bkBizId: 2, start: sandbox.data.start, end: sandbox.data.now, limit: 7, orderBy: ['-dtEventTimeStamp'] }),
    );
    expect(page.total).toBe(sandbox.data.recordCounts.bklog_index_set_44);
    expect(page.list).toHaveLength(7);
    expect(page.done).toBe(false);
    expect(page.list?.[0]).toMatchObject({ __result_table: '2_bklog_audit', __data_label: 'bklog_index_set_44' });
    expectTraceId(page.trace_id);
    await unifyQuery.close();
  });

  it('queryTs and queryTsReference return series', async () => {
    const sandbox = getSandbox();
    const unifyQuery = createUnifyQuery(sandboxSettings(sandbox));
    const query = lastHour();
    const item = { ...query.query_list[0]!, function: [{ method: 'count', dimensions: ['level'] }] };
    const series = await unifyQuery.queryTs({ ...query, query_list: [item] });
    expect(series.series?.length).toBeGreaterThan(0);
    expect(series.series?.[0]?.group_keys).toEqual(['level']);
    const reference = await unifyQuery.queryTsReference({ ...query, query_list: [item] });
    expect(reference.series?.map((entry) => entry.group_values?.[0]).sort()).toEqual(series.series?.map((entry) => entry.group_values?.[0]).sort());
    expect(onlyCall(sandbox, 'query_ts_reference').path).toBe('/api/bk-unify-query/query/ts/reference/');
    expect(callsTo(sandbox, 'unify_query.query_ts')[0]?.path).toBe('/api/bk-unify-query/query/ts/');
    await unifyQuery.close();
  });

  it('queryTsRawWithScroll returns one page of every slice', async () => {
    const sandbox = getSandbox();
    const unifyQuery = createUnifyQuery(sandboxSettings(sandbox));
    const page = await unifyQuery.queryTsRawWithScroll({ ...lastHour({ limit: 4 }), scroll: '5m', slice_max: 2, clear_cache: true });
    expect(page.list).toHaveLength(8);
    // Keyed `<result table>|<storage>|<slice>` (unify-query's Query.TableUUID); total is this call's rows.
    expect(Object.keys(page.result_table_options ?? {}).sort()).toEqual(['2_bklog_nginx_access|3|0', '2_bklog_nginx_access|3|1']);
    expect(page.total).toBe(8);
    expect(onlyCall(sandbox, 'query_ts_raw_with_scroll').path).toBe('/api/bk-unify-query/query/ts/raw_with_scroll/');
    await unifyQuery.close();
  });

  it('queryFieldMap returns the fields of a table', async () => {
    const sandbox = getSandbox();
    const unifyQuery = createUnifyQuery(sandboxSettings(sandbox));
    const { data } = await unifyQuery.queryFieldMap({
      data_source: 'bklog',
      table_id: 'bklog_index_set_43',
      bk_biz_id: 2,
      start_time: sandbox.data.start,
      end_time: sandbox.data.now,
    });
    expect(data?.find((field) => field.field_name === 'log')).toMatchObject({ field_type: 'text', is_analyzed: true });
    const call = onlyCall(sandbox, 'query_field_map');
    expect(call.path).toBe('/api/bk-unify-query/query/ts/info/field_map/');
    expect(bodyOf(call)).toMatchObject({ start_time: String(sandbox.data.start), end_time: String(sandbox.data.now), bk_biz_id: 2 });
    expect(call.headers['x-bk-scope-space-uid']).toBe('bkcc__2');
    await unifyQuery.close();
  });
});

describe('failures', () => {
  it('turns HTTP 400 {trace_id, error} into an ApiRequestError carrying the trace id', async () => {
    const sandbox = getSandbox();
    const unifyQuery = createUnifyQuery(sandboxSettings(sandbox));
    const error = await unifyQuery
      .queryTsRaw(buildQuery({ tableIds: ['bklog_index_set_999'], bkBizId: 2, start: 0, end: 1 }))
      .catch((caught: unknown) => caught);
    expect(ApiRequestError.isInstance(error)).toBe(true);
    const requestError = error as ApiRequestError;
    expect(requestError.status).toBe(400);
    expectTraceId(requestError.traceId);
    expect(requestError.message).toContain('table_id not found: bklog_index_set_999');
    expect(requestError.isRetryable).toBe(false);
    expect(callsTo(sandbox, 'query_ts_raw')).toHaveLength(1);
    await unifyQuery.close();
  });

  it('retries a 503 (queries are idempotent) and reports result false bodies as ApiResultError', async () => {
    const sandbox = getSandbox();
    const unifyQuery = createUnifyQuery(sandboxSettings(sandbox, { retry: { attempts: 3, backoff: { initialDelay: 1, maxDelay: 1 } } }));
    sandbox.inject({ kind: 'status', status: 503, route: '/query/ts/raw/', times: 2 });
    const page = await unifyQuery.queryTsRaw(lastHour());
    expect(page.list).toHaveLength(5);
    expect(callsTo(sandbox, 'query_ts_raw')).toHaveLength(3);
    sandbox.inject({ kind: 'result-false', route: '/query/ts/raw/', times: 1 });
    const error = await unifyQuery.queryTsRaw(lastHour()).catch((caught: unknown) => caught);
    expect(ApiResultError.isInstance(error)).toBe(true);
    await unifyQuery.close();
  });

  it('refuses malformed bodies before sending', async () => {
    const sandbox = getSandbox();
    const unifyQuery = createUnifyQuery(sandboxSettings(sandbox));
    const empty = await unifyQuery.queryTsRaw({ ...lastHour(), query_list: [] }).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(empty) && empty.fields).toEqual(['query_list']);
    const query = lastHour();
    const badConditions = {
      ...query,
      query_list: [
        { ...query.query_list[0]!, conditions: { field_list: [{ field_name: 'a', op: 'eq' as const, value: ['1'] }], condition_list: ['and' as const] } },
      ],
    };
    const mismatch = await unifyQuery.queryTsRaw(badConditions).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(mismatch) && mismatch.fields).toEqual(['query_list[0].conditions.condition_list']);
    const badTime = await unifyQuery.queryTsRaw({ ...query, start_time: 'yesterday' }).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(badTime) && badTime.fields).toEqual(['start_time']);
    expect(sandbox.calls).toHaveLength(0);
    await unifyQuery.close();
  });

  it('exports endpoint definitions for client.call', async () => {
    const sandbox = getSandbox();
    const unifyQuery = createUnifyQuery(sandboxSettings(sandbox));
    const page = await unifyQuery.client.call(unifyQueryEndpoints.queryTsRaw, lastHour({ limit: 2 }));
    expect(page.list).toHaveLength(2);
    expect(unifyQueryEndpoints.queryTsRaw).toMatchObject({ method: 'POST', envelope: 'none', cacheTtl: undefined, idempotent: true });
    await unifyQuery.close();
  });
});
