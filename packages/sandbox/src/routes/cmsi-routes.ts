import { Hono } from 'hono';
import type { Context } from 'hono';
import { isMinimal, mayOmit } from '../sandbox-answers.js';
import { jsonResponse, success } from '../sandbox-envelope.js';
import type { SandboxEnv } from '../sandbox-env.js';
import { blueKingRoute } from '../sandbox-route.js';
import type { RouteContext } from '../sandbox-route.js';
import type { SandboxOutboxChannel } from '../sandbox-types.js';
import { booleanParam, isRecord, readParams, stringParam } from '../request-params.js';

/*
 * CMSI as the legacy ESB's components answer, TencentBlueKing/legacy-bk-paas (tag 2.14.69, what
 * BlueKing 6/7 ship), paas2/esb/components/generic/templates/cmsi/: send_mail.py, send_sms.py,
 * send_voice_msg.py, send_weixin.py, send_msg.py, get_msg_type.py and toolkit/{tools,configs}.py;
 * the envelope from paas2/esb/esb/channel/base.py (`render_to_response` adds `request_id`, an
 * uncaught exception answers "Component error, …") and paas2/esb/esb/response.py
 * (`format_resp_dict`: `data` defaults to null, `code` to 0 or 1306000).
 *
 * Minimal answers drop what only some versions send: the `username_check` data of 2.14.69 (the
 * community edition on master, paas-ce/paas/esb, answers failures and sends with `data: null`),
 * the icons of get_msg_type (absent on the community edition) and the voice provider's answer.
 */

/** ESB's `COMMON_ERROR`, the code of every CMSI failure: form errors, unknown users, crashes (paas2/esb/common/errors.py). */
export const CMSI_COMMON_ERROR = 1306000;

/** The sandbox's user directory: a name is a BlueKing user when it looks like one (`alice`, `oncall-bob`); `bad name!` is not. */
const USERNAME_PATTERN = /^[\w.@-]+$/;

/** get_msg_type's channels (toolkit/configs.py `msg_type`), with 1x1 PNG icons where the real ones are base64 .ico files. */
const MESSAGE_TYPES = [
  { type: 'weixin', label: '微信', label_en: 'weixin' },
  { type: 'mail', label: '邮件', label_en: 'mail' },
  { type: 'sms', label: '短信', label_en: 'sms' },
  { type: 'voice', label: '语音', label_en: 'voice' },
] as const;
const ICON = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** send_msg's `msg_type_map` (toolkit/configs.py). */
const MSG_TYPE_MAP: Readonly<Record<string, SendName>> = { weixin: 'send_weixin', mail: 'send_mail', sms: 'send_sms', voice: 'send_voice_msg' };

type SendName = 'send_mail' | 'send_sms' | 'send_voice_msg' | 'send_weixin';
type Params = Record<string, unknown>;

/** What a component hands to the ESB: `format_resp_dict` fills the rest. */
interface ComponentAnswer {
  readonly result: boolean;
  readonly message: string;
  readonly data?: unknown;
}

/** Django's `ListField`: a comma string or a list. */
function listParam(value: unknown): string[] {
  const items = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/[,;]/) : [];
  return items.map((item) => item.trim()).filter((item) => item !== '');
}

function decode(value: string | undefined, base64: boolean): string | undefined {
  return value === undefined || !base64 ? value : Buffer.from(value, 'base64').toString('utf8');
}

const required = (label: string, name: string): string => `${label} [${name}] This field is required.`;

/** A form error: `CommonAPIError(get_error_prompt())`, code 1306000 (paas2/esb/common/forms.py). */
const refused = (message: string): ComponentAnswer => ({ result: false, message });

/** An exception the component does not catch (paas2/esb/esb/channel/base.py `handle_request`). */
const crashed = (): ComponentAnswer => refused('Component error, please contact the component developer to handle it.');

/** tools.py `inject_invalid_usernames`, on 2.14.69 only. */
function usernameCheck(c: Context<SandboxEnv>, invalid: readonly string[]): unknown {
  return isMinimal(c) ? null : { username_check: { invalid: [...invalid] } };
}

/** tools.py `get_receiver_with_username`'s split of user names into known and unknown. */
function lookUp(usernames: readonly string[]): { known: string[]; unknown: string[] } {
  return { known: usernames.filter((name) => USERNAME_PATTERN.test(name)), unknown: usernames.filter((name) => !USERNAME_PATTERN.test(name)) };
}

const notUsers = (unknown: readonly string[]): string => `The following users are not blueking users: ${unknown.join(',')}`;

interface Delivery {
  readonly channel: SandboxOutboxChannel;
  readonly receivers: readonly string[];
  readonly title?: string | undefined;
  readonly content?: string | undefined;
}

/** One component: its answer, and what it delivered (nothing when it refused or failed whole). */
type Component = (c: Context<SandboxEnv>, params: Params) => { answer: ComponentAnswer; delivery?: Delivery };

/** send_mail.py: receiver wins over receiver__username, cc over cc__username; unknown users make a sent mail a failure. */
const sendMail: Component = (c, params) => {
  const errors = [
    stringParam(params, 'title') === undefined ? required('email subject', 'title') : undefined,
    stringParam(params, 'content') === undefined ? required('email content', 'content') : undefined,
  ].filter((error): error is string => error !== undefined);
  if (errors.length > 0) return { answer: refused(errors.join(';')) };
  const receiver = listParam(params.receiver);
  const cc = listParam(params.cc);
  const usernames = receiver.length > 0 ? [] : listParam(params.receiver__username);
  const ccUsernames = cc.length > 0 ? [] : listParam(params.cc__username);
  if (receiver.length === 0 && usernames.length === 0)
    return { answer: refused('Receiver [receiver, receiver__username] shall not be empty at the same time') };
  const badAddresses = [...receiver, ...cc].filter((address) => !address.includes('@'));
  if (badAddresses.length > 0)
    return { answer: refused(`User message failed to send. The following users contact format are incorrect: ${badAddresses.join(',')}, please check`) };
  const { known, unknown } = lookUp([...usernames, ...ccUsernames]);
  const knownReceivers = known.filter((name) => usernames.includes(name));
  if (usernames.length > 0 && knownReceivers.length === 0) {
    return { answer: { result: false, message: `All users message failed to be sent. ${notUsers(unknown)}`, data: usernameCheck(c, unknown) } };
  }
  const delivery = {
    channel: 'mail' as const,
    receivers: receiver.length > 0 ? receiver : knownReceivers,
    title: stringParam(params, 'title'),
    content: decode(stringParam(params, 'content'), booleanParam(params, 'is_content_base64')),
  };
  if (unknown.length > 0)
    return { answer: { result: false, message: `Some users failed to send email. ${notUsers(unknown)}`, data: usernameCheck(c, unknown) }, delivery };
  return { answer: { result: true, message: 'Succeeded to send mail', data: usernameCheck(c, []) }, delivery };
};

/** send_sms.py: receiver wins; numbers must be digits (2.14.69 crashes on `+86…`); no username_check. */
const sendSms: Component = (c, params) => {
  if (stringParam(params, 'content') === undefined) return { answer: refused(required('message content', 'content')) };
  const receiver = listParam(params.receiver);
  const usernames = receiver.length > 0 ? [] : listParam(params.receiver__username);
  // Neither field: the component iterates `data["receiver"]`, which is None.
  if (receiver.length === 0 && usernames.length === 0) return { answer: crashed() };
  // validate_receiver joins the refused `{"telephone": …}` dicts into its message, which raises.
  if (receiver.some((number) => !/^\d+$/.test(number))) return { answer: crashed() };
  const { known, unknown } = lookUp(usernames);
  if (usernames.length > 0 && known.length === 0) return { answer: refused(`All users message failed to be sent. ${notUsers(unknown)}`) };
  const delivery = {
    channel: 'sms' as const,
    receivers: receiver.length > 0 ? receiver : known,
    content: decode(stringParam(params, 'content'), booleanParam(params, 'is_content_base64')),
  };
  if (unknown.length > 0) return { answer: refused(`Some users failed to send sms. ${notUsers(unknown)}`), delivery };
  return { answer: { result: true, message: 'OK' }, delivery };
};

/** send_voice_msg.py: auto_read_message; user_list_information wins over receiver__username; no receiver field. */
const sendVoiceMsg: Component = (c, params) => {
  const text = stringParam(params, 'auto_read_message');
  if (text === undefined) return { answer: refused(required('auto voice reading info', 'auto_read_message')) };
  const users = Array.isArray(params.user_list_information)
    ? params.user_list_information.filter((user: unknown) => isRecord(user) && Object.keys(user).length > 0)
    : [];
  for (const user of users as Params[]) {
    if (stringParam(user, 'username') === undefined) return { answer: refused(required('person notified', 'username')) };
    const phone = stringParam(user, 'mobile_phone');
    if (phone !== undefined && !/^\d+$/.test(phone)) return { answer: refused('Mobile phone [mobile_phone] of the person notified must be a number') };
  }
  const usernames = users.length > 0 ? [] : listParam(params.receiver__username);
  if (users.length === 0 && usernames.length === 0)
    return { answer: refused('The parameters [user_list_information and receiver__username] shall not be empty at the same time') };
  const { known, unknown } = lookUp(usernames);
  if (usernames.length > 0 && known.length === 0) return { answer: refused(`All users contact information failed to get, ${notUsers(unknown)}`) };
  const receivers = users.length > 0 ? (users as Params[]).map((user) => stringParam(user, 'username') ?? '') : known;
  // The provider's answer (docstring example: `{"instance_id": "2662152044"}`).
  const data = mayOmit(c, { instance_id: String(2662152044 + receivers.length) });
  const delivery = { channel: 'voice' as const, receivers, content: text };
  if (unknown.length > 0) return { answer: { result: false, message: `Some users failed to send voice. ${notUsers(unknown)}`, data }, delivery };
  return { answer: { result: true, message: 'OK', data }, delivery };
};

/** send_weixin.py: `data.heading` and `data.message` required; receiver (WeChat ids) wins. */
const sendWeixin: Component = (c, params) => {
  if (!isRecord(params.data)) return { answer: refused(required('message data', 'data')) };
  const receiver = listParam(params.receiver);
  const usernames = receiver.length > 0 ? [] : listParam(params.receiver__username);
  if (receiver.length === 0 && usernames.length === 0)
    return { answer: refused('WeChat receiver [receiver, receiver__username] shall not be empty at the same time') };
  const data = params.data;
  const errors = [
    stringParam(data, 'heading') === undefined ? required('notification header text', 'heading') : undefined,
    stringParam(data, 'message') === undefined ? required('notification text', 'message') : undefined,
  ].filter((error): error is string => error !== undefined);
  if (errors.length > 0) return { answer: refused(errors.join(';')) };
  const { known, unknown } = lookUp(usernames);
  if (usernames.length > 0 && known.length === 0)
    return { answer: { result: false, message: `All users message failed to be sent. ${notUsers(unknown)}`, data: usernameCheck(c, unknown) } };
  const delivery = {
    channel: 'weixin' as const,
    receivers: receiver.length > 0 ? receiver : known,
    title: stringParam(data, 'heading'),
    content: decode(stringParam(data, 'message'), booleanParam(data, 'is_message_base64')),
  };
  if (unknown.length > 0)
    return { answer: { result: false, message: `Some users failed to send wechat message. ${notUsers(unknown)}`, data: usernameCheck(c, unknown) }, delivery };
  return { answer: { result: true, message: 'OK', data: usernameCheck(c, []) }, delivery };
};

const COMPONENTS: Readonly<Record<SendName, Component>> = { send_mail: sendMail, send_sms: sendSms, send_voice_msg: sendVoiceMsg, send_weixin: sendWeixin };

/** The fields of send_msg's form: only these reach the channel's component (`self.form_data`). */
const SEND_MSG_FIELDS = [
  'receiver__username',
  'sender',
  'cc__username',
  'title',
  'content',
  'body_format',
  'attachments',
  'date',
  'remark',
  'wx_qy_agentid',
  'wx_qy_corpsecret',
  'is_content_base64',
];

/** send_msg.py: msg_type, receiver__username, title and content required for every type; then the channel's component. */
const sendMsg: Component = (c, params) => {
  const fields: [string, string, boolean][] = [
    ['msg type', 'msg_type', stringParam(params, 'msg_type') !== undefined],
    ['recipients', 'receiver__username', listParam(params.receiver__username).length > 0],
    ['subject', 'title', stringParam(params, 'title') !== undefined],
    ['content', 'content', stringParam(params, 'content') !== undefined],
  ];
  const errors = fields.filter(([, , present]) => !present).map(([label, name]) => required(label, name));
  if (errors.length > 0) return { answer: refused(errors.join(';')) };
  const target = MSG_TYPE_MAP[stringParam(params, 'msg_type') ?? ''];
  if (target === undefined) return { answer: refused('Unsupported type of msg type') };
  const formData: Params = Object.fromEntries(SEND_MSG_FIELDS.filter((field) => params[field] !== undefined).map((field) => [field, params[field]]));
  if (target === 'send_voice_msg') formData.auto_read_message = params.content;
  if (target === 'send_weixin') {
    formData.data = {
      heading: params.title,
      message: params.content,
      date: params.date,
      remark: params.remark,
      is_message_base64: booleanParam(params, 'is_content_base64'),
    };
  }
  const outcome = COMPONENTS[target](c, formData);
  return outcome.delivery === undefined ? outcome : { ...outcome, delivery: { ...outcome.delivery, channel: 'msg' } };
};

function sendRoute(context: RouteContext, component: Component): (c: Context<SandboxEnv>) => Response {
  return (c) => {
    const { answer, delivery } = component(c, readParams(c));
    if (delivery !== undefined) {
      context.state.send({
        channel: delivery.channel,
        receivers: [...delivery.receivers],
        ...(delivery.title === undefined ? {} : { title: delivery.title }),
        ...(delivery.content === undefined ? {} : { content: delivery.content }),
        body: c.get('body'),
        requestId: c.get('requestId'),
        tenantId: c.req.header('x-bk-tenant-id'),
      });
    }
    // format_resp_dict: `data` null and `code` 0 / 1306000 unless the component set them.
    return jsonResponse(c, {
      result: answer.result,
      code: answer.result ? 0 : CMSI_COMMON_ERROR,
      message: answer.message,
      data: answer.data ?? null,
      request_id: c.get('requestId'),
    });
  };
}

/** CMSI (spec §4): the five sends and `get_msg_type/`. `send_weixin` is served with and without the trailing slash. */
export function createCmsiRoutes(context: RouteContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const sends: Readonly<Record<string, Component>> = { ...COMPONENTS, send_msg: sendMsg };
  for (const [name, component] of Object.entries(sends)) {
    const handler = blueKingRoute(context.services, `cmsi.${name}`, sendRoute(context, component));
    app.post(`/${name}/`, handler);
    if (name === 'send_weixin') app.post(`/${name}`, handler);
  }
  app.get(
    '/get_msg_type/',
    blueKingRoute(context.services, 'cmsi.get_msg_type', (c) => {
      // get_msg_type.py: English labels unless Blueking-Language asks otherwise; icons only on paas2.
      const english = (c.req.header('blueking-language') ?? 'en') === 'en';
      return success(
        c,
        MESSAGE_TYPES.map((item) => ({ type: item.type, icon: mayOmit(c, ICON), label: english ? item.label_en : item.label, is_active: true })),
      );
    }),
  );
  return app;
}
