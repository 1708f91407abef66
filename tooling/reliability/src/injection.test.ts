import { createBkdata } from '@x/bkdata';
import { createCmsi } from '@x/cmsi';
import { runWithContext } from '@x/core-client';
import type { RequestContext } from '@x/core-client';
import { BkError, ValidationError } from '@x/errors';
import { createInfra } from '@x/infra';
import { useSandbox } from '@x/sandbox/vitest';
import { createUnifyQuery } from '@x/unify-query';
import * as fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sandboxAuth } from './support/clients.js';
import { envelope, startTestServer } from './support/echo-server.js';
import type { TestServer } from './support/echo-server.js';

const sandbox = useSandbox({ recordCount: 300 });

function bkdata(settings: { appCode?: string } = {}) {
  const box = sandbox();
  return createBkdata({ ...sandboxAuth(box), apiHost: box.apiHost, gatewayMode: 'gateway', retry: false, tracer: false, ...settings });
}

/** Whether `error` is a ValidationError naming `field` (or a field under it). */
function namesField(error: unknown, field: string): boolean {
  return ValidationError.isInstance(error) && error.fields.some((name) => name === field || name.startsWith(`${field}.`) || name.startsWith(`${field}[`));
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return undefined;
}

// -------------------------------------------------------------------------------------------------
// Url keys

const CLEANS = '/api/bk-base/prod/v3/databus/cleans/';
const hostileUrlKeys = [
  '../../access/rawdata',
  '..',
  '.',
  '../',
  './x',
  'a/../../b',
  '%2F',
  'a%2Fb',
  '..%2F..%2Faccess',
  '%2e%2e',
  'a\\..\\b',
  'x?bk_username=root',
  'x#fragment',
  'line\r\nX-Injected: 1',
  'line\nbreak',
  'nul\0byte',
  ' spaced ',
  'ümlaut/日本',
];

/**
 * The invariant for one url-key value: the call is refused before sending, or it reaches the
 * very route a plain id reaches, with the value as one percent-encoded path segment.
 */
async function checkUrlKey(value: string, route: string): Promise<void> {
  const box = sandbox();
  const client = bkdata();
  const before = box.calls.length;
  try {
    const error = await failure(client.databus.getClean({ processing_id: value }));
    const sent = box.calls.slice(before);
    if (namesField(error, 'processing_id')) {
      expect(sent).toEqual([]);
      return;
    }
    expect(sent).toHaveLength(1);
    const [call] = sent;
    expect(call?.route).toBe(route);
    expect(call?.path.startsWith(CLEANS)).toBe(true);
    expect(call?.path.endsWith('/')).toBe(true);
    const segment = call?.path.slice(CLEANS.length, -1) ?? '';
    expect(segment).not.toContain('/');
    expect(decodeURIComponent(segment)).toBe(value);
    // Whatever the answer, nothing but an SDK error comes back.
    if (error !== undefined) expect(BkError.isInstance(error)).toBe(true);
  } finally {
    await client.close();
  }
}

describe('url keys never change the path', () => {
  let route = '';
  beforeAll(async () => {
    const client = bkdata();
    await client.databus.getClean({ processing_id: '2_bklog_nginx_access' });
    route = sandbox().lastCall()?.route ?? '';
    await client.close();
    expect(route).not.toBe('');
  });

  it.each(hostileUrlKeys)('processing_id %j is refused or sent as one encoded segment', async (value) => {
    await checkUrlKey(value, route);
  });

  it('refuses CR, LF, NUL and dot segments with a ValidationError naming the key, sending nothing', async () => {
    for (const value of ['a\r\nb', 'a\nb', 'a\rb', 'a\0b', '.', '..']) {
      const client = bkdata();
      const error = await failure(client.databus.getClean({ processing_id: value }));
      await client.close();
      expect(namesField(error, 'processing_id')).toBe(true);
    }
    expect(sandbox().calls).toHaveLength(0);
  });

  it('holds for any string (property)', async () => {
    const pieces = fc.constantFrom('../', '..', '.', '/', '%2F', '%2f', '%', '%25', '?', '#', '\\', '\r', '\n', '\0', ';', '&', '=', '+', ' ', '~', '@', ':');
    const value = fc
      .array(fc.oneof(pieces, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 })), { minLength: 1, maxLength: 6 })
      .map((parts) => parts.join(''));
    await fc.assert(
      fc.asyncProperty(value, async (text) => {
        await checkUrlKey(text, route);
      }),
      { numRuns: 50, seed: 0x0b1 },
    );
  });

  it('keeps a PUT (updateClean) on its path too', async () => {
    const client = bkdata();
    try {
      await failure(
        client.databus.updateClean({
          processing_id: '../../access/deploy_plan',
          bk_biz_id: 2,
          raw_data_id: 1000,
          result_table_name: 'bklog_x',
          result_table_name_alias: 'x',
          clean_config_name: 'x',
          fields: [{ field_name: 'log', field_type: 'text', field_alias: 'log', is_dimension: false, field_index: 1 }],
          json_config: '{}',
        }),
      );
      const call = sandbox().lastCall();
      expect(call?.method).toBe('PUT');
      expect(call?.path).toBe(`${CLEANS}..%2F..%2Faccess%2Fdeploy_plan/`);
    } finally {
      await client.close();
    }
  });

  it.each([
    ['getResultTable', 'result_table_id', (client: ReturnType<typeof bkdata>) => client.databus.getResultTable({ result_table_id: '2_x/../../access' })],
    ['getTask', 'result_table_id', (client: ReturnType<typeof bkdata>) => client.databus.getTask({ result_table_id: '../2_x' })],
    ['getDeploySummary', 'raw_data_id', (client: ReturnType<typeof bkdata>) => client.access.getDeploySummary({ raw_data_id: '1/../1001' })],
    ['getRawDataTail', 'raw_data_id', (client: ReturnType<typeof bkdata>) => client.databus.getRawDataTail({ raw_data_id: '1000%2F..' })],
  ] as const)('%s refuses a hostile %s by its schema, sending nothing', async (_name, field, call) => {
    const client = bkdata();
    try {
      expect(namesField(await failure(call(client)), field)).toBe(true);
      expect(sandbox().calls).toHaveLength(0);
    } finally {
      await client.close();
    }
  });
});

// -------------------------------------------------------------------------------------------------
// Header values

const breaks = ['\r\nX-Injected: yes', '\nX-Injected: yes', '\rX-Injected: yes', '\0'];

describe('header values with CR, LF or NUL are refused with a ValidationError', () => {
  function unifyQuery(settings: { userAgent?: string; headers?: Record<string, string> } = {}) {
    const box = sandbox();
    return createUnifyQuery({ ...sandboxAuth(box), baseUrl: box.roots.gateway.unifyQuery, retry: false, tracer: false, ...settings });
  }
  function cmsi(settings: { userAgent?: string; headers?: Record<string, string> } = {}) {
    const box = sandbox();
    return createCmsi({ ...sandboxAuth(box), apiHost: box.apiHost, gatewayMode: 'gateway', retry: false, tracer: false, cacheTtl: 0, ...settings });
  }
  const query = { query_list: [{ table_id: 'bklog_index_set_44' }], limit: 1 };

  it.each(breaks)('a param sent as a header (unify-query space_uid → X-Bk-Scope-Space-Uid) %j', async (tail) => {
    const client = unifyQuery();
    try {
      const error = await failure(client.queryTsRaw({ ...query, space_uid: `bkcc__2${tail}` }));
      expect(namesField(error, 'X-Bk-Scope-Space-Uid')).toBe(true);
      expect(sandbox().calls).toHaveLength(0);
    } finally {
      await client.close();
    }
  });

  it.each(breaks)('the context user sent in Bk-Query-Source (unify-query) %j', async (tail) => {
    const client = unifyQuery();
    try {
      const error = await failure(runWithContext({ username: `alice${tail}` }, () => client.queryTsRaw(query)));
      expect(ValidationError.isInstance(error)).toBe(true);
      expect(sandbox().calls).toHaveLength(0);
    } finally {
      await client.close();
    }
  });

  const contextCases: readonly [string, RequestContext, string][] = [
    ['tenant id (context)', { tenantId: 'tenant\r\nX-Injected: yes' }, 'tenantId'],
    ['request id (context)', { requestId: 'req\r\nX-Injected: yes' }, 'requestId'],
    ['language (context)', { language: 'en\r\nX-Injected: yes' }, 'language'],
    ['tenant id with NUL', { tenantId: 'tenant\0' }, 'tenantId'],
  ];
  it.each(contextCases)('the %s', async (_name, context, field) => {
    const client = cmsi();
    try {
      const error = await failure(runWithContext(context, () => client.getMsgType()));
      expect(namesField(error, field)).toBe(true);
      expect(sandbox().calls).toHaveLength(0);
    } finally {
      await client.close();
    }
  });

  it('the tenant id of a call option', async () => {
    const client = cmsi();
    try {
      expect(namesField(await failure(client.getMsgType({ tenantId: 'x\r\nX-Injected: yes' })), 'tenantId')).toBe(true);
      expect(namesField(await failure(client.getMsgType({ requestId: 'x\nX-Injected: yes' })), 'requestId')).toBe(true);
      expect(sandbox().calls).toHaveLength(0);
    } finally {
      await client.close();
    }
  });

  it('the app code sent as X-Bk-App-Code (bkdata)', async () => {
    const client = bkdata({ appCode: 'bk_sandbox\r\nX-Injected: yes' });
    try {
      const error = await failure(client.databus.getResultTable({ result_table_id: '2_bklog_nginx_access' }));
      expect(ValidationError.isInstance(error)).toBe(true);
      expect(sandbox().calls).toHaveLength(0);
    } finally {
      await client.close();
    }
  });

  // Was a gap: `headers` and `userAgent` settings went into `new Headers()` unchecked, failing
  // with a plain BkError. They are now checked first: a ValidationError naming the setting.
  it('a value of the `headers` setting', async () => {
    const client = cmsi({ headers: { 'X-Trace': 'abc\r\nX-Injected: yes' } });
    try {
      const error = await failure(client.getMsgType());
      expect(sandbox().calls).toHaveLength(0);
      expect(namesField(error, 'headers')).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('the `userAgent` setting', async () => {
    const client = cmsi({ userAgent: 'my-app/1.0\r\nX-Injected: yes' });
    try {
      const error = await failure(client.getMsgType());
      expect(sandbox().calls).toHaveLength(0);
      expect(namesField(error, 'userAgent')).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('still sends nothing for a hostile `headers` or `userAgent` setting, failing with an SDK error', async () => {
    for (const settings of [{ headers: { 'X-Trace': 'abc\r\nX-Injected: yes' } }, { userAgent: 'my-app/1.0\nX-Injected: yes' }]) {
      const client = cmsi(settings);
      const error = await failure(client.getMsgType());
      await client.close();
      expect(BkError.isInstance(error)).toBe(true);
    }
    expect(sandbox().calls).toHaveLength(0);
  });
});

// -------------------------------------------------------------------------------------------------
// Prototype pollution

function expectCleanPrototype(): void {
  const probe: Record<string, unknown> = {};
  expect(probe.polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
  expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
}

/**
 * Every object reachable from `value` has a plain prototype and inherits no `polluted` (a
 * `constructor.prototype.polluted` that is plain data stays allowed: it is an own key).
 */
function expectPlainTree(value: unknown, path = 'result'): void {
  if (value === null || typeof value !== 'object') return;
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (!Array.isArray(value)) expect([Object.prototype, null], `${path} has a foreign prototype`).toContain(prototype);
  if (!Object.hasOwn(value, 'polluted')) expect((value as Record<string, unknown>).polluted, `${path}.polluted is inherited`).toBeUndefined();
  for (const [key, item] of Object.entries(value)) expectPlainTree(item, `${path}.${key}`);
}

const hostileJson = '{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}';

describe('__proto__ and constructor keys never pollute a prototype', () => {
  afterEach(() => {
    expectCleanPrototype();
  });

  it('in params: top level and nested, POST body and GET query', async () => {
    const box = sandbox();
    const client = createCmsi({ ...sandboxAuth(box), apiHost: box.apiHost, gatewayMode: 'gateway', retry: false, tracer: false, cacheTtl: 0 });
    try {
      // Inputs are strict (@x/cmsi's strict-input change): `constructor` is not a field of any send,
      // so it is refused naming it, top level and nested, before anything is sent. (Before, unknown
      // keys were sent as data, and this test sent both keys through.)
      const hostile = JSON.parse(hostileJson) as Record<string, unknown>;
      const refused = await client
        .sendWeixin({ ...hostile, receivers: 'admin', title: 'proto', content: 'proto', data: { ...(JSON.parse(hostileJson) as object), remark: 'nested' } })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(ValidationError.isInstance(refused) && refused.direction === 'input', String(refused)).toBe(true);
      expect((refused as ValidationError).fields).toEqual(expect.arrayContaining(['constructor', 'data.constructor']));
      expect(box.calls).toHaveLength(0);
      // `__proto__` (an own key from JSON.parse) is dropped, never followed, and the send goes out.
      const protoOnly = (): Record<string, unknown> => JSON.parse('{"__proto__": {"polluted": "yes"}}') as Record<string, unknown>;
      await client.sendWeixin({ ...protoOnly(), receivers: 'admin', title: 'proto', content: 'proto', data: { ...protoOnly(), remark: 'nested' } });
      await client.sendMail({ ...protoOnly(), receivers: ['admin'], title: 'proto', content: 'proto' });
      // `extra` holds wire fields as plain JSON data: `constructor` there is an ordinary key sent as
      // data; `__proto__` there never becomes a prototype either.
      await client.sendMail({ receivers: ['admin'], title: 'proto', content: 'proto extra', extra: JSON.parse(hostileJson) as Record<string, never> });
      await client.getMsgType();
      const [weixin, mail, mailExtra] = box.calls;
      expect(Object.keys(weixin?.body as object)).not.toContain('__proto__');
      expect(Object.keys((weixin?.body as { data: object }).data)).not.toContain('__proto__');
      expect(Object.keys(mail?.body as object)).not.toContain('__proto__');
      expect(Object.keys(mailExtra?.body as object)).not.toContain('__proto__');
      expectPlainTree(weixin?.body, 'weixin body');
      expectPlainTree(mailExtra?.body, 'mail body');
      expect((mailExtra?.body as Record<string, unknown>).constructor, 'extra.constructor sent as data').toEqual({ prototype: { polluted: 'yes' } });
      expect(box.outbox).toHaveLength(3);
    } finally {
      await client.close();
    }
    const bkdataClient = bkdata();
    try {
      await bkdataClient.access.listRawData(
        JSON.parse('{"__proto__": {"polluted": "yes"}, "bk_biz_id": 2, "page": 1, "pagesize": 1}') as { bk_biz_id: number },
      );
      const call = box.lastCall('rawdata');
      expect(Object.keys(call?.query ?? {})).not.toContain('__proto__');
    } finally {
      await bkdataClient.close();
    }
  });

  describe('in responses', () => {
    let server: TestServer;
    const encodedAuth = Buffer.from('{"username": "u", "password": "p", "__proto__": {"polluted": "yes", "password": "from-prototype"}}').toString('base64');
    beforeAll(async () => {
      server = await startTestServer((request) => {
        if (request.url.includes('get_msg_type')) {
          return {
            body: `{"result": true, "code": 0, "message": "OK", "__proto__": {"polluted": "yes"}, "data": [${hostileJson.slice(0, -1)}, "type": "mail", "label": "Mail"}]}`,
          };
        }
        if (request.url.includes('send_mail')) return { status: 500, body: `{"result": false, "message": "boom", ${hostileJson.slice(1)}` };
        if (request.url.includes('get_cluster_info')) {
          return envelope([
            {
              cluster_config: {
                cluster_id: 7,
                cluster_name: 'es_proto',
                domain_name: 'es.example',
                port: 9200,
                custom_option: hostileJson.replace('{', '{"bk_biz_id": 2, '),
              },
              cluster_type: 'elasticsearch',
              auth_info: encodedAuth,
            },
          ]);
        }
        return { status: 404, body: { result: false, message: 'no route' } };
      });
    });
    afterAll(async () => {
      await server.close();
    });

    it('of a successful call, of an error body, and cached', async () => {
      const client = createCmsi({
        baseUrl: `${server.url}/cmsi/`,
        appCode: 'bk_log',
        appSecret: 'proto-secret',
        username: 'admin',
        retry: false,
        tracer: false,
      });
      try {
        const first = await client.getMsgType();
        const cached = await client.getMsgType();
        expect(first[0]?.type).toBe('mail');
        expectPlainTree(first);
        expectPlainTree(cached);
        const error = await failure(client.sendMail({ receivers: 'admin', title: 't', content: 'c' }));
        expect(BkError.isInstance(error)).toBe(true);
        expectPlainTree(JSON.parse(JSON.stringify(error)) as unknown);
      } finally {
        await client.close();
      }
    });

    // infra decodes `auth_info` (base64 JSON) and `custom_option` (JSON text) itself.
    it('of metadata get_cluster_info (infra decodes auth_info and custom_option)', async () => {
      const infra = createInfra({
        baseUrl: `${server.url}/metadata/`,
        gatewayMode: 'gateway',
        appCode: 'bk_log',
        appSecret: 'proto-secret',
        username: 'admin',
        retry: false,
        tracer: false,
      });
      try {
        const clusters = await infra.clusters.get({}, { includeSecrets: true });
        expect(clusters[0]?.cluster_config.cluster_name).toBe('es_proto');
        expectPlainTree(clusters);
      } finally {
        await infra.close();
      }
    });

    it('of metadata get_cluster_info leaves Object.prototype itself clean', async () => {
      const infra = createInfra({
        baseUrl: `${server.url}/metadata/`,
        gatewayMode: 'gateway',
        appCode: 'bk_log',
        appSecret: 'proto-secret',
        username: 'admin',
        retry: false,
        tracer: false,
      });
      try {
        const clusters = await infra.clusters.get({}, { includeSecrets: true });
        expect(clusters).toHaveLength(1);
        expectCleanPrototype();
      } finally {
        await infra.close();
      }
    });
  });
});
