import { describe, expect, it } from 'vitest';
import { CLUSTER_NAME_PATTERN } from '../infra-constants.js';
import { clusterNameSchema, parseAuthInfo, parseClusterInfoEnvelope, parseCustomOption, redactClusterInfo } from './infra-cluster-info.js';
import type { ClusterInfo } from './infra-cluster-info.js';

describe('parseCustomOption', () => {
  it.each([
    ['{"bk_biz_id": 2, "a": 1}', { bk_biz_id: 2, a: 1 }],
    ['{"bk_biz_id": "2"}', { bk_biz_id: 2 }],
    ['{"bk_biz_id": "-12"}', { bk_biz_id: -12 }],
    ['{"bk_biz_id": "space_x"}', { bk_biz_id: 'space_x' }],
    ['{"bk_biz_id": "2.5"}', { bk_biz_id: '2.5' }],
    ['{"bk_biz_id": null}', { bk_biz_id: '' }],
    ['{}', { bk_biz_id: '' }],
    ['', { bk_biz_id: '' }],
    ['not json', { bk_biz_id: '' }],
    ['[1]', { bk_biz_id: '' }],
    ['"text"', { bk_biz_id: '' }],
    [null, { bk_biz_id: '' }],
    [
      { bk_biz_id: '7', kept: true },
      { bk_biz_id: 7, kept: true },
    ],
  ])('parses %j', (input, expected) => {
    expect(parseCustomOption(input)).toEqual(expected);
  });
});

describe('parseAuthInfo', () => {
  const encoded = Buffer.from(JSON.stringify({ username: 'u', password: 'p' })).toString('base64');
  it.each([
    [encoded, { username: 'u', password: 'p' }],
    [
      { username: 'u', password: 'p' },
      { username: 'u', password: 'p' },
    ],
    [Buffer.from('[1]').toString('base64'), {}],
    ['%%%not-base64%%%', {}],
    ['', {}],
    [undefined, {}],
    [42, {}],
  ])('decodes %j', (input, expected) => {
    expect(parseAuthInfo(input)).toEqual(expected);
  });
});

describe('parseClusterInfoEnvelope', () => {
  it('parses every item that has a cluster_config and leaves the rest alone', () => {
    const envelope = {
      result: true,
      code: 0,
      message: '',
      data: [
        {
          cluster_config: { cluster_id: 1, custom_option: '{"bk_biz_id":"3"}' },
          cluster_type: 'kafka',
          auth_info: Buffer.from('{"username":"a"}').toString('base64'),
        },
        { other: true },
      ],
    };
    expect(parseClusterInfoEnvelope(envelope).data).toEqual([
      { cluster_config: { cluster_id: 1, custom_option: { bk_biz_id: 3 } }, cluster_type: 'kafka', auth_info: { username: 'a' } },
      { other: true },
    ]);
    const notAList = { result: true, code: 0, message: '', data: null };
    expect(parseClusterInfoEnvelope(notAList)).toBe(notAList);
  });
});

describe('redactClusterInfo', () => {
  it('blanks passwords, SASL secrets and private keys, and keeps the rest', () => {
    const cluster = {
      cluster_config: {
        cluster_id: 1,
        cluster_name: 'k',
        domain_name: 'h',
        port: 1,
        custom_option: { bk_biz_id: '' },
        ssl_certificate_key: 'a2V5',
        raw_ssl_certificate_key: 'key',
        ssl_certificate: 'cert',
      },
      cluster_type: 'kafka',
      auth_info: { username: 'user', password: 'secret', sasl_mechanisms: 'PLAIN', security_protocol: 'SASL_SSL', sasl_password: 'other-secret' },
    } as ClusterInfo;
    const redacted = redactClusterInfo(cluster);
    expect(redacted.auth_info).toEqual({ username: 'user', password: '', sasl_mechanisms: 'PLAIN', security_protocol: 'SASL_SSL', sasl_password: '' });
    expect(redacted.cluster_config).toMatchObject({ ssl_certificate_key: '', raw_ssl_certificate_key: '', ssl_certificate: 'cert' });
    expect(cluster.auth_info.password).toBe('secret');
  });
});

describe('cluster names', () => {
  it.each(['a', '_x', '9-9', 'es_prod-1', 'x'.repeat(50)])('accepts %s', (name) => {
    expect(clusterNameSchema.safeParse(name).success).toBe(true);
  });
  it.each(['', '-a', 'a b', 'a.b', 'x'.repeat(51), 'é'])('refuses %j', (name) => {
    expect(CLUSTER_NAME_PATTERN.test(name)).toBe(false);
  });
});
