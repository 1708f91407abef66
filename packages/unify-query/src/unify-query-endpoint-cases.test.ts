import type { AnyEndpoint } from '@x/core-client';
import { ApiRequestError, ApiResultError, RetryError, ValidationError } from '@x/errors';
import { bodyOf, useSandbox } from '@x/sandbox/vitest';
import { describe, expect, it } from 'vitest';
import { expectTraceId, sandboxSettings } from './test-support/unify-query-test-settings.js';
import { createUnifyQueryCoreClient } from './unify-query-settings.js';
import { unifyQueryEndpoints } from './unify-query-endpoints.js';

const getSandbox = useSandbox({ recordCount: 600 });

const item = {
  data_source: 'bklog',
  reference_name: 'a',
  table_id: 'bklog_index_set_42',
  query_string: '*',
  conditions: { field_list: [], condition_list: [] },
  field_name: 'dtEventTimeStamp',
};
const base = { query_list: [item], bk_biz_id: 2, start_time: '0', end_time: String(Date.now()), step: '1h', limit: 3 };

const cases: Record<string, { endpoint: AnyEndpoint; params: Record<string, unknown>; path: string }> = {
  queryTs: { endpoint: unifyQueryEndpoints.queryTs, params: { ...base, query_list: [{ ...item, function: [{ method: 'count' }] }] }, path: 'query/ts/' },
  queryTsReference: {
    endpoint: unifyQueryEndpoints.queryTsReference,
    params: { ...base, query_list: [{ ...item, function: [{ method: 'count', dimensions: ['level'] }] }] },
    path: 'query/ts/reference/',
  },
  queryTsRaw: { endpoint: unifyQueryEndpoints.queryTsRaw, params: base, path: 'query/ts/raw/' },
  queryTsRawWithScroll: {
    endpoint: unifyQueryEndpoints.queryTsRawWithScroll,
    params: { ...base, scroll: '5m', slice_max: 2, clear_cache: true },
    path: 'query/ts/raw_with_scroll/',
  },
  queryFieldMap: {
    endpoint: unifyQueryEndpoints.queryFieldMap,
    params: { data_source: 'bklog', table_id: 'bklog_index_set_42', bk_biz_id: 2, start_time: '0', end_time: '1' },
    path: 'query/ts/info/field_map/',
  },
};

describe.each(Object.entries(cases))('%s', (_name, { endpoint, params, path }) => {
  it('POSTs the body with the user, the scope headers out of it, to its path', async () => {
    const sandbox = getSandbox();
    const client = createUnifyQueryCoreClient(sandboxSettings(sandbox));
    const result = await client.call(endpoint, params);
    expect(result).toBeTypeOf('object');
    const call = sandbox.calls.at(-1)!;
    expect(call.method).toBe('POST');
    expect(call.path).toBe(`/api/bk-unify-query/${path}`);
    expect(bodyOf(call)).toEqual({ ...params, bk_username: 'admin', operator: 'admin' });
    // No request user in the context: bklog sends `backend`; `admin` is the client's backend account.
    expect(call.headers).toMatchObject({ 'x-bk-scope-space-uid': 'bkcc__2', 'bk-query-source': 'backend', 'content-type': 'application/json; charset=utf-8' });
    expect(JSON.parse(call.headers['x-bkapi-authorization'] ?? '{}')).toMatchObject({ bk_app_code: 'bk_sandbox', bk_username: 'admin' });
    await client.close();
  });

  it('turns result false into an ApiResultError, a 400 into an ApiRequestError with the trace id', async () => {
    const sandbox = getSandbox();
    const client = createUnifyQueryCoreClient(sandboxSettings(sandbox));
    const fault = sandbox.inject({ kind: 'result-false' });
    expect(ApiResultError.isInstance(await client.call(endpoint, params).catch((caught: unknown) => caught))).toBe(true);
    fault.remove();
    // unify-query answers a query over an unknown table with HTTP 400 {trace_id, error}.
    const unknownTable = JSON.parse(JSON.stringify(params).replaceAll('bklog_index_set_42', 'bklog_index_set_999')) as Record<string, unknown>;
    const error = await client.call(endpoint, unknownTable).catch((caught: unknown) => caught);
    expect(ApiRequestError.isInstance(error)).toBe(true);
    expect((error as ApiRequestError).status).toBe(400);
    expectTraceId((error as ApiRequestError).traceId);
    expect((error as ApiRequestError).message).toContain('table_id not found');
    await client.close();
  });

  it('retries a 503, then reports a RetryError', async () => {
    const sandbox = getSandbox();
    const client = createUnifyQueryCoreClient(sandboxSettings(sandbox, { retry: { attempts: 2, backoff: { initialDelay: 1, maxDelay: 1 } } }));
    sandbox.inject({ kind: 'status', status: 503 });
    const error = await client.call(endpoint, params).catch((caught: unknown) => caught);
    expect(RetryError.isInstance(error)).toBe(true);
    expect(sandbox.calls).toHaveLength(2);
    await client.close();
  });

  it('refuses a bad business id before sending', async () => {
    const sandbox = getSandbox();
    const client = createUnifyQueryCoreClient(sandboxSettings(sandbox));
    const error = await client.call(endpoint, { ...params, bk_biz_id: 'two' }).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error) && error.fields).toEqual(['bk_biz_id']);
    expect(sandbox.calls).toHaveLength(0);
    await client.close();
  });
});
