import stringWidth from 'string-width';

/** A column of a text table. */
export interface TableColumn {
  readonly header: string;
  /** Right-align (numbers). */
  readonly align?: 'left' | 'right' | undefined;
  /** The column that takes the remaining width and is cut to fit (a message). At most one. */
  readonly flexible?: boolean | undefined;
}

const ELLIPSIS = '…';
const RESET = '\u001b[0m';

// Terminal escape sequences: CSI (`ESC [ … final`), OSC (`ESC ] … BEL|ESC \\`), and the short ones
// (`ESC c` resets the terminal, `ESC ( B` picks a character set).
// eslint-disable-next-line no-control-regex -- matching escape sequences is the point
const ESCAPE_SEQUENCE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[ -/]*[0-~])/g;
// Colours and text styles (SGR, `ESC [ … m`): the only escape sequences a cell keeps.
// eslint-disable-next-line no-control-regex -- matching escape sequences is the point
const SGR = /^\u001b\[[0-9;:]*m$/;
// eslint-disable-next-line no-control-regex -- splitting on colour codes
const SGR_SPLIT = /(\u001b\[[0-9;:]*m)/;

/**
 * One line of `text`: control characters (newlines, tabs) become spaces, and escape sequences
 * other than colours (cursor moves, screen clears, titles) are dropped, so a value from a server
 * cannot move the cursor or rewrite the terminal. Colours are kept.
 */
export function singleLine(text: string): string {
  return (
    text
      .replace(ESCAPE_SEQUENCE, (sequence) => (SGR.test(sequence) ? sequence : ''))
      // A lone ESC (not starting a kept colour), C0 and C1 controls.
      // eslint-disable-next-line no-control-regex -- stripping control characters is the point
      .replace(/(?:\u001b(?!\[[0-9;:]*m)|[\u0000-\u001a\u001c-\u001f\u007f-\u009f])+/g, ' ')
  );
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The pieces of `text` in order: colour codes (width 0) and grapheme clusters with their widths. */
function* pieces(text: string): Generator<{ readonly text: string; readonly width: number; readonly colour: boolean }> {
  for (const part of text.split(SGR_SPLIT)) {
    if (part === '') continue;
    if (SGR.test(part)) {
      yield { text: part, width: 0, colour: true };
      continue;
    }
    for (const { segment } of graphemes.segment(part)) yield { text: segment, width: stringWidth(segment), colour: false };
  }
}

/**
 * How many terminal cells `text` takes, by `string-width`: East Asian wide characters (CJK,
 * Hangul, fullwidth forms) and emoji (ZWJ sequences and flags included) count two, combining
 * marks and colour codes none.
 */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

/**
 * Cuts `text` to `width` terminal cells, ending in `…` when it was cut; never splits a character
 * (a CJK character, an emoji sequence) or a colour code, and ends a cut coloured text with a reset.
 */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (displayWidth(text) <= width) return text;
  let kept = '';
  let used = 0;
  let coloured = false;
  for (const piece of pieces(text)) {
    if (piece.colour) {
      kept += piece.text;
      coloured = true;
      continue;
    }
    if (used + piece.width > width - 1) break;
    kept += piece.text;
    used += piece.width;
  }
  return `${kept}${ELLIPSIS}${coloured ? RESET : ''}`;
}

/** Pads `text` with spaces to `width` terminal cells (on the left for `right`). */
export function padToWidth(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const gap = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? `${gap}${text}` : `${text}${gap}`;
}

// A coloured cell ends with a reset, so its colour never runs into the next column.
function closeColour(text: string): string {
  return text.includes('\u001b[') && !text.endsWith(RESET) ? `${text}${RESET}` : text;
}

function length(text: string): number {
  return displayWidth(text);
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
        const cell = closeColour(truncate(values[index] ?? '', width));
        // The last column is not padded: no trailing spaces.
        return index === columns.length - 1 && column.align !== 'right' ? cell : padToWidth(cell, width, column.align ?? 'left');
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
