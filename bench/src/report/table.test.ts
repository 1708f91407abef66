import { describe, expect, it } from 'vitest';
import { formatMegabytes, formatSignificant, markdownTable, textTable } from './table.ts';

describe('tables', () => {
  const table = {
    head: ['line', 'req/s'],
    rows: [
      ['a|b', '1,000'],
      ['c', '20'],
    ],
    align: ['l', 'r'] as const,
  };

  it('renders markdown with right-aligned number columns and escaped pipes', () => {
    expect(markdownTable(table)).toBe(['| line | req/s |', '| --- | ---: |', '| a\\|b | 1,000 |', '| c | 20 |'].join('\n'));
  });

  it('pads plain text columns', () => {
    expect(textTable(table).split('\n')).toEqual(['line  req/s', '----  -----', 'a|b   1,000', 'c        20']);
  });

  it('formats numbers for the report', () => {
    expect(formatSignificant(0.73456)).toBe('0.735');
    expect(formatSignificant(12.345)).toBe('12.3');
    expect(formatSignificant(Number.NaN)).toBe('–');
    expect(formatMegabytes(48_600_000)).toBe('48.6 MB');
  });
});
