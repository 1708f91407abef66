import { test } from 'liqe';
import { describe, expect, it } from 'vitest';
import { parseQueryString } from './record-filter.js';

describe('parseQueryString', () => {
  it('reads `field: value` with a space as Lucene does', () => {
    const query = parseQueryString('level: error AND path:"/api: v1"');
    expect(query).toBeDefined();
    if (query === undefined) return;
    expect(test(query, { level: 'error', path: '/api: v1' })).toBe(true);
    expect(test(query, { level: 'info', path: '/api: v1' })).toBe(false);
  });

  it('treats * and empty as everything', () => {
    expect(parseQueryString('*')).toBeUndefined();
    expect(parseQueryString('  ')).toBeUndefined();
  });
});
