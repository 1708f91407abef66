import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';

/** A stream the CLI writes to: stdout, stderr, or a buffer in tests. */
export type OutputStream = Writable & { readonly isTTY?: boolean | undefined; readonly columns?: number | undefined };

/** Where a password prompt reads from: stdin, or a stream in tests. */
export type InputStream = Readable & { readonly isTTY?: boolean | undefined; setRawMode?: ((mode: boolean) => unknown) | undefined };

/**
 * Everything a command touches outside its arguments, so that tests can run commands in-process
 * with buffers and a chosen environment.
 */
export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Where password prompts read from. */
  readonly stdin: InputStream;
  /** The environment the command reads (BlueKing settings, `BK_SANDBOX_URL`, `CLUSTER_PASSWORD`). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The real process as a {@link CliIo}. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}

const DEFAULT_COLUMNS = 120;

/** How wide a table on `stream` may be: the terminal's width, else `COLUMNS`, else 120. */
export function outputColumns(stream: OutputStream, env: CliIo['env']): number {
  if (stream.isTTY === true && stream.columns !== undefined && stream.columns > 0) return stream.columns;
  const fromEnvironment = Number(env.COLUMNS);
  return Number.isInteger(fromEnvironment) && fromEnvironment > 20 ? fromEnvironment : DEFAULT_COLUMNS;
}

/** Writes text to a stream, waiting for `drain` when its buffer is full (backpressure). */
export async function writeText(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}
