import { describe, expect, it } from 'vitest';
import { concatenate, median, percentile, round } from './stats.ts';

describe('percentile', () => {
  it('interpolates between the closest ranks', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([4, 1, 3, 2], 0)).toBe(1);
    expect(percentile([4, 1, 3, 2], 100)).toBe(4);
    expect(percentile([10, 20, 30, 40, 50], 25)).toBe(20);
    expect(percentile([0, 10], 99)).toBeCloseTo(9.9, 10);
  });

  it('sorts numerically, not as text', () => {
    expect(percentile([100, 9, 20], 50)).toBe(20);
  });

  it('gives p99 of 100 values between the 99th and 100th', () => {
    const values = Array.from({ length: 100 }, (_unused, index) => index + 1);
    expect(percentile(values, 99)).toBeCloseTo(99.01, 10);
  });

  it('is NaN for no values and rejects percentiles outside 0..100', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('concatenate and round', () => {
  it('joins typed arrays in order', () => {
    expect([...concatenate([Float64Array.of(1, 2), Float64Array.of(), Float64Array.of(3)])]).toEqual([1, 2, 3]);
  });

  it('rounds to significant digits', () => {
    expect(round(1234.5678, 3)).toBe(1235);
    expect(round(0.0123456, 3)).toBe(0.0123);
    expect(round(0)).toBe(0);
  });
});
