import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Environment } from './environment.js';

/** A stream the CLI writes to: stdout, stderr, or a buffer in tests. */
export type OutputStream = Writable & { readonly isTTY?: boolean | undefined; readonly columns?: number | undefined };

const DEFAULT_COLUMNS = 120;

/** How wide a table or chart on `stream` may be: the terminal's width, else `COLUMNS`, else 120. */
export function outputColumns(stream: OutputStream, env: Environment): number {
  if (stream.isTTY === true && stream.columns !== undefined && stream.columns > 0) return stream.columns;
  const fromEnvironment = Number(env.COLUMNS);
  return Number.isInteger(fromEnvironment) && fromEnvironment > 20 ? fromEnvironment : DEFAULT_COLUMNS;
}

/** Writes text to a stream, waiting for `drain` when its buffer is full (backpressure). */
export async function writeText(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}
