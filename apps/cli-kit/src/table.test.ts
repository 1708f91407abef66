import { describe, expect, it } from 'vitest';
import { cellText, displayWidth, formatCount, formatTimestamp, padToWidth, renderTable, singleLine, truncate } from './table.js';

const RED = '\u001b[31m';
const RESET = '\u001b[0m';

/** The text a terminal shows: colour codes removed. */
function visible(text: string): string {
  // eslint-disable-next-line no-control-regex -- removing colour codes
  return text.replaceAll(/\u001b\[[0-9;]*m/g, '');
}

describe('text helpers', () => {
  it('measures terminal cells: CJK characters and emoji take two, combining marks and colour codes none', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('日志检索')).toBe(8);
    expect(displayWidth('张三')).toBe(4);
    expect(displayWidth('ｆｕｌｌ')).toBe(8);
    expect(displayWidth('한국')).toBe(4);
    expect(displayWidth('e\u0301')).toBe(1);
    // The hand-made table this replaced counted 🚀 as one cell.
    expect(displayWidth('🚀')).toBe(2);
    expect(displayWidth('deploy 🚀 done')).toBe(14);
    expect(displayWidth('👩\u200d👩\u200d👧')).toBe(2);
    expect(displayWidth('🇨🇳')).toBe(2);
    expect(displayWidth('👍🏽')).toBe(2);
    expect(displayWidth(`${RED}error${RESET}`)).toBe(5);
  });

  it('pads to a width in cells', () => {
    expect(padToWidth('张三', 6)).toBe('张三  ');
    expect(padToWidth('🚀', 4, 'right')).toBe('  🚀');
    expect(padToWidth(`${RED}ab${RESET}`, 4)).toBe(`${RED}ab${RESET}  `);
  });

  it('truncates to a width in cells with an ellipsis', () => {
    expect(truncate('hello world', 20)).toBe('hello world');
    expect(truncate('hello world', 6)).toBe('hello…');
    expect(truncate('日志检索服务', 7)).toBe('日志检…');
    expect(displayWidth(truncate('日志检索服务', 7))).toBeLessThanOrEqual(7);
    expect(truncate('abc', 0)).toBe('');
  });

  it('never splits an emoji sequence or a colour code, and resets a cut colour', () => {
    expect(truncate('🚀🚀🚀', 4)).toBe('🚀…');
    expect(truncate('👩\u200d👩\u200d👧 family', 3)).toBe('👩\u200d👩\u200d👧…');
    expect(truncate('ae\u0301bcdef', 4)).toBe('ae\u0301b…');
    const cut = truncate(`${RED}error: disk full${RESET}`, 6);
    expect(cut).toBe(`${RED}error…${RESET}`);
    expect(displayWidth(cut)).toBe(6);
    expect(truncate(`${RED}ok${RESET}`, 6)).toBe(`${RED}ok${RESET}`);
  });

  it('keeps a value on one line, with its colours but no other escape sequence', () => {
    expect(singleLine('a\nb\tc\r\n')).toBe('a b c ');
    expect(singleLine(`${RED}error${RESET} x`)).toBe(`${RED}error${RESET} x`);
    // Cursor moves, screen clears, window titles and lone escapes from a server never reach the terminal.
    expect(singleLine('a\u001b[2Jb\u001b[10;5Hc\u001b]0;owned\u0007d\u001bce\u009bf')).toBe('abcde f');
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
      ['time   level  message', '─────  ─────  ──────────────────────────', '12:00  error  a very long message that …', '12:01  info   short', ''].join('\n'),
    );
    for (const line of text.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(40);
  });

  it('lines up Chinese names, emoji and coloured cells by terminal cells', () => {
    const text = renderTable(
      [{ header: 'id', align: 'right' }, { header: 'user' }, { header: 'business' }, { header: 'level' }, { header: 'note', flexible: true }],
      [
        ['1', 'alice', 'ops', 'info', 'plain'],
        ['22', '张三', '蓝鲸日志平台', `${RED}error${RESET}`, '部署失败，请检查磁盘空间后重试'],
        ['333', '🚀 bot', 'ci 👩\u200d👩\u200d👧', `${RED}warn`, 'ok 👍🏽'],
        ['4', 'Łukasz', 'e\u0301te\u0301', 'info', `${RED}red until the end`],
      ],
      60,
    );
    const lines = text.trimEnd().split('\n');
    expect(lines.map(visible)).toEqual([
      ' id  user    business      level  note',
      '───  ──────  ────────────  ─────  ──────────────────────────',
      '  1  alice   ops           info   plain',
      ' 22  张三    蓝鲸日志平台  error  部署失败，请检查磁盘空间…',
      '333  🚀 bot  ci 👩\u200d👩\u200d👧         warn   ok 👍🏽',
      '  4  Łukasz  e\u0301te\u0301           info   red until the end',
    ]);
    // Every left-aligned column starts at the same cell on every line: the header's.
    const header = lines[0] ?? '';
    const startOf = (line: string, value: string, from: number): number => displayWidth(visible(line).slice(0, visible(line).indexOf(value, from)));
    const headerStarts = ['user', 'business', 'level', 'note'].map((name) => startOf(header, name, 0));
    expect(headerStarts).toEqual([5, 13, 27, 34]);
    const values = [
      ['alice', 'ops', 'info', 'plain'],
      ['张三', '蓝鲸日志平台', 'error', '部署失败'],
      ['🚀 bot', 'ci 👩\u200d👩\u200d👧', 'warn', 'ok 👍🏽'],
      ['Łukasz', 'e\u0301te\u0301', 'info', 'red until'],
    ];
    values.forEach((row, index) => {
      const line = lines[index + 2] ?? '';
      expect(row.map((value) => startOf(line, value, 4))).toEqual(headerStarts);
    });
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(60);
    // A colour never runs into the next column or line.
    expect(lines[4]).toContain(`${RED}warn${RESET} `);
    expect(lines[5]?.endsWith(RESET)).toBe(true);
  });

  it('right-aligns numbers and keeps the header when there are no rows', () => {
    expect(renderTable([{ header: 'level' }, { header: 'n', align: 'right' }], [['error', '12']], 80)).toBe(
      'level  n \n─────  ──\nerror  12\n'.replace('n \n', ' n\n'),
    );
    expect(renderTable(columns, [], 80)).toBe('time  level  message\n────  ─────  ───────\n');
  });
});
