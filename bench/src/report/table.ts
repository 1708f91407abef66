/** A table: a header row, then rows of cells; `align` per column ('r' right-aligns numbers). */
export interface Table {
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly align?: readonly ('l' | 'r')[];
}

/** The table as padded plain text for the console. */
export function textTable(table: Table): string {
  const widths = table.head.map((cell, column) => Math.max(cell.length, ...table.rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (table.align?.[column] === 'r' ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(table.head), widths.map((width) => '-'.repeat(width)).join('  '), ...table.rows.map(line)].join('\n');
}

/** The table as GitHub markdown. */
export function markdownTable(table: Table): string {
  const separator = table.head.map((_cell, column) => (table.align?.[column] === 'r' ? '---:' : '---'));
  const line = (cells: readonly string[]): string => `| ${cells.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(table.head), line(separator), ...table.rows.map(line)].join('\n');
}

/** A number with thousands separators and at most `digits` decimals. */
export function formatNumber(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return '–';
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** A number with about three significant digits (latencies, ratios). */
export function formatSignificant(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const magnitude = Math.abs(value);
  if (magnitude >= 100) return formatNumber(value, 0);
  if (magnitude >= 10) return formatNumber(value, 1);
  if (magnitude >= 1) return formatNumber(value, 2);
  return formatNumber(value, 3);
}

/** Bytes in MB (10^6 bytes), one decimal. */
export function formatMegabytes(bytes: number): string {
  return `${formatNumber(bytes / 1e6, 1)} MB`;
}

/** Bytes in kB (10^3 bytes), one decimal. */
export function formatKilobytes(bytes: number): string {
  return `${formatNumber(bytes / 1e3, 1)} kB`;
}
