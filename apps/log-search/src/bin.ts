#!/usr/bin/env node
// The log-search executable: everything but signals and the exit status lives in cli.ts.
import { processIo } from './cli-io.js';
import { runLogSearch } from './cli.js';

const controller = new AbortController();
process.on('SIGINT', () => {
  // The first Ctrl+C stops an export cleanly (the file is closed); a second one does not wait.
  if (controller.signal.aborted) process.exit(130);
  controller.abort();
});
// `log-search ... | head`: a closed pipe is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
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
