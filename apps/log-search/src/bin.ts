#!/usr/bin/env node
// The log-search executable: Ctrl+C and SIGTERM stop a command cleanly (an export keeps whole records).
import { processIo, runBin } from '@x/cli-kit';
import { runLogSearch } from './cli.js';

await runBin('log-search', (argv, signal) => runLogSearch(argv, processIo(signal)), { abortOnStopSignals: true });
