#!/usr/bin/env node
import { CliUsageError, runCli, USAGE } from '../cli/run-cli.js';

// The bin is a thin shell around runCli, which the tests drive in-process.
try {
  const running = await runCli(process.argv.slice(2), {
    write: (text) => process.stdout.write(text),
    onSignal: (signal, listener) => process.once(signal, listener),
  });
  if (running !== undefined) {
    await running.stopped;
    process.exitCode = 0;
  }
} catch (error) {
  process.stderr.write(`x-sandbox: ${error instanceof Error ? error.message : String(error)}\n`);
  if (error instanceof CliUsageError) process.stderr.write(USAGE);
  process.exitCode = error instanceof CliUsageError ? 2 : 1;
}
