import { parseArgs } from 'node:util';
import { APP_CODE_ENV_VARIABLES, APP_SECRET_ENV_VARIABLES } from '@x/core-client';
import { DEFAULT_DB_PATH } from './notify-relay.js';
import { MISSING_TARGET_MESSAGE } from './relay-target.js';
import type { NotifyRelayOptions } from './notify-relay.js';
import { RelayConfigError, refuseUrlCredentials } from './relay-config-error.js';
import { parseRoutingTable } from './routing.js';

export { RelayConfigError } from './relay-config-error.js';

/** The `--help` text of the start command. */
export const USAGE = `notify-relay — fans alerts out to CMSI and WeCom with durable, duplicate-free delivery

Usage: node dist/main.js [options]        (or: pnpm start -- [options])

Options:
  --port <n>         TCP port (env PORT, default 8080; 0 picks a free one)
  --host <address>   interface to listen on (env HOST, default 127.0.0.1)
  --db <path>        SQLite queue file (env NOTIFY_RELAY_DB, default ${DEFAULT_DB_PATH})
  --redis-url <url>  use BullMQ on Redis instead of SQLite (env REDIS_URL)
  --sandbox          send to an embedded BlueKing sandbox (env NOTIFY_RELAY_SANDBOX=1), even
                     when BK_* variables are set; never implied
  --accept-redis-data-loss
                     BullMQ: start even when Redis does not persist every write (env
                     NOTIFY_RELAY_ACCEPT_REDIS_DATA_LOSS=1); without it such a Redis is refused
  -h, --help         show this text

Where messages go:
  a BlueKing deployment       BK_COMPONENT_API_URL (or BK_API_HOST), BK_APP_CODE, BK_APP_SECRET,
                              BKAPP_USE_APIGW=true for API gateway URLs (stage: BKPAAS_ENVIRONMENT,
                              default prod), BK_USERNAME (the user sends act for, default admin),
                              BK_TENANT_ID (multi-tenant deployments)
  an embedded sandbox         --sandbox or NOTIFY_RELAY_SANDBOX=1 (demo data, nothing leaves 127.0.0.1)
  neither                     the relay does not start (exit 2) and names the variables to set;
                              an API host with user:password@ is refused the same way

Access (environment):
  NOTIFY_RELAY_TOKEN              bearer token every route but /healthz requires (at least 16
                                  characters); required to listen on a non-loopback address
  NOTIFY_RELAY_ALLOWED_HOSTS      comma-separated Host names answered (default: the bind address,
                                  localhost, 127.0.0.1, ::1); others get 403
  NOTIFY_RELAY_HEADERS_TIMEOUT_MS time to send the request headers (default 5000)
  NOTIFY_RELAY_REQUEST_TIMEOUT_MS time to send the whole request (default 10000)
  NOTIFY_RELAY_MAX_CONNECTIONS    open connections at most (default 256)

Tuning (environment):
  NOTIFY_RELAY_ROUTING            JSON severity → channels, e.g. {"critical":["sms","wework"],"info":["mail"]}
                                  channels: voice, sms, mail, weixin, wework
  NOTIFY_RELAY_MAX_CONTENT_LENGTH longest alert content in characters (default 4000)
  NOTIFY_RELAY_CONCURRENCY        sends in flight at once (default 4)
  NOTIFY_RELAY_SEND_TIMEOUT_MS    per send; an unanswered send counts as ambiguous (default 10000)
  NOTIFY_RELAY_MAX_ATTEMPTS       attempts per channel for retryable failures (default 5)
  NOTIFY_RELAY_WEWORK_MSGTYPE     markdown (default) or text
  NOTIFY_RELAY_REDIS_PREFIX       Redis key namespace (default notify-relay)
  NOTIFY_RELAY_RETENTION_DAYS     days an alert id and its content are kept (default 7)
  NOTIFY_RELAY_LEASE_MS           how long a send may run before a crashed worker's job is taken
                                  again (SQLite lease, default 60000; BullMQ lock, default 30000)

API:
  POST /alerts      Content-Type: application/json, Authorization: Bearer <token> (when set)
                    {"id","severity","title","content","receivers":[...],"chatid"?} → 202 {deliveryId, channels}
  GET  /alerts/:id  each channel's state (pending, sending, retrying, sent, failed) and attempts
  GET  /alerts?state=failed&limit=50                 the newest deliveries with a channel in that state
  POST /alerts/:id/channels/:channel/resend          resend a channel that ended failed/ambiguous
  GET  /healthz
`;

/** What the command line asked for. */
export type CommandLine =
  | { readonly help: true }
  | {
      readonly help: false;
      readonly port?: string | undefined;
      readonly host?: string | undefined;
      readonly db?: string | undefined;
      readonly redisUrl?: string | undefined;
      readonly sandbox: boolean;
      readonly acceptRedisDataLoss?: boolean | undefined;
    };

/** Parses the start command's arguments; unknown options are a {@link RelayConfigError}. */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  let parsed;
  try {
    parsed = parseArgs({
      // `pnpm start -- --port 0` passes the `--` on; it separates nothing here.
      args: argv[0] === '--' ? argv.slice(1) : [...argv],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        db: { type: 'string' },
        'redis-url': { type: 'string' },
        sandbox: { type: 'boolean', default: false },
        'accept-redis-data-loss': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new RelayConfigError(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  if (values.help) return { help: true };
  return {
    help: false,
    port: values.port,
    host: values.host,
    db: values.db,
    redisUrl: values['redis-url'],
    sandbox: values.sandbox,
    acceptRedisDataLoss: values['accept-redis-data-loss'],
  };
}

type Environment = Readonly<Record<string, string | undefined>>;

function read(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function integer(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) throw new RelayConfigError(`${name} must be an integer from ${min} to ${max}, got "${value}"`);
  return number;
}

/** The variables naming the BlueKing API host, first match wins. */
const API_HOST_VARIABLES = ['BK_COMPONENT_API_URL', 'BK_API_HOST'] as const;

/** The variable that asks for an embedded sandbox, like `--sandbox`. */
export const SANDBOX_ENV_VARIABLE = 'NOTIFY_RELAY_SANDBOX';

// 1/true/yes is on, 0/false/no (or unset) is off.
function flag(env: Environment, name: string): boolean {
  const value = read(env, name)?.toLowerCase();
  if (value === undefined || ['0', 'false', 'no'].includes(value)) return false;
  if (['1', 'true', 'yes'].includes(value)) return true;
  throw new RelayConfigError(`${name} must be 1 or 0 (true/false, yes/no), got "${value}"`);
}

const sandboxRequested = (env: Environment): boolean => flag(env, SANDBOX_ENV_VARIABLE);

function firstOf(env: Environment, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = read(env, name);
    if (value !== undefined) return value;
  }
  return undefined;
}

/**
 * The relay options for a command line and an environment (see {@link USAGE}). Checks what it
 * can before anything starts, naming the option or variable at fault.
 */
export function resolveRelayOptions(commandLine: Extract<CommandLine, { help: false }>, env: Environment): NotifyRelayOptions {
  const routingJson = read(env, 'NOTIFY_RELAY_ROUTING');
  let routing;
  if (routingJson !== undefined) {
    try {
      routing = parseRoutingTable(JSON.parse(routingJson));
    } catch (error) {
      throw new RelayConfigError(`NOTIFY_RELAY_ROUTING: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const weworkMessageType = read(env, 'NOTIFY_RELAY_WEWORK_MSGTYPE');
  if (weworkMessageType !== undefined && weworkMessageType !== 'markdown' && weworkMessageType !== 'text') {
    throw new RelayConfigError(`NOTIFY_RELAY_WEWORK_MSGTYPE must be markdown or text, got "${weworkMessageType}"`);
  }
  const maxAttempts = integer(read(env, 'NOTIFY_RELAY_MAX_ATTEMPTS'), 'NOTIFY_RELAY_MAX_ATTEMPTS', 1, 100);
  const retentionDays = integer(read(env, 'NOTIFY_RELAY_RETENTION_DAYS'), 'NOTIFY_RELAY_RETENTION_DAYS', 1, 3650);
  const options: NotifyRelayOptions = {
    port: integer(commandLine.port ?? read(env, 'PORT'), commandLine.port === undefined ? 'PORT' : '--port', 0, 65_535) ?? 8080,
    host: commandLine.host ?? read(env, 'HOST') ?? '127.0.0.1',
    dbPath: commandLine.db ?? read(env, 'NOTIFY_RELAY_DB') ?? DEFAULT_DB_PATH,
    redisUrl: commandLine.redisUrl ?? read(env, 'REDIS_URL'),
    redisPrefix: read(env, 'NOTIFY_RELAY_REDIS_PREFIX'),
    routing,
    maxContentLength: integer(read(env, 'NOTIFY_RELAY_MAX_CONTENT_LENGTH'), 'NOTIFY_RELAY_MAX_CONTENT_LENGTH', 1, 1_000_000),
    concurrency: integer(read(env, 'NOTIFY_RELAY_CONCURRENCY'), 'NOTIFY_RELAY_CONCURRENCY', 1, 256),
    sendTimeoutMs: integer(read(env, 'NOTIFY_RELAY_SEND_TIMEOUT_MS'), 'NOTIFY_RELAY_SEND_TIMEOUT_MS', 100, 600_000),
    retry: maxAttempts === undefined ? undefined : { maxAttempts },
    weworkMessageType,
    token: read(env, 'NOTIFY_RELAY_TOKEN'),
    allowedHosts: read(env, 'NOTIFY_RELAY_ALLOWED_HOSTS')
      ?.split(',')
      .map((host) => host.trim())
      .filter((host) => host !== ''),
    headersTimeoutMs: integer(read(env, 'NOTIFY_RELAY_HEADERS_TIMEOUT_MS'), 'NOTIFY_RELAY_HEADERS_TIMEOUT_MS', 100, 300_000),
    requestTimeoutMs: integer(read(env, 'NOTIFY_RELAY_REQUEST_TIMEOUT_MS'), 'NOTIFY_RELAY_REQUEST_TIMEOUT_MS', 100, 600_000),
    maxConnections: integer(read(env, 'NOTIFY_RELAY_MAX_CONNECTIONS'), 'NOTIFY_RELAY_MAX_CONNECTIONS', 1, 100_000),
    leaseMs: integer(read(env, 'NOTIFY_RELAY_LEASE_MS'), 'NOTIFY_RELAY_LEASE_MS', 1_000, 3_600_000),
    retentionMs: retentionDays === undefined ? undefined : retentionDays * 24 * 3600 * 1000,
    acceptRedisDataLoss: commandLine.acceptRedisDataLoss === true || flag(env, 'NOTIFY_RELAY_ACCEPT_REDIS_DATA_LOSS'),
  };
  if (commandLine.sandbox || sandboxRequested(env)) return { ...options, sandbox: true };
  const hostVariable = API_HOST_VARIABLES.find((name) => read(env, name) !== undefined);
  const apiHost = hostVariable === undefined ? undefined : read(env, hostVariable);
  if (hostVariable === undefined || apiHost === undefined) throw new RelayConfigError(MISSING_TARGET_MESSAGE);
  refuseUrlCredentials(apiHost, hostVariable);
  const appCode = firstOf(env, APP_CODE_ENV_VARIABLES);
  const appSecret = firstOf(env, APP_SECRET_ENV_VARIABLES);
  if (appCode === undefined) throw new RelayConfigError(`a BlueKing API host is set but no app code: set ${APP_CODE_ENV_VARIABLES.join(' or ')}`);
  if (appSecret === undefined) throw new RelayConfigError(`a BlueKing API host is set but no app secret: set ${APP_SECRET_ENV_VARIABLES.join(' or ')}`);
  return {
    ...options,
    blueking: {
      apiHost,
      appCode,
      appSecret,
      gatewayMode: read(env, 'BKAPP_USE_APIGW')?.toLowerCase() === 'true' ? 'gateway' : 'legacy',
      stage: read(env, 'BKPAAS_ENVIRONMENT') ?? 'prod',
      username: read(env, 'BK_USERNAME') ?? 'admin',
      tenantId: read(env, 'BK_TENANT_ID'),
    },
  };
}

/** One line saying where the relay sends and queues, for the start banner (no secrets). */
export function describeOptions(options: NotifyRelayOptions): string {
  const queue = options.redisUrl === undefined ? `SQLite ${options.dbPath ?? DEFAULT_DB_PATH}` : `BullMQ on ${redactUrl(options.redisUrl)}`;
  const target =
    options.blueking === undefined
      ? 'the embedded sandbox'
      : `BlueKing at ${options.blueking.apiHost} (${options.blueking.gatewayMode ?? 'legacy'}${options.blueking.gatewayMode === 'gateway' ? `, stage ${options.blueking.stage ?? 'prod'}` : ''}, app ${options.blueking.appCode ?? '?'})`;
  return `queue: ${queue}; messages: ${target}`;
}

/** A URL without its password. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(invalid URL)';
  }
}
