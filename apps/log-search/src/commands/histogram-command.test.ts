import { UsageError } from '@x/cli-kit';
import { describe, expect, it } from 'vitest';
import { autoInterval, bucketCount, histogramInterval, histogramLabels, MAX_HISTOGRAM_BUCKETS } from './histogram-command.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Local times, so the labels do not depend on the machine's time zone. */
function local(...parts: [number, number, number, number?, number?, number?]): number {
  const [year, month, day, hours = 0, minutes = 0, seconds = 0] = parts;
  return new Date(year, month - 1, day, hours, minutes, seconds).getTime();
}

function series(start: number, windowMs: number, count: number): number[] {
  return Array.from({ length: count }, (_, index) => start + index * windowMs);
}

describe('histogramLabels', () => {
  it('shows seconds for second windows: 1s buckets no longer all read 18:20', () => {
    const labels = histogramLabels(series(local(2026, 3, 14, 18, 20, 0), SECOND, 120), SECOND);
    expect(labels.slice(0, 3)).toEqual(['18:20:00', '18:20:01', '18:20:02']);
    expect(labels.at(-1)).toBe('18:21:59');
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('shows hours and minutes for minute windows within a day', () => {
    expect(histogramLabels(series(local(2026, 3, 14, 9, 0), 15 * MINUTE, 3), 15 * MINUTE)).toEqual(['09:00', '09:15', '09:30']);
  });

  it('adds the date when the buckets span several days, and the year when several years', () => {
    expect(histogramLabels(series(local(2026, 3, 14, 22, 0), HOUR, 4), HOUR)).toEqual(['03-14 22:00', '03-14 23:00', '03-15 00:00', '03-15 01:00']);
    expect(histogramLabels([local(2025, 12, 31, 12, 0), local(2026, 1, 1, 12, 0)], DAY)).toEqual(['2025-12-31 12:00', '2026-01-01 12:00']);
  });

  it('shows the date alone for day and week windows starting at midnight', () => {
    expect(histogramLabels(series(local(2026, 3, 9), DAY, 3), DAY)).toEqual(['03-09', '03-10', '03-11']);
    expect(histogramLabels([local(2026, 3, 9), local(2026, 3, 16)], 7 * DAY)).toEqual(['03-09', '03-16']);
    // Day buckets aligned elsewhere (another time zone's midnight) keep their time.
    expect(histogramLabels([local(2026, 3, 9, 8), local(2026, 3, 10, 8)], DAY)).toEqual(['03-09 08:00', '03-10 08:00']);
  });

  it('never repeats a label, even for the most buckets', () => {
    const labels = histogramLabels(series(local(2026, 3, 14, 12, 0), MINUTE, MAX_HISTOGRAM_BUCKETS), MINUTE);
    expect(new Set(labels).size).toBe(MAX_HISTOGRAM_BUCKETS);
  });
});

describe('histogramInterval', () => {
  it('picks at most 24 buckets without --interval', () => {
    expect(autoInterval(HOUR)).toBe('5m');
    expect(histogramInterval(undefined, 6 * HOUR)).toEqual({ interval: '15m', windowMs: 15 * MINUTE });
    expect(histogramInterval(undefined, 30 * DAY)).toEqual({ interval: '1d', windowMs: DAY });
  });

  it('sends the window in the form unify-query parses (units largest first, lower case)', () => {
    // unify-query reads windows with prometheus model.ParseDuration: `1w` is a week (7d to Elasticsearch).
    expect(histogramInterval('1w', 30 * DAY)).toEqual({ interval: '1w', windowMs: 7 * DAY });
    expect(histogramInterval('30m1h', DAY)).toEqual({ interval: '90m', windowMs: 90 * MINUTE });
    expect(histogramInterval('5M', HOUR)).toEqual({ interval: '5m', windowMs: 5 * MINUTE });
  });

  it(`refuses a window that makes more than ${MAX_HISTOGRAM_BUCKETS} buckets, naming the smallest that fits`, () => {
    expect(bucketCount(DAY, SECOND)).toBe(86_401);
    expect(() => histogramInterval('1s', DAY)).toThrow(UsageError);
    expect(() => histogramInterval('1s', DAY)).toThrow(
      '--interval 1s over the last 1d makes 86,401 buckets, more than the 2,000 a histogram may have: use --interval 1m or longer, or a shorter --since',
    );
    expect(() => histogramInterval('1m', 2 * DAY)).toThrow('use --interval 2m or longer');
    expect(histogramInterval('1m', DAY)).toEqual({ interval: '1m', windowMs: MINUTE });
    expect(() => histogramInterval('often', DAY)).toThrow("'often' is not a duration");
  });
});
