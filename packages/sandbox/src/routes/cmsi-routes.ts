import { Hono } from 'hono';
import type { Context } from 'hono';
import { failure, success } from '../sandbox-envelope.js';
import type { SandboxEnv } from '../sandbox-env.js';
import { blueKingRoute } from '../sandbox-route.js';
import type { RouteContext } from '../sandbox-route.js';
import type { SandboxOutboxChannel } from '../sandbox-types.js';
import { booleanParam, isRecord, readParams, stringParam } from '../request-params.js';

/** CMSI's "parameter error" code, answered for every validation failure. */
export const CMSI_INVALID_PARAMETER = 1640001;
/** Answered when every receiver is an invalid user name. */
export const CMSI_NO_VALID_RECEIVER = 1640002;

const USERNAME_PATTERN = /^[\w.@-]+$/;

/** The message types `get_msg_type/` lists; the icons are 1x1 PNGs (real CMSI sends base64 icons too). */
const MESSAGE_TYPES = [
  { type: 'weixin', label: 'WeChat', is_active: true },
  { type: 'mail', label: 'Email', is_active: true },
  { type: 'sms', label: 'SMS', is_active: true },
  { type: 'voice', label: 'Voice', is_active: true },
  { type: 'wecom_robot', label: 'WeCom robot', is_active: true },
].map((item) => ({ ...item, icon: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==' }));

/** Splits `receiver__username` / `receiver` given as a comma string or a JSON array. */
function splitReceivers(value: unknown): string[] {
  const items = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/[,;]/) : [];
  return items.map((item) => item.trim()).filter((item) => item !== '');
}

function decodeContent(params: Record<string, unknown>, key: string): string | undefined {
  const value = stringParam(params, key);
  if (value === undefined || !booleanParam(params, 'is_content_base64')) return value;
  return Buffer.from(value, 'base64').toString('utf8');
}

interface SendPlan {
  readonly channel: SandboxOutboxChannel;
  /** A missing required field, described as CMSI does, or undefined. */
  readonly missing: (params: Record<string, unknown>) => string | undefined;
  readonly title: (params: Record<string, unknown>) => string | undefined;
  readonly content: (params: Record<string, unknown>) => string | undefined;
  /** Voice calls also accept receivers as `user_list_information`. */
  readonly extraReceivers?: (params: Record<string, unknown>) => string[];
}

const weixinData = (params: Record<string, unknown>): Record<string, unknown> => (isRecord(params.data) ? params.data : {});

const SEND_PLANS: Readonly<Record<string, SendPlan>> = {
  send_mail: {
    channel: 'mail',
    missing: (params) => (stringParam(params, 'title') === undefined ? 'title' : stringParam(params, 'content') === undefined ? 'content' : undefined),
    title: (params) => stringParam(params, 'title'),
    content: (params) => decodeContent(params, 'content'),
  },
  send_msg: {
    channel: 'msg',
    missing: (params) => {
      const messageType = stringParam(params, 'msg_type');
      if (messageType === undefined) return 'msg_type';
      if (!MESSAGE_TYPES.some((item) => item.type === messageType)) return `msg_type (unknown type ${messageType})`;
      return stringParam(params, 'content') === undefined ? 'content' : undefined;
    },
    title: (params) => stringParam(params, 'title'),
    content: (params) => decodeContent(params, 'content'),
  },
  send_sms: {
    channel: 'sms',
    missing: (params) => (stringParam(params, 'content') === undefined ? 'content' : undefined),
    title: () => undefined,
    content: (params) => decodeContent(params, 'content'),
  },
  send_voice_msg: {
    channel: 'voice',
    missing: (params) => (stringParam(params, 'auto_read_message') === undefined ? 'auto_read_message' : undefined),
    title: () => undefined,
    content: (params) => stringParam(params, 'auto_read_message'),
    extraReceivers: (params) => (Array.isArray(params.user_list_information) ? params.user_list_information.flatMap((item: unknown) => (isRecord(item) && typeof item.username === 'string' ? [item.username] : [])) : []),
  },
  send_weixin: {
    channel: 'weixin',
    missing: (params) => {
      const data = weixinData(params);
      if (stringParam(data, 'heading') === undefined) return 'data.heading';
      return stringParam(data, 'message') === undefined ? 'data.message' : undefined;
    },
    title: (params) => stringParam(weixinData(params), 'heading'),
    content: (params) => stringParam(weixinData(params), 'message'),
  },
};

function sendRoute(context: RouteContext, name: string, plan: SendPlan): (c: Context<SandboxEnv>) => Response {
  return (c) => {
    const params = readParams(c);
    const receivers = [...splitReceivers(params.receiver__username), ...splitReceivers(params.receiver), ...(plan.extraReceivers?.(params) ?? [])];
    if (receivers.length === 0) return failure(c, CMSI_INVALID_PARAMETER, `${name}: receiver__username or receiver is required`);
    const missing = plan.missing(params);
    if (missing !== undefined) return failure(c, CMSI_INVALID_PARAMETER, `${name}: ${missing} is required`);
    // E-mail addresses and phone numbers go in `receiver`; only user names are checked.
    const usernames = splitReceivers(params.receiver__username);
    const invalid = usernames.filter((username) => !USERNAME_PATTERN.test(username));
    const valid = receivers.filter((receiver) => !invalid.includes(receiver));
    if (valid.length === 0) return failure(c, CMSI_NO_VALID_RECEIVER, `${name}: no valid receiver (invalid: ${invalid.join(',')})`, { username_check: { invalid } });
    const title = plan.title(params);
    const content = plan.content(params);
    const message = context.state.send({
      channel: plan.channel,
      receivers: valid,
      ...(title === undefined ? {} : { title }),
      ...(content === undefined ? {} : { content }),
      body: c.get('body'),
      requestId: c.get('requestId'),
      tenantId: c.req.header('x-bk-tenant-id'),
    });
    return success(c, { username_check: { invalid }, message: 'sent', outbox_id: message.id });
  };
}

/** CMSI (spec §4): the five sends and `get_msg_type/`. `send_weixin` is served with and without the trailing slash. */
export function createCmsiRoutes(context: RouteContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  for (const [name, plan] of Object.entries(SEND_PLANS)) {
    const handler = blueKingRoute(context.services, `cmsi.${name}`, sendRoute(context, name, plan));
    app.post(`/${name}/`, handler);
    if (name === 'send_weixin') app.post(`/${name}`, handler);
  }
  app.get(
    '/get_msg_type/',
    blueKingRoute(context.services, 'cmsi.get_msg_type', (c) => success(c, MESSAGE_TYPES)),
  );
  return app;
}
