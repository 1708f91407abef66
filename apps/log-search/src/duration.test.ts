import { describe, expect, it } from 'vitest';
import { parseIndexSetIds } from './duration.js';

describe('index sets', () => {
  it('reads comma lists and repeated flags', () => {
    expect(parseIndexSetIds('42')).toEqual([42]);
    expect(parseIndexSetIds('42, 43,')).toEqual([42, 43]);
    expect(parseIndexSetIds('44', [42, 43])).toEqual([42, 43, 44]);
    expect(() => parseIndexSetIds(',')).toThrow('--index-set needs at least one id');
    expect(() => parseIndexSetIds('42,abc')).toThrow("--index-set must be a positive integer, got 'abc'");
  });
});
