#!/usr/bin/env node
// The cluster-admin executable: everything but the exit status lives in cli.ts.
import { EXIT_BROKEN_PIPE } from '@x/cli-kit';
import { processIo } from './cli-io.js';
import { runClusterAdmin } from './cli.js';

// A closed stdout (`cluster-admin es list | head -1`): the output is lost, so the run failed; 141
// (128 + SIGPIPE) is what a shell reports for a writer killed by a closed pipe.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT_BROKEN_PIPE);
  throw error;
});

// Node 22 calls node:sqlite (the embedded sandbox's BKData SQL) experimental; that notice is noise
// to a CLI user. Every other warning is still shown.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name === 'ExperimentalWarning' && /sqlite/i.test(warning.message)) return;
  process.stderr.write(`cluster-admin: ${warning.name}: ${warning.message}\n`);
});

process.exitCode = await runClusterAdmin(process.argv.slice(2), processIo());
