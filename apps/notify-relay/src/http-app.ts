import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Registry } from 'prom-client';
import { createAlertSchema, describeIssues, formatIssues } from './alert-schema.js';
import type { Alert } from './alert-schema.js';
import type { DeliveryQueue } from './delivery-queue.js';
import type { ChannelState, DeliveryRecord } from './delivery-types.js';
import type { RelayLogger } from './relay-logger.js';
import { silentRelayLogger } from './relay-logger.js';
import { CHANNELS, channelsFor } from './routing.js';
import type { Channel, RoutingTable } from './routing.js';

const CHANNEL_STATES: readonly ChannelState[] = ['pending', 'sending', 'retrying', 'sent', 'failed'];
/** The most deliveries `GET /alerts` lists at once. */
const MAX_LIST_LIMIT = 500;

/** Options of {@link createHttpApp}. */
export interface HttpAppOptions {
  readonly queue: DeliveryQueue;
  readonly routing: RoutingTable;
  readonly maxContentLength: number;
  /** False once shutdown began: new alerts get 503. */
  readonly isAccepting: () => boolean;
  /**
   * The bearer token every route but `/healthz` requires (`Authorization: Bearer <token>`);
   * undefined: no token (only allowed on a loopback address).
   */
  readonly token?: string | undefined;
  /**
   * Host names (`Host` header without its port) the relay answers to; anything else is a 403,
   * which stops DNS rebinding. An `Origin` header must name one of them too.
   */
  readonly allowedHosts: readonly string[];
  /** Served at `GET /metrics` (Prometheus text format), behind the token like every route. */
  readonly metrics?: Registry | undefined;
  readonly logger?: RelayLogger | undefined;
}

/** The answer to `POST /alerts`. */
export interface AlertAccepted {
  readonly deliveryId: string;
  readonly alertId: string;
  readonly channels: readonly string[];
  /** True when the alert id was known: nothing was enqueued again. */
  readonly duplicate: boolean;
  /** Where the delivery's state is shown (`/alerts/<id>`). */
  readonly statusUrl: string;
}

function problem(c: Context, status: 400 | 404 | 409 | 413 | 415 | 500 | 503, error: string, message: string, extra: Record<string, unknown> = {}): Response {
  return c.json({ error, message, ...extra }, status);
}

/** A stable hash of what the alert says, to tell a retried POST from another alert with the same id. */
function fingerprint(alert: Alert): string {
  const canonical = { ...alert, receivers: [...alert.receivers] };
  return createHash('sha256')
    .update(JSON.stringify(canonical, Object.keys(canonical).sort()))
    .digest('hex');
}

function accepted(delivery: DeliveryRecord, duplicate: boolean): AlertAccepted {
  return {
    deliveryId: delivery.deliveryId,
    alertId: delivery.alertId,
    channels: delivery.channels.map((channel) => channel.channel),
    duplicate,
    statusUrl: `/alerts/${encodeURIComponent(delivery.alertId)}`,
  };
}

/** The host name of a `Host` header (`name`, `name:port`, `[v6]:port`), lowercased. */
export function hostName(host: string): string {
  const trimmed = host.trim().toLowerCase();
  if (trimmed.startsWith('[')) return trimmed.includes(']') ? trimmed.slice(1, trimmed.indexOf(']')) : trimmed.slice(1);
  const colon = trimmed.lastIndexOf(':');
  // A bare IPv6 address (an allow-list entry): no port to strip.
  if (trimmed.indexOf(':') !== colon) return trimmed;
  return colon === -1 ? trimmed : trimmed.slice(0, colon);
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** Compares a presented token with the expected one in constant time (digests of equal length). */
function tokenMatches(presented: string, expected: Buffer): boolean {
  return timingSafeEqual(digest(presented), expected);
}

/**
 * The relay's HTTP API: `POST /alerts`, `GET /alerts/:id`, `GET /healthz`. Every error answer is
 * JSON `{ error, message }`, and a 400 names the fields in `issues`.
 */
export function createHttpApp(options: HttpAppOptions): Hono {
  const { queue, routing } = options;
  const logger = options.logger ?? silentRelayLogger;
  const schema = createAlertSchema({ routing, maxContentLength: options.maxContentLength });
  // Room for the content at 4 bytes per character plus the other fields; beyond that, 413 before parsing.
  const maxBodyBytes = options.maxContentLength * 4 + 64 * 1024;
  const app = new Hono();
  const allowedHosts = new Set(options.allowedHosts.map((host) => hostName(host)));
  const expectedToken = options.token === undefined ? undefined : digest(options.token);

  // Checked before routing, for every route: the Host (DNS rebinding), the Origin (a web page's
  // cross-site request), then the bearer token (all but /healthz).
  app.use('*', async (c, next) => {
    const refuse = (status: 401 | 403, error: string, message: string): Response => c.json({ error, message }, status);
    const host = c.req.header('host');
    if (host === undefined || !allowedHosts.has(hostName(host))) {
      logger.warn('refused a request for another host', { path: c.req.path });
      return refuse(403, 'host_not_allowed', 'this Host is not one the relay answers to; add it to NOTIFY_RELAY_ALLOWED_HOSTS');
    }
    const origin = c.req.header('origin');
    if (origin !== undefined) {
      let originHost: string | undefined;
      try {
        originHost = new URL(origin).hostname;
      } catch {
        originHost = undefined;
      }
      if (originHost === undefined || !allowedHosts.has(hostName(originHost))) {
        logger.warn('refused a cross-origin request', { path: c.req.path });
        return refuse(403, 'origin_not_allowed', 'requests from web pages of other origins are refused');
      }
    }
    if (expectedToken !== undefined && c.req.path !== '/healthz') {
      const authorization = c.req.header('authorization') ?? '';
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      if (match?.[1] === undefined || !tokenMatches(match[1], expectedToken)) {
        c.header('www-authenticate', 'Bearer realm="notify-relay"');
        return refuse(401, 'unauthorized', 'send Authorization: Bearer <NOTIFY_RELAY_TOKEN>');
      }
    }
    await next();
  });

  app.get('/healthz', (c) => c.json({ status: options.isAccepting() ? 'ok' : 'shutting-down', queue: queue.kind }, options.isAccepting() ? 200 : 503));

  app.post(
    '/alerts',
    bodyLimit({ maxSize: maxBodyBytes, onError: (c) => problem(c, 413, 'body_too_large', `the body is larger than ${maxBodyBytes} bytes`) }),
    async (c) => {
      if (!options.isAccepting()) return problem(c, 503, 'shutting_down', 'the relay is shutting down; send the alert to another instance or retry later');
      // JSON only: a form or text/plain POST is what a web page can send without a CORS preflight.
      const mediaType = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
      if (mediaType !== 'application/json') return problem(c, 415, 'unsupported_media_type', 'send the alert as JSON with Content-Type: application/json');
      const raw = await c.req.text();
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch (error) {
        const detail = raw.trim() === '' ? 'the body is empty' : (error as Error).message;
        return problem(c, 400, 'invalid_json', `the body is not valid JSON: ${detail}`);
      }
      const parsed = schema.safeParse(body, { reportInput: true });
      if (!parsed.success) {
        const issues = describeIssues(parsed.error);
        return problem(c, 400, 'invalid_alert', formatIssues(issues), { issues });
      }
      const alert = parsed.data;
      const channels = channelsFor(routing, alert.severity) ?? [];
      const result = await queue.submit({ deliveryId: `dlv_${randomUUID()}`, alert, channels, fingerprint: fingerprint(alert), createdAt: Date.now() });
      if (result.status === 'conflict') {
        return problem(c, 409, 'alert_id_conflict', `alert id ${alert.id} was already used by a different alert; use a new id`, {
          deliveryId: result.delivery.deliveryId,
        });
      }
      const duplicate = result.status === 'existing';
      if (!duplicate) logger.info('alert accepted', { alertId: alert.id, deliveryId: result.delivery.deliveryId, channels });
      c.header('location', `/alerts/${encodeURIComponent(alert.id)}`);
      return c.json(accepted(result.delivery, duplicate), duplicate ? 200 : 202);
    },
  );

  const registry = options.metrics;
  if (registry !== undefined) {
    app.get('/metrics', async (c) => {
      c.header('content-type', registry.contentType);
      return c.body(await registry.metrics());
    });
  }

  app.get('/alerts', async (c) => {
    const state = c.req.query('state');
    const limitText = c.req.query('limit') ?? '50';
    const limit = Number(limitText);
    if (state !== undefined && !(CHANNEL_STATES as readonly string[]).includes(state)) {
      return problem(c, 400, 'invalid_query', `state: must be one of ${CHANNEL_STATES.join(', ')}`);
    }
    if (!/^\d+$/.test(limitText) || limit < 1 || limit > MAX_LIST_LIMIT)
      return problem(c, 400, 'invalid_query', `limit: must be an integer from 1 to ${MAX_LIST_LIMIT}`);
    const deliveries = await queue.list({ state: state as ChannelState | undefined, limit });
    return c.json({ deliveries });
  });

  app.post('/alerts/:id/channels/:channel/resend', async (c) => {
    if (!options.isAccepting()) return problem(c, 503, 'shutting_down', 'the relay is shutting down; retry on another instance');
    const id = c.req.param('id');
    const channel = c.req.param('channel');
    if (!(CHANNELS as readonly string[]).includes(channel)) return problem(c, 404, 'not_found', `no channel ${channel} in alert ${id}`);
    const result = await queue.resend(id, channel as Channel);
    if (result.status === 'not_found') return problem(c, 404, 'not_found', `no channel ${channel} in alert ${id}`);
    if (result.status === 'not_ambiguous') {
      return problem(c, 409, 'not_ambiguous', `channel ${channel} of alert ${id} is not failed with reason ambiguous; only those are resent on request`);
    }
    logger.info('resend requested', { alertId: id, channel });
    return c.json(result.delivery, 202);
  });

  app.get('/alerts/:id', async (c) => {
    const id = c.req.param('id');
    const delivery = await queue.get(id);
    if (delivery === undefined) return problem(c, 404, 'not_found', `no alert with id ${id}`);
    return c.json(delivery);
  });

  app.notFound((c) => problem(c, 404, 'not_found', `no route ${c.req.method} ${c.req.path}`));
  app.onError((error, c) => {
    logger.error('request failed', { method: c.req.method, path: c.req.path, error: String(error) });
    return problem(c, 500, 'internal_error', 'the relay could not handle the request; see its log');
  });
  return app;
}
