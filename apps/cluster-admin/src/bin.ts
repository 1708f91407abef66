#!/usr/bin/env node
// The cluster-admin executable: everything but the exit status lives in cli.ts.
import { processIo } from './cli-io.js';
import { runClusterAdmin } from './cli.js';

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
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
