/** The `step` values `auto` resolves to. */
export type UnifyQueryAutoStep = '1s' | '1m' | '5m' | '1h' | '1d';

const SECOND = 1000;
const HOUR = 3600 * SECOND;

/**
 * bklog's `auto` interval: `1s` up to 60 s of range, `1m` up to an hour, `5m` up to 6 hours,
 * `1h` up to 72 hours, else `1d`.
 * @example resolveAutoStep(Date.parse('2025-01-01T00:00Z'), Date.parse('2025-01-01T02:00Z')) // '5m'
 */
export function resolveAutoStep(startMs: number, endMs: number): UnifyQueryAutoStep {
  const range = Math.max(0, endMs - startMs);
  if (range <= 60 * SECOND) return '1s';
  if (range <= HOUR) return '1m';
  if (range <= 6 * HOUR) return '5m';
  if (range <= 72 * HOUR) return '1h';
  return '1d';
}
