import { z } from 'zod';

/**
 * The channels an alert can go out on: the four CMSI sends and a WeCom app-chat message.
 *
 * - `voice`: CMSI `send_voice_msg` (a phone call reading the alert)
 * - `sms`: CMSI `send_sms`
 * - `mail`: CMSI `send_mail`
 * - `weixin`: CMSI `send_weixin` (WeChat)
 * - `wework`: WeWork `send_appchat` to the alert's `chatid` (text or markdown)
 */
export const CHANNELS = ['voice', 'sms', 'mail', 'weixin', 'wework'] as const;

/** One delivery channel. */
export type Channel = (typeof CHANNELS)[number];

/** Severity → channels, in the order they are shown. */
export type RoutingTable = Readonly<Record<string, readonly Channel[]>>;

/**
 * The routing used when none is configured.
 * @default { critical: ['voice', 'sms', 'wework'], warning: ['mail', 'weixin'], info: ['mail'] }
 */
export const DEFAULT_ROUTING: RoutingTable = Object.freeze({
  critical: Object.freeze(['voice', 'sms', 'wework'] as const),
  warning: Object.freeze(['mail', 'weixin'] as const),
  info: Object.freeze(['mail'] as const),
});

const severityNameSchema = z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, 'a severity is lower-case letters, digits, - or _ (at most 32)');

/** A routing table as configured (e.g. `NOTIFY_RELAY_ROUTING`): at least one severity, each with distinct channels. */
export const routingTableSchema = z
  .record(
    severityNameSchema,
    z
      .array(z.enum(CHANNELS))
      .min(1, 'route a severity to at least one channel')
      .refine((channels) => new Set(channels).size === channels.length, 'a channel is listed twice'),
  )
  .refine((table) => Object.keys(table).length > 0, 'the routing table names no severity');

/**
 * Checks a routing table (for instance parsed from `NOTIFY_RELAY_ROUTING`), naming the first
 * problem and where it is.
 * @example parseRoutingTable(JSON.parse('{"critical":["sms","wework"],"info":["mail"]}'))
 */
export function parseRoutingTable(input: unknown): RoutingTable {
  const parsed = routingTableSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? 'routing table' : `routing table at ${issue.path.join('.')}`;
    // A bad key carries its own issues; the first says what is wrong with it.
    const message = issue?.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue?.message;
    throw new Error(`invalid ${where}: ${message ?? 'unknown problem'}`);
  }
  return parsed.data;
}

/** The severities a routing table accepts. */
export function severitiesOf(routing: RoutingTable): string[] {
  return Object.keys(routing);
}

/** The channels of one severity; undefined when the table does not route it. */
export function channelsFor(routing: RoutingTable, severity: string): readonly Channel[] | undefined {
  return Object.hasOwn(routing, severity) ? routing[severity] : undefined;
}
