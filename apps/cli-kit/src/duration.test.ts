import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, parsePositiveInteger } from './duration.js';
import { UsageError } from './usage-error.js';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['15m', 900_000],
    ['1h', 3_600_000],
    ['2d', 172_800_000],
    ['1w', 604_800_000],
    ['1h30m', 5_400_000],
    [' 6H ', 21_600_000],
  ])('%s is %d ms', (text, milliseconds) => {
    expect(parseDuration(text)).toBe(milliseconds);
  });

  it.each(['', '1', 'h', 'yesterday', '1y', '-1h', '1.5h', '0m', '500'])('refuses %j with a UsageError', (text) => {
    expect(() => parseDuration(text)).toThrow(UsageError);
  });

  it('formats the largest exact unit', () => {
    expect([3_600_000, 90_000, 86_400_000, 900_000, 1_500].map(formatDuration)).toEqual(['1h', '90s', '1d', '15m', '1500ms']);
  });
});

describe('parsePositiveInteger', () => {
  it('parses positive integers only', () => {
    expect(parsePositiveInteger('42', '--limit')).toBe(42);
    for (const text of ['0', '-1', '1.5', 'abc', '', '1e3'])
      expect(() => parsePositiveInteger(text, '--limit')).toThrow(`--limit must be a positive integer, got '${text}'`);
  });
});
