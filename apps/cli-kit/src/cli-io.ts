import type { Environment } from './environment.js';
import type { OutputStream } from './output.js';

/**
 * Everything a CLI run touches outside its arguments, so that tests can run a command line
 * in-process with buffers and a chosen environment. An app adds what is its own (a prompt's
 * stdin, a pinned clock).
 */
export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** The environment the run reads (BlueKing settings, `BK_SANDBOX_URL`, `COLUMNS`). */
  readonly env: Environment;
  /**
   * Aborted by Ctrl+C or SIGTERM when the executable stops commands itself ({@link runBin}'s
   * `abortOnStopSignals`): a long command (an export) stops and cleans up, and a run that fails
   * once it is aborted is reported as interrupted (130, 143).
   */
  readonly signal?: AbortSignal | undefined;
}

/** The real process as a {@link CliIo}; `signal` is the one {@link runBin} hands to its run. */
export function processIo(signal?: AbortSignal): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, signal };
}
