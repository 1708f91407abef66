import { createClient } from '@x/core-client';
import type { BkClient, BkClientSettings, CallOptions } from '@x/core-client';
import { ValidationError } from '@x/errors';
import { loadWeworkEndpoints } from './wework-lazy-endpoints.js';
import type { WeworkRobotMessage, WeworkRobotResult } from './wework-robot-endpoint.js';
import { WEWORK_USER_AGENT } from './wework-settings.js';

export type { WeworkRobotMessage, WeworkRobotResult } from './wework-robot-endpoint.js';

/** Settings of {@link createWeworkRobot}: the webhook URL and any `@x/core-client` setting. */
export interface WeworkRobotSettings extends Omit<BkClientSettings, 'baseUrl' | 'roots' | 'appCode' | 'appSecret'> {
  /**
   * The webhook URL, `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=...`. Its `key` is a
   * secret: it is redacted from every log record and error.
   */
  readonly webhookUrl: string;
}

/** Options of a robot markdown message. */
export interface WeworkRobotMarkdownOptions {
  /** The chats to post to (internal WeCom robots); sent as `'id1|id2'`. Left out: the robot's own group. */
  readonly chatids?: string | readonly string[] | undefined;
  /** Options of the call (`signal`, `timeout`...). */
  readonly callOptions?: Omit<CallOptions, 'raw'> | undefined;
}

/**
 * A WeCom group robot bound to one webhook URL.
 * @example
 * const robot = createWeworkRobot({ webhookUrl: process.env.WECOM_ROBOT_URL! });
 * await robot.sendMarkdown('**Log export finished**', { chatids: ['wr1', 'wr2'] });
 */
export interface WeworkRobot {
  /**
   * Posts any robot message.
   * @example await robot.send({ msgtype: 'text', text: { content: 'deploy done', mentioned_list: ['@all'] } });
   */
  send(message: WeworkRobotMessage, options?: Omit<CallOptions, 'raw'>): Promise<WeworkRobotResult>;
  /**
   * Posts a markdown message (bklog's clustering subscription message).
   * @example await robot.sendMarkdown('# Alert\n> disk full', { chatids: 'wr1' });
   */
  sendMarkdown(content: string, options?: WeworkRobotMarkdownOptions): Promise<WeworkRobotResult>;
  /**
   * Posts a text message.
   * @example await robot.sendText('deploy done');
   */
  sendText(content: string, options?: WeworkRobotMarkdownOptions): Promise<WeworkRobotResult>;
  /** Closes the connection pool. */
  close(): Promise<void>;
}

/**
 * Checks a webhook URL without ever putting it (or its key) into the error.
 * @throws ValidationError naming `webhookUrl`.
 */
export function checkWebhookUrl(webhookUrl: unknown): string {
  const invalid = (message: string): ValidationError =>
    new ValidationError({
      direction: 'input',
      module: 'wework',
      endpoint: 'robot_send',
      issues: [{ path: ['webhookUrl'], message, code: 'invalid_webhook_url' }],
    });
  if (typeof webhookUrl !== 'string' || webhookUrl.trim() === '') throw invalid('is required: pass the group-robot webhook URL');
  let parsed: URL;
  try {
    parsed = new URL(webhookUrl.trim());
  } catch {
    throw invalid('is not a valid URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw invalid('must be an http(s) URL');
  return parsed.toString();
}

function chatidList(chatids: string | readonly string[] | undefined): string | string[] | undefined {
  if (chatids === undefined) return undefined;
  return typeof chatids === 'string' ? chatids : [...chatids];
}

/**
 * Creates a group robot for one webhook URL. Nothing is sent or checked until the first message.
 * @example
 * const robot = createWeworkRobot({ webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=...' });
 * await robot.sendMarkdown('**Log export finished**');
 * await robot.close();
 */
export function createWeworkRobot(settings: WeworkRobotSettings): WeworkRobot {
  const { webhookUrl, userAgent, ...core } = settings;
  const client: BkClient = createClient({
    ...core,
    baseUrl: () => checkWebhookUrl(webhookUrl),
    userAgent: userAgent === undefined || userAgent === '' ? WEWORK_USER_AGENT : `${userAgent} ${WEWORK_USER_AGENT}`,
  });
  const send = async (message: WeworkRobotMessage, options: Omit<CallOptions, 'raw'> = {}): Promise<WeworkRobotResult> =>
    client.call((await loadWeworkEndpoints()).weworkRobotSendEndpoint, message, options);
  return {
    send,
    sendMarkdown: async (content, options = {}) => {
      const chatid = chatidList(options.chatids);
      return send({ msgtype: 'markdown', markdown: { content }, ...(chatid === undefined ? {} : { chatid }) }, options.callOptions);
    },
    sendText: async (content, options = {}) => {
      const chatid = chatidList(options.chatids);
      return send({ msgtype: 'text', text: { content }, ...(chatid === undefined ? {} : { chatid }) }, options.callOptions);
    },
    close: async () => client.close(),
  };
}
