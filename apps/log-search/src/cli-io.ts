import type { Environment, OutputStream } from '@x/cli-kit';

/**
 * Everything a command touches outside its arguments, so that tests can run commands in-process
 * with buffers and a chosen environment.
 */
export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** The environment the command reads (BlueKing settings, `BK_SANDBOX_URL`, `COLUMNS`). */
  readonly env: Environment;
  /** Aborted on Ctrl+C: long commands (exports) stop and clean up. */
  readonly signal?: AbortSignal | undefined;
  /** Epoch milliseconds; a test may pin it. @default Date.now */
  readonly now?: (() => number) | undefined;
}

/** The real process as a {@link CliIo}. */
export function processIo(signal?: AbortSignal): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, signal };
}
