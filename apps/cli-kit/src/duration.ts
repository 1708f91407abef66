import { UsageError } from './usage-error.js';

const UNIT_MILLISECONDS: Readonly<Record<string, number>> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * Parses a duration such as `90s`, `15m`, `1h`, `2d`, `1w` or `1h30m` into milliseconds: the
 * syntax of log-search's `--since` and of `--timeout` in both CLIs.
 * @throws UsageError for anything else (a bare number, an unknown unit, zero).
 */
export function parseDuration(text: string): number {
  const trimmed = text.trim().toLowerCase();
  if (!/^(\d+[smhdw])+$/.test(trimmed)) throw new UsageError(`'${text}' is not a duration: use a number and a unit, e.g. 30s, 15m, 1h, 2d, 1w or 1h30m`);
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)([smhdw])/g)) total += Number(amount) * (UNIT_MILLISECONDS[unit ?? ''] ?? 0);
  if (total <= 0) throw new UsageError(`'${text}' is an empty time range: give a duration above zero`);
  return total;
}

/** Formats milliseconds as the largest exact unit: 3600000 → `1h`, 90000 → `90s`. */
export function formatDuration(milliseconds: number): string {
  for (const [unit, size] of Object.entries(UNIT_MILLISECONDS).reverse()) if (milliseconds % size === 0) return `${milliseconds / size}${unit}`;
  return `${milliseconds}ms`;
}

/** Parses a positive integer option value (`--limit`, `--biz`, ids); `what` names it in the error. */
export function parsePositiveInteger(text: string, what: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value <= 0) throw new UsageError(`${what} must be a positive integer, got '${text}'`);
  return value;
}
