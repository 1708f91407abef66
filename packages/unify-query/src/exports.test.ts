import { describe, expect, it } from 'vitest';
import * as endpoints from './endpoints.js';
import * as root from './index.js';

const isEndpoint = (value: unknown): value is { kind: 'bk-endpoint'; name: string } =>
  typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'bk-endpoint';
const isZodSchema = (value: unknown): boolean => typeof value === 'object' && value !== null && '_zod' in value;

describe('the package contract', () => {
  it('@x/unify-query exports the client, its settings constants, the query builder and VERSION: no endpoint and no zod schema', () => {
    expect(Object.keys(root).sort()).toEqual([
      'UNIFY_QUERY_GATEWAY_PATH',
      'UNIFY_QUERY_OPERATORS',
      'UNIFY_QUERY_OPERATOR_NAMES',
      'UNIFY_QUERY_ROOT_ENV_VARIABLE',
      'VERSION',
      'buildConditions',
      'buildQuery',
      'createUnifyQuery',
      'indexSetTableId',
      'isUnifyQueryOperator',
      'referenceName',
      'resolveAutoStep',
    ]);
    expect(Object.values(root).filter((value) => isEndpoint(value) || isZodSchema(value))).toEqual([]);
  });

  it('@x/unify-query/endpoints exports the five endpoints, and every name ending in Schema is one', () => {
    expect(
      Object.values(endpoints.unifyQueryEndpoints)
        .map((endpoint) => endpoint.name)
        .sort(),
    ).toEqual(['query_field_map', 'query_ts', 'query_ts_raw', 'query_ts_raw_with_scroll', 'query_ts_reference']);
    expect(Object.values(endpoints.defineUnifyQueryEndpoints()).every(isEndpoint)).toBe(true);
    for (const [name, value] of Object.entries(endpoints)) {
      if (name.endsWith('Schema')) expect(isZodSchema(value), name).toBe(true);
    }
  });
});
