import { describe, expectTypeOf, it } from 'vitest';
import * as z from 'zod';
import { defineEndpoint, type Endpoint, type EndpointInput, type EndpointOutput } from '../endpoint/define-endpoint.js';
import type { Envelope } from '../response/envelope.js';
import { createClient } from './create-client.js';

const client = createClient();

const listHosts = defineEndpoint({
  module: 'cc',
  name: 'list_hosts',
  method: 'POST',
  path: 'list_hosts/',
  input: z.object({ bk_biz_id: z.number(), fields: z.array(z.string()).default([]), page: z.object({ start: z.number(), limit: z.number() }).optional() }),
  output: z.object({ count: z.number(), info: z.array(z.object({ bk_host_id: z.number(), ip: z.string() })) }),
});
const getMsgType = defineEndpoint({ module: 'cmsi', name: 'get_msg_type', method: 'GET', path: 'get_msg_type/' });
const getHosts = defineEndpoint({
  module: 'cc',
  name: 'get_hosts',
  method: 'POST',
  path: 'get_hosts/',
  input: z.object({ bk_host_ids: z.array(z.number()), bk_biz_id: z.number() }),
  output: z.array(z.object({ bk_host_id: z.number() })),
});

describe('endpoint inference', () => {
  it('infers z.input for params and z.output for the result', () => {
    expectTypeOf(listHosts).toExtend<Endpoint<{ bk_biz_id: number; fields?: string[] | undefined }, { count: number }>>();
    expectTypeOf<EndpointInput<typeof listHosts>>().toHaveProperty('bk_biz_id').toEqualTypeOf<number>();
    expectTypeOf<EndpointOutput<typeof listHosts>>().toEqualTypeOf<{ count: number; info: { bk_host_id: number; ip: string }[] }>();
    expectTypeOf<EndpointOutput<typeof getMsgType>>().toEqualTypeOf<unknown>();
  });

  it('types before() with the validated params', () => {
    defineEndpoint({
      module: 'm',
      name: 'n',
      method: 'POST',
      path: 'x/',
      input: z.object({ a: z.string().transform((value) => value.length) }),
      before: (params) => {
        expectTypeOf(params.a).toEqualTypeOf<number>();
        return params;
      },
    });
  });
});

describe('call', () => {
  it('returns the output type, or the envelope with raw', () => {
    expectTypeOf(client.call(listHosts, { bk_biz_id: 2 })).resolves.toEqualTypeOf<{ count: number; info: { bk_host_id: number; ip: string }[] }>();
    expectTypeOf(client.call(listHosts, { bk_biz_id: 2 }, { raw: true })).resolves.toEqualTypeOf<
      Envelope<{ count: number; info: { bk_host_id: number; ip: string }[] }>
    >();
    expectTypeOf(client.call(getMsgType)).resolves.toEqualTypeOf<unknown>();
  });

  it('checks params', () => {
    // @ts-expect-error bk_biz_id must be a number
    void client.call(listHosts, { bk_biz_id: 'two' });
    // @ts-expect-error params are required when the input has required fields
    void client.call(listHosts);
  });
});

describe('bulk, paginate and batch', () => {
  it('infers records from data.info, or from getData', () => {
    expectTypeOf(client.bulk(listHosts, { bk_biz_id: 2 })).resolves.toEqualTypeOf<{ bk_host_id: number; ip: string }[]>();
    expectTypeOf(client.bulk(listHosts, { bk_biz_id: 2 }, { getData: (data) => data.info.map((host) => host.ip) })).resolves.toEqualTypeOf<string[]>();
    expectTypeOf(client.paginate(listHosts, { bk_biz_id: 2 })).toEqualTypeOf<AsyncIterable<{ bk_host_id: number; ip: string }[]>>();
  });

  it('keeps known params of loose inputs and makes page fields optional', () => {
    const loose = defineEndpoint({
      module: 'cc',
      name: 'loose',
      method: 'POST',
      path: 'loose/',
      input: z.object({ bk_biz_id: z.number(), page: z.object({ start: z.number(), limit: z.number() }) }).loose(),
      output: z.object({ count: z.number(), info: z.array(z.string()) }),
    });
    expectTypeOf(client.bulk(loose, { bk_biz_id: 2, extra: true })).resolves.toEqualTypeOf<string[]>();
    // @ts-expect-error bk_biz_id keeps its type
    void client.bulk(loose, { bk_biz_id: 'two' });
    // @ts-expect-error bk_biz_id stays required
    void client.bulk(loose, {});
  });

  it('infers batch records from an array output', () => {
    expectTypeOf(client.batch(getHosts, { key: 'bk_host_ids', values: [1, 2], params: { bk_biz_id: 2 } })).resolves.toEqualTypeOf<{ bk_host_id: number }[]>();
  });
});

describe('the dispatcher setting', () => {
  it('takes any undici Dispatcher: an Agent, a Pool, a MockAgent', async () => {
    const { Agent, MockAgent, Pool } = await import('undici');
    expectTypeOf(createClient).toBeCallableWith({ dispatcher: new Agent() });
    expectTypeOf(createClient).toBeCallableWith({ dispatcher: new Pool('http://127.0.0.1:1') });
    expectTypeOf(createClient).toBeCallableWith({ dispatcher: new MockAgent() });
  });
});
