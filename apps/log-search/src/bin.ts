#!/usr/bin/env node
// The log-search executable: everything but signals and the exit status lives in cli.ts.
import { EXIT_BROKEN_PIPE, EXIT_INTERRUPTED, EXIT_TERMINATED } from '@x/cli-kit';
import { processIo } from './cli-io.js';
import { runLogSearch } from './cli.js';

const controller = new AbortController();
// Ctrl+C and SIGTERM stop a command the same way: an export closes its file after whole records
// and says how many it kept. A second signal does not wait.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (controller.signal.aborted) process.exit(signal === 'SIGTERM' ? EXIT_TERMINATED : EXIT_INTERRUPTED);
    controller.abort(signal);
  });
}
// `log-search ... | head`, or `--export -` into a reader that went away: the output is lost, so
// the run failed; 141 (128 + SIGPIPE) is what a shell reports for a writer killed by a closed pipe.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT_BROKEN_PIPE);
  throw error;
});

// Node 22 calls node:sqlite (the embedded sandbox's BKData SQL) experimental; that notice is noise
// to a CLI user. Every other warning is still shown.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name === 'ExperimentalWarning' && /sqlite/i.test(warning.message)) return;
  process.stderr.write(`log-search: ${warning.name}: ${warning.message}\n`);
});

process.exitCode = await runLogSearch(process.argv.slice(2), processIo(controller.signal));
