/** A column of a text table. */
export interface TableColumn {
  readonly header: string;
  /** Right-align (numbers). */
  readonly align?: 'left' | 'right' | undefined;
  /** The column that takes the remaining width and is cut to fit (a message). At most one. */
  readonly flexible?: boolean | undefined;
}

const ELLIPSIS = '…';

/** One line of `text`: control characters (newlines, tabs) become spaces. */
export function singleLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

// East Asian wide and fullwidth ranges (CJK, Hangul, fullwidth forms, emoji): two terminal cells.
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;
// Combining marks take no cell of their own.
const ZERO_WIDTH = /[\p{Mn}\p{Me}\u200b-\u200f]/u;

function cellWidth(character: string): number {
  if (ZERO_WIDTH.test(character)) return 0;
  return WIDE.test(character) ? 2 : 1;
}

/** How many terminal cells `text` takes (wide CJK characters count two). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const character of text) width += cellWidth(character);
  return width;
}

/** Cuts `text` to `width` terminal cells, ending in `…` when it was cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (displayWidth(text) <= width) return text;
  let kept = '';
  let used = 0;
  for (const character of text) {
    const next = cellWidth(character);
    if (used + next > width - 1) break;
    kept += character;
    used += next;
  }
  return `${kept}${ELLIPSIS}`;
}

function length(text: string): number {
  return displayWidth(text);
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const gap = ' '.repeat(Math.max(0, width - length(text)));
  return align === 'right' ? `${gap}${text}` : `${text}${gap}`;
}

/**
 * Renders rows as an aligned text table no wider than `maxWidth`: a header, a rule, the rows.
 * Fixed columns keep their widest value (cut to 40 characters); the flexible column gets the
 * rest and its values are cut with `…`.
 */
export function renderTable(columns: readonly TableColumn[], rows: readonly (readonly string[])[], maxWidth: number): string {
  const separator = '  ';
  const cells = rows.map((row) => columns.map((_, index) => singleLine(row[index] ?? '')));
  const widths = columns.map((column, index) => Math.min(40, Math.max(length(column.header), ...cells.map((row) => length(row[index] ?? '')))));
  const flexibleIndex = columns.findIndex((column) => column.flexible === true);
  if (flexibleIndex >= 0) {
    const fixed = widths.reduce((sum, width, index) => (index === flexibleIndex ? sum : sum + width), 0) + separator.length * (columns.length - 1);
    const natural = Math.max(length(columns[flexibleIndex]?.header ?? ''), ...cells.map((row) => length(row[flexibleIndex] ?? '')));
    widths[flexibleIndex] = Math.max(length(columns[flexibleIndex]?.header ?? ''), Math.min(natural, maxWidth - fixed));
  }
  const line = (values: readonly string[]): string =>
    columns
      .map((column, index) => {
        const width = widths[index] ?? 0;
        const cell = truncate(values[index] ?? '', width);
        // The last column is not padded: no trailing spaces.
        return index === columns.length - 1 && column.align !== 'right' ? cell : pad(cell, width, column.align ?? 'left');
      })
      .join(separator);
  const header = line(columns.map((column) => column.header));
  const rule = columns.map((_, index) => '─'.repeat(widths[index] ?? 0)).join(separator);
  return [header, rule, ...cells.map(line)].map((text) => truncate(text, maxWidth)).join('\n') + '\n';
}

/** `1234567` → `1,234,567`. */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

/** Epoch milliseconds as local `YYYY-MM-DD HH:mm:ss.SSS`. */
export function formatTimestamp(epochMilliseconds: number): string {
  const date = new Date(epochMilliseconds);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${twoDigits(date.getMonth() + 1)}-${twoDigits(date.getDate())} ${twoDigits(date.getHours())}:${twoDigits(date.getMinutes())}:${twoDigits(date.getSeconds())}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

/** A cell's text for any JSON value. */
export function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}
