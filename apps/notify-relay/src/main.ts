#!/usr/bin/env node
// The start command: `node dist/main.js [--port n] [--db path] [--redis-url url] [--sandbox]`.
import { startRelayCommand } from './relay-command.js';

function fail(message: string, code: number): never {
  process.stderr.write(`notify-relay: ${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  const outcome = await startRelayCommand(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
  if (outcome.kind === 'exit') {
    process.exitCode = outcome.code;
    return;
  }
  const { relay, logger } = outcome;
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      process.stderr.write(`notify-relay: ${signal} again, exiting without waiting\n`);
      process.exit(1);
    }
    stopping = true;
    logger.info(`${signal} received`);
    relay.close().then(
      () => process.exit(0),
      (error: unknown) => {
        fail(`shutdown failed: ${String(error)}`, 1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if ((error as { code?: unknown }).code === 'EADDRINUSE') fail(`the port is in use: pick another with --port or PORT (${String(error)})`, 1);
  fail(error instanceof Error ? (error.stack ?? error.message) : String(error), 1);
});
