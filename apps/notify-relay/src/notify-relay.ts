import type { Server, ServerOptions } from 'node:http';
import { isIP } from 'node:net';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createRedactor } from '@x/errors';
import { DEFAULT_MAX_CONTENT_LENGTH } from './alert-schema.js';
import { createBullmqDeliveryQueue } from './bullmq-delivery-queue.js';
import type { ChannelSenders } from './channel-senders.js';
import type { DeliveryQueue } from './delivery-queue.js';
import { isTerminal } from './delivery-types.js';
import type { DeliveryRecord } from './delivery-types.js';
import { createDeliveryProcessor } from './delivery-worker.js';
import type { DeliveryRetryPolicy } from './delivery-worker.js';
import { createHttpApp } from './http-app.js';
import { createRelayMetrics } from './relay-metrics.js';
import type { RelayMetrics } from './relay-metrics.js';
import type { RelayLogger } from './relay-logger.js';
import { silentRelayLogger } from './relay-logger.js';
import { DEFAULT_ROUTING, parseRoutingTable } from './routing.js';
import type { RoutingTable } from './routing.js';
import { createSqliteDeliveryQueue } from './sqlite-delivery-queue.js';
import { RelayConfigError } from './relay-config-error.js';
import { resolveTarget } from './relay-target.js';
import type { RelayTarget, RelayTargetOptions } from './relay-target.js';

/** The SQLite file used when neither `dbPath` nor `redisUrl` is given. */
export const DEFAULT_DB_PATH = './.data/notify-relay.sqlite';

/**
 * Options of {@link startNotifyRelay}. Where messages go is chosen by the first of `senders`,
 * `clients`, `blueking`, `sandbox` that is given (`sandbox: true` starts an embedded sandbox,
 * closed with the relay); with none of them the relay does not start (a RelayConfigError naming
 * what to set): it never falls back to a sandbox by itself.
 *
 * @example
 * ```ts
 * const sandbox = await startSandbox();
 * const relay = await startNotifyRelay({ port: 0, sandbox, dbPath: ':memory:', demoChat: true });
 * await fetch(`${relay.url}/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'a-1', severity: 'critical', title: 'Disk full', content: '/data at 99%', receivers: ['admin'], chatid: relay.demoChatId }) });
 * ```
 */
export interface NotifyRelayOptions extends RelayTargetOptions {
  /**
   * TCP port; 0 picks a free one.
   * @default 8080
   */
  readonly port?: number | undefined;
  /**
   * Interface to listen on.
   * @default '127.0.0.1'
   */
  readonly host?: string | undefined;
  /**
   * The SQLite queue file (`':memory:'` for a throwaway one). Ignored with `redisUrl`.
   * @default './.data/notify-relay.sqlite'
   */
  readonly dbPath?: string | undefined;
  /** Use BullMQ on this Redis instead of SQLite, e.g. `redis://127.0.0.1:6379`. */
  readonly redisUrl?: string | undefined;
  /**
   * Key namespace in Redis; relays sharing Redis and prefix share their deliveries and work.
   * @default 'notify-relay'
   */
  readonly redisPrefix?: string | undefined;
  /**
   * Severity → channels.
   * @default DEFAULT_ROUTING (critical → voice, sms, wework; warning → mail, weixin; info → mail)
   */
  readonly routing?: RoutingTable | undefined;
  /**
   * The longest alert `content`, in characters; longer is a 400.
   * @default 4000
   */
  readonly maxContentLength?: number | undefined;
  /**
   * Sends in flight at once.
   * @default 4
   */
  readonly concurrency?: number | undefined;
  /** Backoff of the retries of failures that are safe to repeat. */
  readonly retry?: DeliveryRetryPolicy | undefined;
  /**
   * SQLite: how long a claimed job belongs to this process before another claim may take it
   * (crash recovery). BullMQ: the job lock. Keep it above `sendTimeoutMs`.
   * @default 60000 (SQLite), 30000 (BullMQ)
   */
  readonly leaseMs?: number | undefined;
  /**
   * SQLite: how often due jobs are looked for.
   * @default 250
   */
  readonly pollIntervalMs?: number | undefined;
  /**
   * On close, how long in-flight sends may take to finish.
   * @default 15000
   */
  readonly shutdownGraceMs?: number | undefined;
  /** Where the relay logs. @default silent */
  readonly logger?: RelayLogger | undefined;
  /**
   * The bearer token every route but `/healthz` requires (`Authorization: Bearer <token>`).
   * Required when `host` is not a loopback address; at least 16 characters.
   */
  readonly token?: string | undefined;
  /**
   * Host names the relay answers to (the `Host` header without its port; `Origin` too); anything
   * else is a 403 (DNS rebinding, cross-site requests).
   * @default the bind address (unless 0.0.0.0 / ::), 'localhost', '127.0.0.1' and '::1'
   */
  readonly allowedHosts?: readonly string[] | undefined;
  /**
   * How long a client may take to send the request headers; then 408 and the connection closes.
   * @default 5000
   */
  readonly headersTimeoutMs?: number | undefined;
  /**
   * How long a client may take to send the whole request (headers and body).
   * @default 10000
   */
  readonly requestTimeoutMs?: number | undefined;
  /**
   * Open connections at most; more are closed as they arrive.
   * @default 256
   */
  readonly maxConnections?: number | undefined;
  /**
   * BullMQ: start even when Redis does not persist every write (no AOF, or `appendfsync no`).
   * Without it the relay refuses such a Redis: an accepted alert could vanish when Redis restarts.
   * @default false
   */
  readonly acceptRedisDataLoss?: boolean | undefined;
  /**
   * BullMQ: how often channels whose job failed or vanished during a Redis outage are resolved
   * (also after every reconnect).
   * @default 30000
   */
  readonly reconcileIntervalMs?: number | undefined;
  /**
   * SQLite: how long a write waits for another process's lock before it fails.
   * @default 5000
   */
  readonly busyTimeoutMs?: number | undefined;
  /**
   * How long a worker retries recording an outcome it could not write (SQLite: a full disk or a
   * lock; BullMQ: Redis unavailable). SQLite: then it says it stopped taking work and keeps
   * retrying every second, claiming nothing new. BullMQ: then it leaves the channel to
   * reconciliation, which marks it `ambiguous` (never resent).
   * @default leaseMs / 2 (SQLite), 60000 (BullMQ)
   */
  readonly outcomeWriteTimeoutMs?: number | undefined;
  /**
   * How long an alert id and its content are kept. SQLite: finished deliveries accepted longer ago
   * are deleted (at start, then every tenth of the window, at most hourly). BullMQ: the delivery's
   * keys expire this long after acceptance (Redis TTLs), finished jobs too. Afterwards the id is
   * unknown (`404`) and may be used again.
   * @default 604800000 (7 days)
   */
  readonly retentionMs?: number | undefined;
}

/** Whether `host` is a loopback address or name (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (name === 'localhost') return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  return name === '::1' || name === '::ffff:127.0.0.1';
}

/** The default allow-list of `Host` names for a bind address. */
export function defaultAllowedHosts(bindHost: string): string[] {
  const names = ['localhost', '127.0.0.1', '::1'];
  const bind = bindHost
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (bind !== '0.0.0.0' && bind !== '::' && bind !== '' && !names.includes(bind)) names.push(bind);
  return names;
}

/** A running relay. */
export interface NotifyRelay {
  /** `http://host:port` */
  readonly url: string;
  readonly port: number;
  /** `sqlite` or `bullmq`. */
  readonly queueKind: DeliveryQueue['kind'];
  /** Where messages go. */
  readonly target: RelayTarget;
  /** The sandbox in use (started by the relay, or given), if any. */
  readonly sandbox: RelayTarget['sandbox'];
  /** A WeCom chat created for demos (`demoChat`), to use as `chatid`. */
  readonly demoChatId: string | undefined;
  /** The delivery of an alert id, as `GET /alerts/:id` shows it. */
  getDelivery(alertId: string): Promise<DeliveryRecord | undefined>;
  /**
   * Resolves once every channel of the alert is `sent` or `failed` (for demos and scripts).
   * @throws Error when that takes longer than `timeoutMs` (default 30000), naming the states.
   */
  waitForDelivery(alertId: string, timeoutMs?: number): Promise<DeliveryRecord>;
  /**
   * Graceful shutdown: stops taking alerts (503), closes the HTTP server, lets in-flight sends
   * finish (up to `shutdownGraceMs`), then closes the queue, the clients and a sandbox the relay
   * started. Pending and retrying channels stay in the queue for the next start. Safe to call twice.
   */
  close(): Promise<void>;
}

async function listen(server: Server): Promise<AddressInfo> {
  if (!server.listening) {
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error): void => {
        reject(error);
      };
      server.once('error', onError);
      server.once('listening', () => {
        server.off('error', onError);
        resolve();
      });
    });
  }
  return server.address() as AddressInfo;
}

async function closeServer(server: Server): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
    server.closeIdleConnections();
  });
}

/**
 * Starts the relay: the queue (SQLite, or BullMQ with `redisUrl`), its worker, and the HTTP API.
 *
 * @example
 * ```ts
 * import { startNotifyRelay } from 'notify-relay';
 *
 * const relay = await startNotifyRelay({ port: 0, sandbox: true }); // embedded sandbox, ./.data/notify-relay.sqlite
 * console.log(relay.url, relay.demoChatId);
 * await relay.close();
 * ```
 */
export async function startNotifyRelay(options: NotifyRelayOptions = {}): Promise<NotifyRelay> {
  const logger = options.logger ?? silentRelayLogger;
  const routing = options.routing === undefined ? DEFAULT_ROUTING : parseRoutingTable(options.routing);
  const bindHost = options.host ?? '127.0.0.1';
  if (options.token !== undefined && options.token.length < 16) throw new RelayConfigError('the token (NOTIFY_RELAY_TOKEN) must be at least 16 characters');
  if (options.token === undefined && !isLoopbackHost(bindHost)) {
    throw new RelayConfigError(
      `refusing to listen on ${bindHost} without a token: anyone who reaches it could send SMS and voice calls; set NOTIFY_RELAY_TOKEN (or bind to 127.0.0.1)`,
    );
  }
  const allowedHosts = options.allowedHosts ?? defaultAllowedHosts(bindHost);
  const target = await resolveTarget(options, logger);
  let queue: DeliveryQueue | undefined;
  let metrics: RelayMetrics | undefined;
  try {
    queue =
      options.redisUrl === undefined
        ? createSqliteDeliveryQueue({
            path: options.dbPath ?? DEFAULT_DB_PATH,
            concurrency: options.concurrency,
            leaseMs: options.leaseMs,
            pollIntervalMs: options.pollIntervalMs,
            busyTimeoutMs: options.busyTimeoutMs,
            outcomeWriteTimeoutMs: options.outcomeWriteTimeoutMs,
            retentionMs: options.retentionMs,
            logger,
          })
        : createBullmqDeliveryQueue({
            url: options.redisUrl,
            prefix: options.redisPrefix,
            concurrency: options.concurrency,
            lockDurationMs: options.leaseMs,
            acceptDataLoss: options.acceptRedisDataLoss,
            reconcileIntervalMs: options.reconcileIntervalMs,
            outcomeWriteTimeoutMs: options.outcomeWriteTimeoutMs,
            retentionMs: options.retentionMs,
            logger,
          });
    const senders: ChannelSenders = target.senders;
    metrics = createRelayMetrics(queue);
    await queue.start(
      metrics.measure(createDeliveryProcessor({ senders, retry: options.retry, redactor: createRedactor({ secrets: target.secrets }), logger })),
    );
  } catch (error) {
    await queue?.close({ graceMs: 0 });
    await target.close();
    throw error;
  }
  const startedQueue = queue;
  const startedMetrics = metrics;
  let accepting = true;
  const app = createHttpApp({
    queue: startedQueue,
    routing,
    maxContentLength: options.maxContentLength ?? DEFAULT_MAX_CONTENT_LENGTH,
    isAccepting: () => accepting,
    token: options.token,
    allowedHosts,
    metrics: startedMetrics.registry,
    logger,
  });
  const headersTimeout = options.headersTimeoutMs ?? 5_000;
  const requestTimeout = Math.max(options.requestTimeoutMs ?? 10_000, headersTimeout);
  // Slow clients (slowloris) are cut after these; the check runs at a tenth of the header timeout.
  const serverOptions: ServerOptions = {
    headersTimeout,
    requestTimeout,
    connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(headersTimeout / 10))),
    keepAliveTimeout: 5_000,
  };
  const server = serve({ fetch: app.fetch, port: options.port ?? 8080, hostname: bindHost, serverOptions }) as Server;
  server.maxConnections = options.maxConnections ?? 256;
  let address: AddressInfo;
  try {
    address = await listen(server);
  } catch (error) {
    await startedQueue.close({ graceMs: 0 });
    await target.close();
    throw error;
  }
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info('notify-relay listening', {
    url,
    queue: startedQueue.kind,
    target: target.kind,
    apiHost: target.apiHost,
    token: options.token !== undefined,
    allowedHosts,
  });
  let closing: Promise<void> | undefined;
  return {
    url,
    port: address.port,
    queueKind: startedQueue.kind,
    target,
    sandbox: target.sandbox,
    demoChatId: target.demoChatId,
    getDelivery: (alertId) => startedQueue.get(alertId),
    waitForDelivery: async (alertId, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const delivery = await startedQueue.get(alertId);
        if (delivery?.channels.every((channel) => isTerminal(channel.state)) === true) return delivery;
        if (Date.now() > deadline) {
          const states = delivery === undefined ? 'unknown alert' : delivery.channels.map((channel) => `${channel.channel}=${channel.state}`).join(', ');
          throw new Error(`delivery of alert ${alertId} not finished after ${timeoutMs} ms (${states})`);
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    close: () => {
      closing ??= (async () => {
        accepting = false;
        logger.info('shutting down: no new alerts, finishing in-flight sends');
        await closeServer(server);
        await startedQueue.close({ graceMs: options.shutdownGraceMs });
        await target.close();
        logger.info('notify-relay stopped');
      })();
      return closing;
    },
  };
}
