import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** A stream the CLI writes to: stdout, stderr, or a buffer in tests. */
export type OutputStream = Writable & { readonly isTTY?: boolean | undefined; readonly columns?: number | undefined };

/**
 * Everything a command touches outside its arguments, so that tests can run commands in-process
 * with buffers and a chosen environment.
 */
export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** The environment the command reads (BlueKing settings, `BK_SANDBOX_URL`, `COLUMNS`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborted on Ctrl+C: long commands (exports) stop and clean up. */
  readonly signal?: AbortSignal | undefined;
  /** Epoch milliseconds; a test may pin it. @default Date.now */
  readonly now?: (() => number) | undefined;
}

/** The real process as a {@link CliIo}. */
export function processIo(signal?: AbortSignal): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, signal };
}

const DEFAULT_COLUMNS = 120;

/** How wide a table or chart on `stream` may be: the terminal's width, else `COLUMNS`, else 120. */
export function outputColumns(stream: OutputStream, env: CliIo['env']): number {
  if (stream.isTTY === true && stream.columns !== undefined && stream.columns > 0) return stream.columns;
  const fromEnvironment = Number(env.COLUMNS);
  return Number.isInteger(fromEnvironment) && fromEnvironment > 20 ? fromEnvironment : DEFAULT_COLUMNS;
}

/** Writes text to a stream, waiting for `drain` when its buffer is full (backpressure). */
export async function writeText(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}
