#!/usr/bin/env node
// The start command: `node dist/main.js [--port n] [--db path] [--redis-url url] [--sandbox]`.
import { startNotifyRelay } from './notify-relay.js';
import { describeOptions, parseCommandLine, RelayConfigError, resolveRelayOptions, USAGE } from './relay-config.js';
import { createJsonLineLogger } from './relay-logger.js';

function fail(message: string, code: number): never {
  process.stderr.write(`notify-relay: ${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let options;
  try {
    const commandLine = parseCommandLine(process.argv.slice(2));
    if (commandLine.help) {
      process.stdout.write(USAGE);
      return;
    }
    options = resolveRelayOptions(commandLine, process.env);
  } catch (error) {
    if (error instanceof RelayConfigError) fail(`${error.message}\nRun with --help for the options.`, 2);
    throw error;
  }
  const logger = createJsonLineLogger(process.stdout);
  const relay = await startNotifyRelay({ ...options, logger });
  const lines = [
    `notify-relay listening on ${relay.url}`,
    `  ${describeOptions(options)}${relay.sandbox === undefined ? '' : ` (${relay.sandbox.apiHost})`}`,
    ...(relay.demoChatId === undefined ? [] : [`  demo WeCom chat for critical alerts: "chatid": "${relay.demoChatId}"`]),
    `  try: curl -s -X POST ${relay.url}/alerts -d '{"id":"disk-1","severity":"warning","title":"Disk almost full","content":"/data at 91%","receivers":["admin"]}'`,
    `       curl -s ${relay.url}/alerts/disk-1`,
    '  Ctrl+C stops it gracefully (in-flight sends finish, pending ones stay queued)',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

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
