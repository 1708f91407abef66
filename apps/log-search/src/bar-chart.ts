import { displayWidth, formatCount, padToWidth, truncate } from '@x/cli-kit';

/** One bar: a label and its value. */
export interface Bar {
  readonly label: string;
  readonly value: number;
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar of `cells` character cells (fractions drawn with eighth blocks). */
export function barOf(cells: number): string {
  const whole = Math.floor(cells);
  const eighths = Math.round((cells - whole) * 8);
  return eighths === 8 ? '█'.repeat(whole + 1) : '█'.repeat(whole) + (EIGHTHS[eighths] ?? '');
}

/**
 * A horizontal bar chart, one line per bar: `label  ████▌  count`, scaled so the largest value
 * fills the width left by the label and count columns (at most `maxWidth` characters a line).
 */
export function renderBarChart(bars: readonly Bar[], maxWidth: number): string {
  if (bars.length === 0) return '';
  const labelWidth = Math.max(...bars.map((bar) => displayWidth(bar.label)));
  const counts = bars.map((bar) => formatCount(bar.value));
  const countWidth = Math.max(...counts.map((count) => count.length));
  // Bars longer than 60 cells are harder to compare, not easier.
  const barWidth = Math.min(60, Math.max(10, maxWidth - labelWidth - countWidth - 4));
  const largest = Math.max(...bars.map((bar) => bar.value));
  return (
    bars
      .map((bar, index) => {
        const cells = largest > 0 ? (bar.value / largest) * barWidth : 0;
        const drawn = bar.value > 0 && cells < 1 / 8 ? '▏' : barOf(cells);
        return truncate(`${padToWidth(bar.label, labelWidth)}  ${drawn.padEnd(barWidth)}  ${(counts[index] ?? '').padStart(countWidth)}`, maxWidth);
      })
      .join('\n') + '\n'
  );
}
