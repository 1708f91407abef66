import { randomUUID } from 'node:crypto';
import type { CmsiCallOptions, CmsiClient } from '@x/cmsi';
import type { WeworkCallOptions, WeworkClient } from '@x/wework';
import type { Alert } from './alert-schema.js';
import type { Channel } from './routing.js';

/** What a sender is asked to send. */
export interface ChannelSendRequest {
  readonly alert: Alert;
  readonly channel: Channel;
  /** `<alert id>/<channel>`; a sender may pass it on where the remote supports idempotency keys. */
  readonly idempotencyKey: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
}

/** What a successful send reports. */
export interface ChannelSendResult {
  /** The request id of the call that sent the message. */
  readonly requestId?: string | undefined;
}

/**
 * Sends one alert on one channel, once: it must not retry a send itself (the delivery worker
 * decides, from the error it throws, whether repeating is safe). Throw `@x/errors` errors
 * (ApiRequestError, ApiResultError, ValidationError) or a {@link ChannelRejectedError}.
 */
export type ChannelSender = (request: ChannelSendRequest) => Promise<ChannelSendResult>;

/** One sender per channel. */
export type ChannelSenders = Readonly<Record<Channel, ChannelSender>>;

/** A sender refused an alert before sending anything (e.g. no `chatid` for `wework`): never retried. */
export class ChannelRejectedError extends Error {
  readonly code = 'CHANNEL_REJECTED';
  constructor(message: string) {
    super(message);
    this.name = 'ChannelRejectedError';
  }
}

/** The two clients the BlueKing senders call. */
export interface BlueKingClients {
  readonly cmsi: CmsiClient;
  readonly wework: WeworkClient;
}

/** Options of {@link createBlueKingSenders}. */
export interface BlueKingSenderOptions {
  /**
   * How the `wework` channel formats messages.
   * @default 'markdown'
   */
  readonly weworkMessageType?: 'markdown' | 'text' | undefined;
  /**
   * Milliseconds one send may take; a send still unanswered then is `ambiguous`.
   * @default 10000
   */
  readonly timeoutMs?: number | undefined;
}

/** Longest SMS text; longer alerts are cut (CMSI splits long SMS into several billed parts). */
const SMS_MAX_LENGTH = 300;
/** Longest text read out in a voice call. */
const VOICE_MAX_LENGTH = 200;

const cut = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
const label = (alert: Alert): string => `[${alert.severity.toUpperCase()}]`;
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** The texts each channel sends for an alert. */
export function formatAlert(alert: Alert): { subject: string; sms: string; voice: string; mailHtml: string; markdown: string; text: string } {
  const subject = `${label(alert)} ${alert.title}`;
  return {
    subject,
    sms: cut(`${subject}: ${alert.content}`, SMS_MAX_LENGTH),
    voice: cut(`${alert.severity} alert. ${alert.title}. ${alert.content}`, VOICE_MAX_LENGTH),
    mailHtml: `<p>${escapeHtml(alert.content).replace(/\n/g, '<br>')}</p><p style="color:#888">alert ${escapeHtml(alert.id)} · severity ${escapeHtml(alert.severity)}</p>`,
    markdown: `**${subject}**\n${alert.content}\n> alert ${alert.id} · to ${alert.receivers.join(', ')}`,
    text: `${subject}\n${alert.content}`,
  };
}

/**
 * The senders of the BlueKing channels: `voice` → `cmsi.sendVoiceMsg`, `sms` → `cmsi.sendSms`,
 * `mail` → `cmsi.sendMail` (HTML), `weixin` → `cmsi.sendWeixin`, `wework` → `wework.sendAppchat`
 * (markdown or text) to the alert's `chatid`. Each call carries a fresh request id (recorded on
 * the attempt) and never retries by itself: the delivery worker decides.
 */
export function createBlueKingSenders(clients: BlueKingClients, options: BlueKingSenderOptions = {}): ChannelSenders {
  const timeout = options.timeoutMs ?? 10_000;
  const messageType = options.weworkMessageType ?? 'markdown';
  const send =
    (call: (alert: Alert, callOptions: CmsiCallOptions & WeworkCallOptions) => Promise<unknown>): ChannelSender =>
    async (request) => {
      const requestId = randomUUID();
      await call(request.alert, { requestId, timeout, retry: false });
      return { requestId };
    };
  return {
    voice: send((alert, callOptions) => clients.cmsi.sendVoiceMsg({ receivers: [...alert.receivers], content: formatAlert(alert).voice }, callOptions)),
    sms: send((alert, callOptions) => clients.cmsi.sendSms({ receivers: [...alert.receivers], content: formatAlert(alert).sms }, callOptions)),
    mail: send((alert, callOptions) => {
      const texts = formatAlert(alert);
      return clients.cmsi.sendMail({ receivers: [...alert.receivers], title: texts.subject, content: texts.mailHtml, body_format: 'Html' }, callOptions);
    }),
    weixin: send((alert, callOptions) =>
      clients.cmsi.sendWeixin({ receivers: [...alert.receivers], title: formatAlert(alert).subject, content: alert.content }, callOptions),
    ),
    wework: send((alert, callOptions) => {
      if (alert.chatid === undefined) return Promise.reject(new ChannelRejectedError('the wework channel needs the alert to name a chatid'));
      const texts = formatAlert(alert);
      return messageType === 'markdown'
        ? clients.wework.sendMarkdown(alert.chatid, texts.markdown, callOptions)
        : clients.wework.sendText(alert.chatid, texts.text, callOptions);
    }),
  };
}
