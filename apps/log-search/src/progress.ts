import { formatCount } from '@x/cli-kit';
import type { OutputStream } from '@x/cli-kit';
import { barOf } from './bar-chart.js';

/** Reports how far a long job has come. */
export interface ProgressReporter {
  /** `count` items done so far; cheap to call for every item. */
  update(count: number): void;
  /** The job ended with `count` items: a last report, and the terminal line is closed. */
  finish(count: number): void;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  readonly stream: OutputStream;
  /** What is counted, e.g. `records`. */
  readonly unit: string;
  /** A prefix, e.g. `export`. */
  readonly label: string;
  /** The expected total, when known: a bar and a percentage. */
  readonly total: number | undefined;
  /** The stream's width (for the bar). */
  readonly columns: number;
  readonly now?: (() => number) | undefined;
  /**
   * Draw a redrawn bar (a terminal) or print plain lines (a pipe or a file).
   * @default stream.isTTY
   */
  readonly interactive?: boolean | undefined;
  /**
   * Milliseconds between plain lines.
   * @default 1000
   */
  readonly plainIntervalMs?: number | undefined;
}

const REDRAW_INTERVAL_MS = 80;

/** Records per second for `count` items in `elapsedMs`. */
export function ratePerSecond(count: number, elapsedMs: number): number {
  return elapsedMs <= 0 ? 0 : (count * 1000) / elapsedMs;
}

function clock(milliseconds: number): string {
  const seconds = Math.floor(milliseconds / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * A progress reporter on stderr: on a terminal a bar redrawn in place (count, percentage when the
 * total is known, rate, elapsed time); elsewhere a plain line every second, so logs stay readable.
 */
export function createProgress(options: ProgressOptions): ProgressReporter {
  const now = options.now ?? Date.now;
  const interactive = options.interactive ?? options.stream.isTTY === true;
  const plainInterval = options.plainIntervalMs ?? 1000;
  const started = now();
  // Plain lines count from the first item, so a slow first page does not print "1 records/s".
  let lastReport: number | undefined;
  let finished = false;

  const describe = (count: number): { counts: string; rate: string; fraction: number | undefined } => {
    const total = options.total !== undefined && options.total > 0 ? options.total : undefined;
    const rate = `${formatCount(ratePerSecond(count, now() - started))} ${options.unit}/s`;
    const counts = total === undefined ? `${formatCount(count)} ${options.unit}` : `${formatCount(count)} / ${formatCount(total)} ${options.unit}`;
    return { counts, rate, fraction: total === undefined ? undefined : Math.min(1, count / total) };
  };

  const draw = (count: number): void => {
    const { counts, rate, fraction } = describe(count);
    const tail = `${fraction === undefined ? '' : `${String(Math.floor(fraction * 100)).padStart(3)}%  `}${counts}  ${rate}  ${clock(now() - started)}`;
    const barWidth = Math.max(0, Math.min(30, options.columns - options.label.length - tail.length - 8));
    const bar = fraction === undefined || barWidth < 5 ? '' : `[${barOf(fraction * barWidth).padEnd(barWidth)}]  `;
    // \r + erase line: redraw in place.
    options.stream.write(`\r\u001b[2K${options.label}  ${bar}${tail}`);
  };

  const line = (count: number): void => {
    const { counts, rate, fraction } = describe(count);
    options.stream.write(`${options.label}: ${counts}${fraction === undefined ? '' : ` (${Math.floor(fraction * 100)}%)`}, ${rate}\n`);
  };

  return {
    update(count) {
      if (finished) return;
      const time = now();
      lastReport ??= interactive ? time - REDRAW_INTERVAL_MS : time;
      if (time - lastReport < (interactive ? REDRAW_INTERVAL_MS : plainInterval)) return;
      lastReport = time;
      if (interactive) draw(count);
      else line(count);
    },
    finish(count) {
      if (finished) return;
      finished = true;
      if (interactive) {
        draw(count);
        options.stream.write('\n');
      } else line(count);
    },
  };
}
