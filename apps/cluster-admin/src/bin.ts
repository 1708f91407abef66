#!/usr/bin/env node
// The cluster-admin executable: everything but the exit status lives in cli.ts.
import { processIo } from './cli-io.js';
import { runClusterAdmin } from './cli.js';

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await runClusterAdmin(process.argv.slice(2), processIo());
