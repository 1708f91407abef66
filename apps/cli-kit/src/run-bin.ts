import { EXIT_BROKEN_PIPE, EXIT_INTERRUPTED, EXIT_TERMINATED } from './failure-report.js';

/** How {@link runBin} treats the process. */
export interface BinOptions {
  /**
   * SIGINT (Ctrl+C) and SIGTERM abort the signal handed to `run` instead of ending the process,
   * so that a command stops cleanly (an export closes its file after whole records and says how
   * many it kept); a second one ends the process at once, with 130 or 143. Without it, both end
   * the process as Node does by default.
   * @default false
   */
  readonly abortOnStopSignals?: boolean | undefined;
}

// A closed stdout (`… | head -1`, or `--export -` into a reader that went away): the output is
// lost, so the run failed; 141 (128 + SIGPIPE) is what a shell reports for a writer killed by a
// closed pipe.
function exitOnBrokenPipe(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT_BROKEN_PIPE);
    throw error;
  });
}

// Node 22 calls node:sqlite (the embedded sandbox's BKData SQL) experimental; that notice is noise
// to a CLI user. Every other warning is still shown, under the program's name.
function showWarningsButSqlite(name: string): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name === 'ExperimentalWarning' && /sqlite/i.test(warning.message)) return;
    process.stderr.write(`${name}: ${warning.name}: ${warning.message}\n`);
  });
}

// Ctrl+C and SIGTERM stop a command the same way; a second signal does not wait.
function abortOnStopSignals(): AbortSignal {
  const controller = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (controller.signal.aborted) process.exit(signal === 'SIGTERM' ? EXIT_TERMINATED : EXIT_INTERRUPTED);
      controller.abort(signal);
    });
  }
  return controller.signal;
}

/**
 * The body of a CLI's executable (`src/bin.ts`): exits 141 when stdout is closed under it (EPIPE),
 * hides Node's sqlite ExperimentalWarning and prints other warnings as `name: Warning: …`, then
 * sets the exit status to what `run` returns for the command line (`process.argv` without `node`
 * and the script). `signal` is aborted by SIGINT or SIGTERM with `abortOnStopSignals`, else
 * undefined.
 * @example
 * await runBin('log-search', (argv, signal) => runLogSearch(argv, processIo(signal)), { abortOnStopSignals: true });
 */
export async function runBin(
  name: string,
  run: (argv: readonly string[], signal: AbortSignal | undefined) => Promise<number>,
  options: BinOptions = {},
): Promise<void> {
  const signal = options.abortOnStopSignals === true ? abortOnStopSignals() : undefined;
  exitOnBrokenPipe();
  showWarningsButSqlite(name);
  process.exitCode = await run(process.argv.slice(2), signal);
}
