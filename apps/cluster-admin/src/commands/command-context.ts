import type { CliIo } from '../cli-io.js';

/** What every command gets: where to write and the output mode. */
export interface CommandContext {
  readonly io: CliIo;
  /** `--json`: machine-readable output on stdout instead of tables. */
  readonly json: boolean;
  /** The width tables may use. */
  readonly columns: number;
}

/** One JSON document and a newline. */
export function jsonLine(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

/** Milliseconds with two decimals: `0.42 ms`, `12.3 ms`. */
export function formatMilliseconds(milliseconds: number): string {
  return `${milliseconds < 10 ? milliseconds.toFixed(2) : milliseconds.toFixed(1)} ms`;
}
