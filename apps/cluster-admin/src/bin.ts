#!/usr/bin/env node
// The cluster-admin executable. Ctrl+C ends it at once, except at the password prompt (read as a key there).
import { runBin } from '@x/cli-kit';
import { processIo } from './cli-io.js';
import { runClusterAdmin } from './cli.js';

await runBin('cluster-admin', (argv) => runClusterAdmin(argv, processIo()));
