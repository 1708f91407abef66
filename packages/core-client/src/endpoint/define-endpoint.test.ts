import { ValidationError } from '@x/errors';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { DEFAULT_HEADER_KEYS, defineEndpoint } from './define-endpoint.js';

describe('defineEndpoint', () => {
  it('fills defaults and finds the url keys', () => {
    const endpoint = defineEndpoint({ module: 'bkdata', name: 'get', method: 'GET', path: 'a/{result_table_id}/b/{id}/' });
    expect(endpoint).toMatchObject({
      kind: 'bk-endpoint',
      idempotent: true,
      envelope: 'standard',
      pagination: 'limit_offset',
      keepUrlKeysInParams: true,
      noQueryParams: false,
      urlKeys: ['result_table_id', 'id'],
      headerKeys: [...DEFAULT_HEADER_KEYS],
    });
    expect(Object.isFrozen(endpoint)).toBe(true);
  });

  it('is not idempotent by default for other methods', () => {
    expect(defineEndpoint({ module: 'm', name: 'n', method: 'POST', path: 'x/' }).idempotent).toBe(false);
    expect(defineEndpoint({ module: 'm', name: 'n', method: 'POST', path: 'x/', idempotent: true }).idempotent).toBe(true);
  });

  it('refuses to cache a mutation at definition time', () => {
    expect(() => defineEndpoint({ module: 'bkdata', name: 'databus_data_storages_post', method: 'POST', path: 'x/', cacheTtl: 60 })).toThrow(ValidationError);
    expect(() => defineEndpoint({ module: 'm', name: 'n', method: 'POST', path: 'x/', cacheTtl: 60, idempotent: true })).not.toThrow();
    expect(() => defineEndpoint({ module: 'm', name: 'n', method: 'GET', path: 'x/', cacheTtl: -1 })).toThrow(/cacheTtl/);
  });

  it('refuses unknown methods and bad placeholders', () => {
    expect(() => defineEndpoint({ module: 'm', name: 'n', method: 'TRACE' as 'GET', path: 'x/' })).toThrow(/method/);
    expect(() => defineEndpoint({ module: 'm', name: 'n', method: 'GET', path: 'x/{a-b}/' })).toThrow(/placeholder/);
    expect(() => defineEndpoint({ module: '', name: 'n', method: 'GET', path: 'x/' })).toThrow(/module/);
  });

  it('keeps the schemas and callbacks', () => {
    const input = z.object({ a: z.number() });
    const before = (params: { a: number }) => ({ ...params, b: 1 });
    const endpoint = defineEndpoint({ module: 'm', name: 'n', method: 'POST', path: 'x/', input, before, headerKeys: ['X-Token'] });
    expect(endpoint.input).toBe(input);
    expect(endpoint.before).toBe(before);
    expect(endpoint.headerKeys).toEqual(['X-Token', ...DEFAULT_HEADER_KEYS]);
  });
});
