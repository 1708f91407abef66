import type { CliIo } from '../cli-io.js';
import type { LogSearchTarget } from '../target.js';

/** What every command gets: where to write, the clients, and the output mode. */
export interface CommandContext {
  readonly io: CliIo;
  readonly target: Pick<LogSearchTarget, 'unifyQuery' | 'bkdata'>;
  /** `--json`: machine-readable output on stdout instead of tables. */
  readonly json: boolean;
  /** The width tables and charts may use. */
  readonly columns: number;
  /** Epoch milliseconds the time range ends at. */
  readonly now: number;
}

/** The time range and scope shared by search, histogram, export and fields. */
export interface ScopeOptions {
  readonly indexSetIds: readonly number[];
  /** Milliseconds before `now` the range starts. */
  readonly sinceMs: number;
  /** `bk_biz_id` (scope header `bkcc__<id>`). */
  readonly bkBizId: number;
}

/** Writes one JSON document and a newline. */
export function jsonLine(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}
