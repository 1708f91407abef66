import { ValidationError } from '@x/errors';
import { useUpstreamServer } from '@x/sandbox/vitest';
import type { UpstreamAnswering, UpstreamServer } from '@x/sandbox/vitest';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import type { UnifyQueryRawParams } from './endpoints/unify-query-raw.js';
import { upstreamFixture, upstreamSettings } from './test-support/unify-query-test-settings.js';
import { createUnifyQuery } from './unify-query-client.js';
import type { UnifyQueryClient } from './unify-query-client.js';

// What a plain JavaScript caller can pass (TypeScript refuses these at compile time: see
// unify-query-client.test-d.ts). A real node:http server on 127.0.0.1 proves nothing was sent.

const query: UnifyQueryRawParams = {
  query_list: [{ data_source: 'bklog', reference_name: 'a', table_id: 'bklog_index_set_42', query_string: '*' }],
  bk_biz_id: 2,
  start_time: '1761980445276',
  end_time: '1764572445277',
};

const serveUpstream = useUpstreamServer();

async function serve(answering: UpstreamAnswering = { body: { list: [] } }): Promise<{ server: UpstreamServer; unifyQuery: UnifyQueryClient }> {
  const server = await serveUpstream(answering);
  return { server, unifyQuery: createUnifyQuery(upstreamSettings(server)) };
}

/** Params TypeScript would refuse, as a JavaScript caller passes them. */
function untyped(params: Record<string, unknown>): never {
  return params as never;
}

async function validationError(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(ValidationError.isInstance(error)).toBe(true);
  return error as ValidationError;
}

describe('an unknown field is a ValidationError naming it, and nothing is sent', () => {
  it.each<[string, (client: UnifyQueryClient) => Promise<unknown>, string, string]>([
    ['ts', async (client) => client.queryTs(untyped({ ...query, metric_marge: 'a' })), 'metric_marge', 'query_ts'],
    ['reference', async (client) => client.queryTsReference(untyped({ ...query, orderBy: ['-_value'] })), 'orderBy', 'query_ts_reference'],
    ['raw', async (client) => client.queryTsRaw(untyped({ ...query, limt: 5 })), 'limt', 'query_ts_raw'],
    ['raw with scroll', async (client) => client.queryTsRawWithScroll(untyped({ ...query, slice_mx: 2 })), 'slice_mx', 'query_ts_raw_with_scroll'],
    ['field map', async (client) => client.queryFieldMap(untyped({ table_id: 'bklog_index_set_42', bk_bizid: 2 })), 'bk_bizid', 'query_field_map'],
    [
      'a query item',
      async (client) => client.queryTsRaw(untyped({ ...query, query_list: [{ table_id: 't', querystring: 'level: error' }] })),
      'querystring',
      'query_ts_raw',
    ],
  ])('%s', async (_family, call, field, endpoint) => {
    const { server, unifyQuery } = await serve();
    const error = await validationError(call(unifyQuery));
    expect(error).toMatchObject({ direction: 'input', module: 'unify_query', endpoint });
    expect(error.issues).toMatchObject([{ code: 'unrecognized_keys' }]);
    expect(error.message).toContain(`unknown field "${field}"`);
    expect(server.requests).toHaveLength(0);
    await unifyQuery.close();
  });

  it('scroll refuses before its first page', async () => {
    const { server, unifyQuery } = await serve();
    const rows = unifyQuery.scroll(untyped({ ...query, scrol: '1m' }));
    const error = await validationError(
      (async () => {
        for await (const row of rows) expect(row).toBeUndefined();
      })(),
    );
    expect(error.message).toContain('unknown field "scrol"');
    expect(server.requests).toHaveLength(0);
    await unifyQuery.close();
  });

  it("an operator outside unify-query's set (condition_field.go) is refused, naming it", async () => {
    const { server, unifyQuery } = await serve();
    const item = { table_id: 't', conditions: { field_list: [{ field_name: 'level', op: 'startswith', value: ['e'] }], condition_list: [] } };
    const error = await validationError(unifyQuery.queryTsRaw(untyped({ ...query, query_list: [item] })));
    expect(error.fields).toEqual(['query_list[0].conditions.field_list[0].op']);
    expect(server.requests).toHaveLength(0);
    await unifyQuery.close();
  });
});

// The whole message, pinned: the call's validation names the key (`unknown field "<key>": `) and
// the schema's error map says the rest, so a map that names the key too would repeat it.
describe('the message names an unknown field once', () => {
  const condition = { field_name: 'level', op: 'eq', value: ['error'], is_wildcrad: true };
  it.each<[string, (client: UnifyQueryClient) => Promise<unknown>, string]>([
    [
      'at the top level',
      async (client) => client.queryTsRaw(untyped({ ...query, limt: 5 })),
      'Parameter validation failed (unify_query.query_ts_raw input): limt: unknown field "limt": not a field of query/ts/raw (misspelt? wire fields the SDK does not model go in extra)',
    ],
    [
      'in a query item',
      async (client) => client.queryTsRaw(untyped({ ...query, query_list: [{ table_id: 't', querystring: 'level: error' }] })),
      'Parameter validation failed (unify_query.query_ts_raw input): query_list[0].querystring: unknown field "querystring": not a field of a query_list item (misspelt? wire fields the SDK does not model go in extra)',
    ],
    [
      'in a condition',
      async (client) => client.queryTsRaw(untyped({ ...query, query_list: [{ table_id: 't', conditions: { field_list: [condition], condition_list: [] } }] })),
      'Parameter validation failed (unify_query.query_ts_raw input): query_list[0].conditions.field_list[0].is_wildcrad: unknown field "is_wildcrad": not a field of a condition (misspelt? a condition has field_name, op, value, is_wildcard, is_prefix, is_suffix and is_force_eq)',
    ],
  ])('%s', async (_where, call, message) => {
    const { server, unifyQuery } = await serve();
    const error = await validationError(call(unifyQuery));
    expect(error.message).toBe(message);
    expect(server.requests).toHaveLength(0);
    await unifyQuery.close();
  });
});

describe('extra: the one way to send a field the SDK does not model', () => {
  it('spreads the extra of the body and of each item into what is sent; scope headers in extra win and stay out of the body', async () => {
    const { server, unifyQuery } = await serve();
    await unifyQuery.queryTsRaw({
      ...query,
      query_list: [{ table_id: 'bklog_index_set_42', extra: { keep_columns: ['log'], is_regexp: false } }],
      extra: { look_back_delta: '2m', 'X-Bk-Scope-Space-Uid': 'bksaas__demo' },
    });
    const [request] = server.requests;
    expect(request?.body).toStrictEqual({
      ...query,
      query_list: [{ table_id: 'bklog_index_set_42', keep_columns: ['log'], is_regexp: false }],
      look_back_delta: '2m',
      bk_username: 'admin',
      operator: 'admin',
    });
    expect(request?.headers['x-bk-scope-space-uid']).toBe('bksaas__demo');
    await unifyQuery.close();
  });

  it('refuses a key that is a modelled field, naming extra.<key>; nothing is sent', async () => {
    const { server, unifyQuery } = await serve();
    const body = await validationError(unifyQuery.queryTsRaw({ ...query, extra: { limit: 10 } }));
    expect(body.fields).toEqual(['extra.limit']);
    const item = await validationError(unifyQuery.queryTs({ ...query, query_list: [{ table_id: 't', extra: { query_string: '*' } }] }));
    expect(item.fields).toEqual(['query_list[0].extra.query_string']);
    expect(server.requests).toHaveLength(0);
    await unifyQuery.close();
  });
});

describe('rows typed by the caller', () => {
  const rowSchema = z.looseObject({ __doc_id: z.string(), dtEventTimeStamp: z.string() });

  it('queryTsRaw checks each row with rowSchema and keeps the document as sent', async () => {
    const { body } = upstreamFixture<{ list: unknown[] }>('query-ts-raw');
    const { unifyQuery } = await serve(() => ({ body }));
    const page = await unifyQuery.queryTsRaw(query, { rowSchema });
    expect(page.list?.map((row) => row.__doc_id)).toEqual(['4', '2']);
    expect(page.list?.[0]).toStrictEqual(body.list[0]);
    await unifyQuery.close();
  });

  it('a row that does not fit is a ValidationError naming the row and the field', async () => {
    const { unifyQuery } = await serve(() => ({ body: { list: [{ __doc_id: 'a', dtEventTimeStamp: '1' }, { __doc_id: 'b' }] } }));
    const error = await validationError(unifyQuery.queryTsRaw(query, { rowSchema }));
    expect(error).toMatchObject({ direction: 'output', endpoint: 'query_ts_raw' });
    expect(error.fields).toEqual(['list[1].dtEventTimeStamp']);
    await unifyQuery.close();
  });

  it('scroll counts the rows across pages in the name of a row that does not fit', async () => {
    const pages = [
      {
        list: [
          { __doc_id: 'a', dtEventTimeStamp: '1' },
          { __doc_id: 'b', dtEventTimeStamp: '2' },
        ],
        trace_id: 't',
        done: false,
      },
      {
        list: [
          { __doc_id: 'c', dtEventTimeStamp: '3' },
          { __doc_id: 'd', dtEventTimeStamp: 4 },
        ],
        trace_id: 't',
        done: true,
      },
    ];
    const { unifyQuery } = await serve(() => ({ body: pages.shift() ?? { list: [] } }));
    const seen: string[] = [];
    const error = await validationError(
      (async () => {
        for await (const row of unifyQuery.scroll(query, { rowSchema })) seen.push(row.__doc_id);
      })(),
    );
    expect(seen).toEqual(['a', 'b']);
    expect(error).toMatchObject({ endpoint: 'scroll' });
    expect(error.fields).toEqual(['rows[3].dtEventTimeStamp']);
    await unifyQuery.close();
  });

  it('without rowSchema the default checks the bklog row fields and keeps the others', async () => {
    const { unifyQuery } = await serve(() => ({ body: { list: [{ __doc_id: 'a', log: 'x', level: 'error' }, { __doc_id: 7 }] } }));
    const error = await validationError(unifyQuery.queryTsRaw(query));
    expect(error.fields).toEqual(['list[1].__doc_id']);
    await unifyQuery.close();
    const { unifyQuery: other } = await serve(() => ({ body: { list: [{ __doc_id: 'a', log: 'x', level: 'error' }] } }));
    expect((await other.queryTsRaw(query)).list).toStrictEqual([{ __doc_id: 'a', log: 'x', level: 'error' }]);
    await other.close();
  });
});

describe('answers keep their known fields only', () => {
  it('a field unify-query adds to an answer is dropped, not a failure', async () => {
    const { unifyQuery } = await serve(() => ({
      body: { series: [{ name: '_result0', group_keys: [], group_values: [], values: [[1, 2]], stat: {} }], is_partial: false, cost_ms: 3 },
    }));
    await expect(unifyQuery.queryTs(query)).resolves.toStrictEqual({
      series: [{ name: '_result0', group_keys: [], group_values: [], values: [[1, 2]] }],
      is_partial: false,
    });
    await unifyQuery.close();
  });
});
