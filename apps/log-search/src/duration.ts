import { parsePositiveInteger, UsageError } from '@x/cli-kit';

// The duration syntax (`--since`, `--timeout`) is shared with cluster-admin and lives in @x/cli-kit.
export { formatDuration, parseDuration, parsePositiveInteger } from '@x/cli-kit';

/** Parses a comma-separated list of index set ids (`42` or `42,43`); repeated flags add up. */
export function parseIndexSetIds(text: string, previous: readonly number[] = []): number[] {
  const ids = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => parsePositiveInteger(part, '--index-set'));
  if (ids.length === 0) throw new UsageError('--index-set needs at least one id, e.g. --index-set 42');
  return [...previous, ...ids];
}
