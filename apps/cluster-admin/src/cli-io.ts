import type { Readable } from 'node:stream';
import { processIo as processStreams } from '@x/cli-kit';
import type { CliIo as CliKitIo } from '@x/cli-kit';

/** Where a password prompt reads from: stdin, or a stream in tests. */
export type InputStream = Readable & { readonly isTTY?: boolean | undefined; setRawMode?: ((mode: boolean) => unknown) | undefined };

/**
 * Everything a command touches outside its arguments (streams and the environment, with
 * `CLUSTER_PASSWORD`: see `@x/cli-kit`), so that tests can run commands in-process with buffers
 * and a chosen environment.
 */
export interface CliIo extends CliKitIo {
  /** Where password prompts read from. */
  readonly stdin: InputStream;
}

/** The real process as a {@link CliIo}. */
export function processIo(): CliIo {
  return { ...processStreams(), stdin: process.stdin };
}
