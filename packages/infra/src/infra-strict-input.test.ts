import { ValidationError } from '@x/errors';
import { callsTo, useClosing, useSandbox } from '@x/sandbox/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InfraClient } from './infra-client.js';
import type { InfraSettings } from './infra-settings.js';
import { INFRA_SANDBOX, infraOnSandbox } from './test-support/infra-on-sandbox.js';
import { startFakeElasticsearch } from './test-support/test-servers.js';
import type { TestServer } from './test-support/test-servers.js';

// Plain JavaScript callers have no compile-time check: an unknown key must fail before anything
// is probed or sent, naming the key, instead of being dropped or sent.
const sandbox = useSandbox(INFRA_SANDBOX);
const track = useClosing();
const create = (settings?: InfraSettings): InfraClient => track(infraOnSandbox(sandbox(), settings));
let elasticsearch: TestServer & { readonly requests: string[] };

beforeAll(async () => {
  elasticsearch = await startFakeElasticsearch({ username: 'elastic', password: 'changeme', version: '7.10.2' });
});
afterAll(async () => {
  await elasticsearch.close();
});

async function validationError(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.then(
    () => undefined,
    (rejected: unknown) => rejected,
  );
  expect(ValidationError.isInstance(error)).toBe(true);
  return error as ValidationError;
}

function registration(changes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'es_logs',
    displayName: 'Logs',
    bkBizId: 2,
    host: elasticsearch.host,
    port: elasticsearch.port,
    username: 'elastic',
    password: 'changeme',
    ...changes,
  };
}

describe('unknown keys are a ValidationError naming them; nothing is probed or sent', () => {
  const cases: [string, (infra: InfraClient) => Promise<unknown>, string, string][] = [
    [
      'clusters.create',
      (infra) => infra.clusters.create({ cluster_name: 'k', cluster_type: 'kafka', domain_name: 'h', port: 9092, ssl_verify: true } as never),
      'ssl_verify',
      '',
    ],
    [
      'clusters.create auth_info',
      (infra) =>
        infra.clusters.create({
          cluster_name: 'k',
          cluster_type: 'kafka',
          domain_name: 'h',
          port: 9092,
          auth_info: { username: 'u', password: 'p', passwd: 'p' },
        } as never),
      'passwd',
      'auth_info',
    ],
    ['clusters.modify', (infra) => infra.clusters.modify({ cluster_id: 1, desc: 'x' } as never), 'desc', ''],
    ['clusters.delete', (infra) => infra.clusters.delete({ cluster_id: 1, force: true } as never), 'force', ''],
    ['clusters.get', (infra) => infra.clusters.get({ plain_text: true } as never), 'plain_text', ''],
    ['es.register', (infra) => infra.es.register(registration({ display_name: 'x' }) as never), 'display_name', ''],
    ['es.register setup', (infra) => infra.es.register(registration({ setup: { retentionDays: 30 } }) as never), 'retentionDays', 'setup'],
    ['es.update', (infra) => infra.es.update({ clusterId: 1, sslverify: false } as never), 'sslverify', ''],
    ['es.get', (infra) => infra.es.get({ clusterId: 1, cluster_id: 1 } as never), 'cluster_id', ''],
    ['es.delete', (infra) => infra.es.delete({ clusterId: 1, force: true } as never), 'force', ''],
    [
      'kafka.register',
      (infra) => infra.kafka.register({ name: 'k', displayName: 'K', host: '127.0.0.1', port: 9092, saslMechanism: 'PLAIN' } as never),
      'saslMechanism',
      '',
    ],
    ['kafka.update', (infra) => infra.kafka.update({ clusterId: 1, custom_option: {} } as never), 'custom_option', ''],
  ];

  it.each(cases)('%s', async (_name, call, key, path) => {
    const probed = elasticsearch.requests.length;
    const error = await validationError(call(create()));
    expect(error.message).toContain(`unknown field "${key}"`);
    expect(error.message).toContain('misspelt?');
    expect(error.issues.map((issue) => [issue.path.join('.'), issue.code])).toEqual([[path === '' ? key : `${path}.${key}`, 'unrecognized_keys']]);
    expect(sandbox().calls).toHaveLength(0);
    expect(elasticsearch.requests).toHaveLength(probed);
  });
});

// The whole message, pinned: the validation names the key (`unknown field "<key>": `, the core's
// for metadata calls, parseInput's for the helpers) and the schema's error map says the rest, so a
// map that names the key too would repeat it.
describe('the message names an unknown key once', () => {
  const cases: [string, (infra: InfraClient) => Promise<unknown>, string][] = [
    [
      'at the top level of a metadata call',
      (infra) => infra.clusters.create({ cluster_name: 'k', cluster_type: 'kafka', domain_name: 'h', port: 9092, ssl_verify: true } as never),
      'Parameter validation failed (metadata.create_cluster_info input): ssl_verify: unknown field "ssl_verify": not a field of create_cluster_info (misspelt? fields the SDK does not model go in extra)',
    ],
    [
      'in a nested object of a metadata call',
      (infra) =>
        infra.clusters.create({
          cluster_name: 'k',
          cluster_type: 'kafka',
          domain_name: 'h',
          port: 9092,
          auth_info: { username: 'u', password: 'p', passwd: 'p' },
        } as never),
      'Parameter validation failed (metadata.create_cluster_info input): auth_info.passwd: unknown field "passwd": not a field of auth_info (misspelt? unmodelled fields go in the top-level extra)',
    ],
    [
      'in a nested object of a helper',
      (infra) => infra.es.register(registration({ setup: { retentionDays: 30 } }) as never),
      'Parameter validation failed (infra.es.register input): setup.retentionDays: unknown field "retentionDays": not a field of setup (misspelt? unmodelled fields go in the top-level extra)',
    ],
  ];

  it.each(cases)('%s', async (_where, call, message) => {
    const probed = elasticsearch.requests.length;
    const error = await validationError(call(create()));
    expect(error.message).toBe(message);
    expect(sandbox().calls).toHaveLength(0);
    expect(elasticsearch.requests).toHaveLength(probed);
  });
});

describe('extra: the one escape hatch for metadata fields the SDK does not model', () => {
  it('is merged into the wire params of the metadata endpoints, in the body and the query', async () => {
    const infra = create();
    const clusterId = await infra.clusters.create({
      cluster_name: 'kafka_x',
      cluster_type: 'kafka',
      domain_name: 'kafka.example',
      port: 9092,
      extra: { label: 'logs' },
    });
    await infra.clusters.modify({ cluster_id: clusterId, auth_info: { username: '', password: '' }, extra: { custom_label: 'rack-3' } });
    await infra.clusters.get({ cluster_id: clusterId, extra: { bk_biz_id: 2 } });
    expect(callsTo(sandbox(), 'metadata.create_cluster_info')[0]?.body).toMatchObject({ cluster_name: 'kafka_x', label: 'logs' });
    expect(callsTo(sandbox(), 'metadata.create_cluster_info')[0]?.body).not.toHaveProperty('extra');
    expect(callsTo(sandbox(), 'metadata.modify_cluster_info')[0]?.body).toMatchObject({ cluster_id: clusterId, custom_label: 'rack-3' });
    expect(callsTo(sandbox(), 'metadata.get_cluster_info')[0]?.query).toMatchObject({ cluster_id: String(clusterId), bk_biz_id: '2' });
  });

  it('goes from es.register into create_cluster_info', async () => {
    const infra = create();
    await infra.es.register({
      name: 'es_logs',
      displayName: 'Logs',
      bkBizId: 2,
      host: elasticsearch.host,
      port: elasticsearch.port,
      username: 'elastic',
      password: 'changeme',
      extra: { label: 'logs' },
    });
    expect(callsTo(sandbox(), 'metadata.create_cluster_info')[0]?.body).toMatchObject({ cluster_name: 'es_logs', label: 'logs' });
  });

  it.each([
    [
      'a wire field of the endpoint',
      () => create().clusters.create({ cluster_name: 'k', cluster_type: 'kafka', domain_name: 'h', port: 9092, extra: { port: 9093 } }),
      'extra.port',
    ],
    [
      'a wire field the helper sends',
      () =>
        create().es.register({
          name: 'es_logs',
          displayName: 'Logs',
          bkBizId: 2,
          host: elasticsearch.host,
          port: elasticsearch.port,
          extra: { domain_name: '10.0.0.1' },
        }),
      'extra.domain_name',
    ],
    ['the acting user', () => create().kafka.update({ clusterId: 1, extra: { bk_username: 'mallory' } }), 'extra.bk_username'],
  ])('may not name %s', async (_name, call, field) => {
    const probed = elasticsearch.requests.length;
    const error = await validationError(call());
    expect(error.fields).toEqual([field]);
    expect(sandbox().calls).toHaveLength(0);
    expect(elasticsearch.requests).toHaveLength(probed);
  });
});
