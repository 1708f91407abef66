import type { Readable } from 'node:stream';
import type { Environment, OutputStream } from '@x/cli-kit';

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
  readonly env: Environment;
}

/** The real process as a {@link CliIo}. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}
