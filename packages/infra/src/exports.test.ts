import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as endpoints from './endpoints.js';
import * as root from './index.js';

const isEndpoint = (value: unknown): boolean => typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'bk-endpoint';
const isZodSchema = (value: unknown): boolean => typeof value === 'object' && value !== null && '_zod' in value;

/**
 * The packages a module loads when it is imported: its static value imports and re-exports,
 * followed through the package's own modules. `import type` and `import()` are not followed.
 */
function staticPackageImports(entry: URL): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: URL): void => {
    if (seen.has(file.href)) return;
    seen.add(file.href);
    const source = readFileSync(file, 'utf8');
    for (const [, specifier = ''] of source.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?\bfrom\s+'([^']+)'/gms)) {
      if (specifier.startsWith('.')) visit(new URL(specifier.replace(/\.js$/, '.ts'), file));
      else packages.add(specifier);
    }
  };
  visit(entry);
  return packages;
}

describe('the package contract', () => {
  it('@x/infra exports the factory, the probes, the closed sets, the probe error check and VERSION: no endpoint and no zod schema', () => {
    expect(Object.keys(root).sort()).toEqual([
      'CLUSTER_NAME_PATTERN',
      'CLUSTER_TYPES',
      'DEFAULT_ELASTICSEARCH_SETUP',
      'ELASTICSEARCH_VISIBILITY_TYPES',
      'KAFKA_PROBE_SASL_MECHANISMS',
      'KAFKA_SASL_MECHANISMS',
      'KAFKA_SECURITY_PROTOCOLS',
      'VERSION',
      'createInfra',
      'isProbeError',
      'probeElasticsearch',
      'probeKafka',
    ]);
    expect(Object.values(root).filter((value) => isEndpoint(value) || isZodSchema(value))).toEqual([]);
  });

  // Issue 20: a cold import under 40 ms. zod and the Elasticsearch and Kafka clients load with the
  // first call or probe (through import()), never with the package root.
  it('@x/infra loads neither zod nor a cluster client when imported', () => {
    const loaded = [...staticPackageImports(new URL('./index.ts', import.meta.url))].sort();
    expect(loaded).toEqual(['@x/core-client', '@x/errors', 'node:net']);
    expect(staticPackageImports(new URL('./endpoints.ts', import.meta.url))).toContain('zod');
  });

  it('@x/infra/endpoints exports the four metadata endpoints in both URL forms, and every schema', () => {
    for (const mode of ['legacy', 'gateway'] as const) {
      const names = Object.values(endpoints.metadataEndpoints[mode])
        .filter(isEndpoint)
        .map((endpoint) => (endpoint as { name: string }).name)
        .sort();
      expect(names).toEqual(['create_cluster_info', 'delete_cluster_info', 'get_cluster_info', 'modify_cluster_info']);
    }
    const schemas = Object.entries(endpoints).filter(([name]) => name.endsWith('Schema'));
    expect(schemas).toHaveLength(22);
    for (const [name, value] of schemas) expect(isZodSchema(value), name).toBe(true);
  });
});
