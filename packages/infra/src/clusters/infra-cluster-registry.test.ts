import { ValidationError } from '@x/errors';
import { describe, expect, it } from 'vitest';
import type { ClusterInfo } from './infra-cluster-info.js';
import { explodeIpv6, findDuplicate, normalizeClusterHost } from './infra-cluster-registry.js';

describe('explodeIpv6', () => {
  it.each([
    ['::1', '0000:0000:0000:0000:0000:0000:0000:0001'],
    ['[::1]', '0000:0000:0000:0000:0000:0000:0000:0001'],
    ['::', '0000:0000:0000:0000:0000:0000:0000:0000'],
    ['fe80::1%eth0', 'fe80:0000:0000:0000:0000:0000:0000:0001'],
    ['2001:DB8::8:800:200C:417A', '2001:0db8:0000:0000:0008:0800:200c:417a'],
    ['2001:db8:0:0:1:0:0:1', '2001:0db8:0000:0000:0001:0000:0000:0001'],
    ['::ffff:192.0.2.128', '0000:0000:0000:0000:0000:ffff:c000:0280'],
    ['1::', '0001:0000:0000:0000:0000:0000:0000:0000'],
  ])('explodes %s', (input, expected) => {
    expect(explodeIpv6(input)).toBe(expected);
  });
});

describe('normalizeClusterHost', () => {
  it('explodes IPv6, keeps IPv4 and lower-cases names', () => {
    expect(normalizeClusterHost(' 0:0::1 ')).toBe(normalizeClusterHost('::1'));
    expect(normalizeClusterHost('10.0.0.1')).toBe('10.0.0.1');
    expect(normalizeClusterHost('ES.Example.com')).toBe('es.example.com');
  });
});

describe('findDuplicate', () => {
  const existing = [
    {
      cluster_config: {
        cluster_id: 1,
        cluster_name: 'es_a',
        display_name: 'A',
        domain_name: '0000:0000:0000:0000:0000:0000:0000:0001',
        port: 9200,
        custom_option: { bk_biz_id: '' },
      },
      cluster_type: 'elasticsearch',
      auth_info: {},
    },
    {
      cluster_config: { cluster_id: 2, cluster_name: 'es_b', display_name: 'B', domain_name: 'es.example.com', port: 9200, custom_option: { bk_biz_id: '' } },
      cluster_type: 'elasticsearch',
      auth_info: {},
    },
  ] as ClusterInfo[];

  it('finds the same address in another spelling', () => {
    const error = findDuplicate(existing, { host: '[::1]', port: 9200 }, 'elasticsearch', 'es.register');
    expect(ValidationError.isInstance(error)).toBe(true);
    expect(error?.fields).toEqual(['host']);
    expect(error?.issues[0]?.code).toBe('duplicate_cluster');
    expect(error?.message).toContain('cluster_id 1 (es_a)');
    expect(findDuplicate(existing, { host: 'ES.example.com', port: 9200 }, 'elasticsearch', 'x')?.fields).toEqual(['host']);
  });

  it('finds a used name or display name', () => {
    expect(findDuplicate(existing, { host: 'new', port: 1, name: 'es_b' }, 'elasticsearch', 'x')?.fields).toEqual(['name']);
    expect(findDuplicate(existing, { host: 'new', port: 1, displayName: 'A' }, 'elasticsearch', 'x')?.fields).toEqual(['displayName']);
  });

  it('accepts a new address, another port, and the cluster itself', () => {
    expect(findDuplicate(existing, { host: 'new', port: 9200 }, 'elasticsearch', 'x')).toBeUndefined();
    expect(findDuplicate(existing, { host: 'es.example.com', port: 9201 }, 'elasticsearch', 'x')).toBeUndefined();
    expect(findDuplicate(existing, { host: 'es.example.com', port: 9200, displayName: 'B', excludeId: 2 }, 'elasticsearch', 'x')).toBeUndefined();
  });
});
