import { Hono } from 'hono';
import type { Context } from 'hono';
import { jsonResponse, success } from '../sandbox-envelope.js';
import type { SandboxEnv } from '../sandbox-env.js';
import { blueKingRoute } from '../sandbox-route.js';
import type { RouteContext } from '../sandbox-route.js';
import { isRecord, readParams, stringParam } from '../request-params.js';

// Sources: WeCom's API docs — appchat/create https://developer.work.weixin.qq.com/document/path/90245
// (answer `{errcode, errmsg, chatid}`), appchat/send .../path/90248 (answer `{errcode, errmsg}`;
// msgtype text, image, voice, video, file, textcard, news, mpnews, markdown), group robot
// .../path/91770 (answer `{errcode, errmsg}`; msgtype text, markdown, image, news, file, voice,
// template_card) — and bklog's callers (bk-monitor bklog/apps/api/modules/wework.py; spec §3).
// WeCom's answers have no optional keys to leave out in minimal mode: errcode and errmsg are
// always there, chatid on every successful create.

/** WeCom error codes the sandbox answers (WeCom's own numbers). */
export const WECOM_ERRORS = {
  invalidParameter: 40058,
  invalidMessageType: 40008,
  chatNotFound: 86003,
  invalidWebhookKey: 93000,
} as const;

const APPCHAT_MESSAGE_TYPES = new Set(['text', 'image', 'voice', 'video', 'file', 'textcard', 'news', 'mpnews', 'markdown']);
const ROBOT_MESSAGE_TYPES = new Set(['text', 'markdown', 'image', 'news', 'file', 'voice', 'template_card']);

/**
 * WeCom failures travel in a BlueKing envelope: `code` = errcode, `message` = errmsg. The
 * BlueKing WeWork component's own wrapping is not public (bklog's WEWORK_APIGATEWAY_ROOT has no
 * public value, spec §0.2); this is the sandbox's choice, and the client also accepts WeCom's raw body.
 */
function wecomFailure(c: Context<SandboxEnv>, errcode: number, errmsg: string): Response {
  return jsonResponse(c, { result: false, code: errcode, message: errmsg, data: null, request_id: c.get('requestId') });
}

/** The text a message carries, for the outbox. */
function messageContent(params: Record<string, unknown>, messageType: string): string | undefined {
  const payload = params[messageType];
  return isRecord(payload) ? stringParam(payload, 'content') : undefined;
}

/** Checks `msgtype` and its payload; returns WeCom's complaint or undefined. */
function checkMessage(params: Record<string, unknown>, messageTypes: ReadonlySet<string>): { errcode: number; errmsg: string } | undefined {
  const messageType = stringParam(params, 'msgtype');
  if (messageType === undefined || !messageTypes.has(messageType))
    return { errcode: WECOM_ERRORS.invalidMessageType, errmsg: `invalid message type: ${messageType ?? '(missing)'}` };
  if ((messageType === 'text' || messageType === 'markdown') && messageContent(params, messageType) === undefined) {
    return { errcode: WECOM_ERRORS.invalidParameter, errmsg: `${messageType}.content is required` };
  }
  return undefined;
}

/** WeWork app chats (spec §3): `create_appchat/` and `send_appchat/`, answered in a BlueKing envelope around WeCom's body. */
export function createWeworkRoutes(context: RouteContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const { state } = context;
  app.post(
    '/create_appchat/',
    blueKingRoute(context.services, 'wework.create_appchat', (c) => {
      const params = readParams(c);
      const userlist = Array.isArray(params.userlist) ? params.userlist.filter((user): user is string => typeof user === 'string' && user.trim() !== '') : [];
      if (userlist.length === 0) return wecomFailure(c, WECOM_ERRORS.invalidParameter, 'invalid userlist: it must hold at least one user');
      const owner = stringParam(params, 'owner');
      if (owner === undefined) return wecomFailure(c, WECOM_ERRORS.invalidParameter, 'owner is required');
      const chatid = stringParam(params, 'chatid') ?? `wr${state.ids.hex(30)}`;
      if (state.wework.chats.has(chatid)) return wecomFailure(c, WECOM_ERRORS.invalidParameter, `chatid ${chatid} already exists`);
      state.wework.chats.set(chatid, { chatid, name: stringParam(params, 'name') ?? '', owner, userlist: [...new Set([owner, ...userlist])] });
      return success(c, { errcode: 0, errmsg: 'ok', chatid });
    }),
  );
  app.post(
    '/send_appchat/',
    blueKingRoute(context.services, 'wework.send_appchat', (c) => {
      const params = readParams(c);
      const chatid = stringParam(params, 'chatid');
      const chat = chatid === undefined ? undefined : state.wework.chats.get(chatid);
      if (chat === undefined) return wecomFailure(c, WECOM_ERRORS.chatNotFound, `chatid not found: ${chatid ?? '(missing)'}`);
      const complaint = checkMessage(params, APPCHAT_MESSAGE_TYPES);
      if (complaint !== undefined) return wecomFailure(c, complaint.errcode, complaint.errmsg);
      const content = messageContent(params, String(params.msgtype));
      state.send({
        channel: 'appchat',
        receivers: chat.userlist,
        title: chat.name,
        ...(content === undefined ? {} : { content }),
        body: c.get('body'),
        requestId: c.get('requestId'),
        tenantId: c.req.header('x-bk-tenant-id'),
      });
      return success(c, { errcode: 0, errmsg: 'ok' });
    }),
  );
  return app;
}

/**
 * The WeCom group-robot webhook (`/cgi-bin/webhook/send?key=`), WeCom's own URL shape. It answers
 * raw WeCom JSON with HTTP 200 and authenticates by its key, not by the BlueKing header.
 */
export function createRobotWebhookRoutes(context: RouteContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const { state } = context;
  app.post(
    '/send',
    blueKingRoute(
      context.services,
      'wework.robot_webhook',
      (c) => {
        if (c.req.query('key') !== state.settings.webhookKey) {
          return jsonResponse(c, { errcode: WECOM_ERRORS.invalidWebhookKey, errmsg: 'invalid webhook url, hint: the key is wrong' });
        }
        const body = c.get('body');
        const params = isRecord(body) ? body : {};
        const complaint = checkMessage(params, ROBOT_MESSAGE_TYPES);
        if (complaint !== undefined) return jsonResponse(c, complaint);
        const content = messageContent(params, String(params.msgtype));
        const chatids = stringParam(params, 'chatid');
        state.send({
          channel: 'robot',
          receivers: chatids === undefined ? [] : chatids.split('|').filter((chatid) => chatid !== ''),
          ...(content === undefined ? {} : { content }),
          body,
          requestId: c.get('requestId'),
          tenantId: c.req.header('x-bk-tenant-id'),
        });
        return jsonResponse(c, { errcode: 0, errmsg: 'ok' });
      },
      { authenticate: false },
    ),
  );
  return app;
}
