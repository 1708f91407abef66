import type { CliIo as CliKitIo } from '@x/cli-kit';

/**
 * Everything a command touches outside its arguments (streams, environment, the stop signal of
 * Ctrl+C and SIGTERM: see `@x/cli-kit`), so that tests can run commands in-process with buffers
 * and a chosen environment.
 */
export interface CliIo extends CliKitIo {
  /** Epoch milliseconds; a test may pin it. @default Date.now */
  readonly now?: (() => number) | undefined;
}

/** The real process as a {@link CliIo}, `signal` aborted on Ctrl+C and SIGTERM. */
export { processIo } from '@x/cli-kit';
