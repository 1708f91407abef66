import type { Writable } from 'node:stream';
import { RedisQueueError } from './bullmq-delivery-queue.js';
import { startNotifyRelay } from './notify-relay.js';
import type { NotifyRelay } from './notify-relay.js';
import { describeOptions, parseCommandLine, RelayConfigError, resolveRelayOptions, USAGE } from './relay-config.js';
import { createJsonLineLogger } from './relay-logger.js';
import type { RelayLogger } from './relay-logger.js';

/** What the start command writes to and reads. */
export interface RelayCommandIo {
  /** The banner and the JSON-line log. */
  readonly stdout: Writable;
  /** Configuration errors. */
  readonly stderr: Writable;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** How the start command ended: an exit status now, or a relay that runs until a signal. */
export type RelayCommandOutcome =
  { readonly kind: 'exit'; readonly code: number } | { readonly kind: 'running'; readonly relay: NotifyRelay; readonly logger: RelayLogger };

/**
 * The start command without the process around it (`node dist/main.js [options]`): `--help`
 * (exit 0), a configuration problem (exit 2, before anything is opened: no queue file, no
 * connection, no log line), or a running relay with its banner printed.
 */
export async function startRelayCommand(argv: readonly string[], io: RelayCommandIo): Promise<RelayCommandOutcome> {
  let options;
  try {
    const commandLine = parseCommandLine(argv);
    if (commandLine.help) {
      io.stdout.write(USAGE);
      return { kind: 'exit', code: 0 };
    }
    options = resolveRelayOptions(commandLine, io.env);
  } catch (error) {
    if (error instanceof RelayConfigError) {
      io.stderr.write(`notify-relay: ${error.message}\nRun with --help for the options.\n`);
      return { kind: 'exit', code: 2 };
    }
    throw error;
  }
  const logger = createJsonLineLogger(io.stdout);
  let relay;
  try {
    relay = await startNotifyRelay({ ...options, logger });
  } catch (error) {
    // Refused at start (no token on a public address, a Redis that loses writes or refuses us):
    // the messages name the setting and hold no secret.
    if (error instanceof RelayConfigError || error instanceof RedisQueueError) {
      io.stderr.write(`notify-relay: ${error.message}\n`);
      return { kind: 'exit', code: 2 };
    }
    throw error;
  }
  const auth = options.token === undefined ? '' : ` -H "Authorization: Bearer $NOTIFY_RELAY_TOKEN"`;
  const lines = [
    `notify-relay listening on ${relay.url}`,
    `  ${describeOptions(options)}${relay.sandbox === undefined ? '' : ` (${relay.sandbox.apiHost})`}`,
    ...(relay.demoChatId === undefined ? [] : [`  demo WeCom chat for critical alerts: "chatid": "${relay.demoChatId}"`]),
    `  try: curl -s -X POST ${relay.url}/alerts -H 'content-type: application/json'${auth} -d '{"id":"disk-1","severity":"warning","title":"Disk almost full","content":"/data at 91%","receivers":["admin"]}'`,
    `       curl -s${auth} ${relay.url}/alerts/disk-1`,
    '  Ctrl+C stops it gracefully (in-flight sends finish, pending ones stay queued)',
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
  return { kind: 'running', relay, logger };
}
