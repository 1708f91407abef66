import { describe, expect, it } from 'vitest';
import { cellText, displayWidth, formatCount, formatTimestamp, renderTable, singleLine, truncate } from './table.js';

describe('text helpers', () => {
  it('measures terminal cells: CJK characters take two, combining marks none', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('日志检索')).toBe(8);
    expect(displayWidth('e\u0301')).toBe(1);
  });

  it('truncates to a width in cells with an ellipsis', () => {
    expect(truncate('hello world', 20)).toBe('hello world');
    expect(truncate('hello world', 6)).toBe('hello…');
    expect(truncate('日志检索服务', 7)).toBe('日志检…');
    expect(displayWidth(truncate('日志检索服务', 7))).toBeLessThanOrEqual(7);
    expect(truncate('abc', 0)).toBe('');
  });

  it('keeps a value on one line', () => {
    expect(singleLine('a\nb\tc\r\n')).toBe('a b c ');
  });

  it('formats counts, timestamps and cells', () => {
    expect(formatCount(1_234_567.4)).toBe('1,234,567');
    expect(formatTimestamp(new Date(2026, 0, 2, 3, 4, 5, 6).getTime())).toBe('2026-01-02 03:04:05.006');
    expect(formatTimestamp(Number.NaN)).toBe('');
    expect([undefined, null, 'x', 3, true, { a: 1 }].map(cellText)).toEqual(['', '', 'x', '3', 'true', '{"a":1}']);
  });
});

describe('renderTable', () => {
  const columns = [{ header: 'time' }, { header: 'level' }, { header: 'message', flexible: true }];

  it('aligns columns and cuts the flexible one to the width', () => {
    const text = renderTable(
      columns,
      [
        ['12:00', 'error', 'a very long message that cannot fit in a narrow terminal at all'],
        ['12:01', 'info', 'short'],
      ],
      40,
    );
    expect(text).toBe(
      [
        'time   level  message',
        '─────  ─────  ──────────────────────────',
        '12:00  error  a very long message that …',
        '12:01  info   short',
        '',
      ].join('\n'),
    );
    for (const line of text.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(40);
  });

  it('right-aligns numbers and keeps the header when there are no rows', () => {
    expect(renderTable([{ header: 'level' }, { header: 'n', align: 'right' }], [['error', '12']], 80)).toBe('level  n \n─────  ──\nerror  12\n'.replace('n \n', ' n\n'));
    expect(renderTable(columns, [], 80)).toBe('time  level  message\n────  ─────  ───────\n');
  });
});
