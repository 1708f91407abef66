import type { BkClient, CallOptions } from '@x/core-client';
import type { WeworkAppchatMessage, WeworkCreateAppchatInput, WeworkCreateAppchatResult, WeworkSendResult } from './wework-appchat.js';
import { checkWebhookUrl, createWeworkRobot } from './wework-robot.js';
import { loadWeworkEndpoints } from './wework-lazy-endpoints.js';
import { createRobotConnections } from './wework-robot-connections.js';
import { RobotPool, robotPoolLimits } from './wework-robot-pool.js';
import type { WeworkRobot, WeworkRobotMessage, WeworkRobotResult } from './wework-robot.js';
import { createWeworkCoreClient } from './wework-settings.js';
import type { WeworkSettings } from './wework-settings.js';

/** Options of one WeWork call: every core call option except `raw`. */
export type WeworkCallOptions = Omit<CallOptions, 'raw'>;

/** What `sendRobotMarkdown` takes. */
export interface WeworkRobotMarkdownInput {
  /** The webhook to post to. @default the `webhookUrl` setting */
  readonly webhookUrl?: string | undefined;
  /** The chats to post to; sent as `'id1|id2'`. Left out: the robot's own group. */
  readonly chatids?: string | readonly string[] | undefined;
  /** The markdown text. */
  readonly content: string;
}

/**
 * The WeWork (WeCom) client: app chats through the BlueKing component, and group-robot webhooks.
 * @example
 * const wework = createWework({ apiHost: 'http://paas.example.com', username: 'admin' });
 * const { chatid } = await wework.createAppchat({ name: 'Log platform help', userlist: ['alice', 'bob'] });
 * await wework.sendMarkdown(chatid, '**Welcome** to the log platform help group');
 */
export interface WeworkClient {
  /**
   * Creates a group chat (`create_appchat/`). `owner` defaults to the context's user, else the
   * client's `username`. Never retried once the request may have reached the server.
   * @example const { chatid } = await wework.createAppchat({ name: 'Oncall', userlist: ['alice', 'bob'] });
   */
  createAppchat(params: WeworkCreateAppchatInput, options?: WeworkCallOptions): Promise<WeworkCreateAppchatResult>;
  /**
   * Sends any WeCom app-chat message (`send_appchat/`): text, markdown, image, voice, video, file,
   * textcard, news or mpnews, with `safe: 1` for confidential messages. Never retried once the
   * request may have reached the server.
   * @example
   * await wework.sendAppchat({
   *   chatid,
   *   msgtype: 'textcard',
   *   textcard: { title: 'Export ready', description: '3 files', url: 'https://bk.example.com/export/7', btntxt: 'Open' },
   * });
   */
  sendAppchat(message: WeworkAppchatMessage, options?: WeworkCallOptions): Promise<WeworkSendResult>;
  /**
   * Sends a text message to a group chat.
   * @example await wework.sendText(chatid, 'Your archive restore has finished');
   */
  sendText(chatid: string, content: string, options?: WeworkCallOptions): Promise<WeworkSendResult>;
  /**
   * Sends a markdown message to a group chat.
   * @example await wework.sendMarkdown(chatid, '**Export ready**: [open](https://bk.example.com/export/7)');
   */
  sendMarkdown(chatid: string, content: string, options?: WeworkCallOptions): Promise<WeworkSendResult>;
  /**
   * Posts any message to a group-robot webhook (the call's `webhookUrl`, else the setting).
   * Success only when WeCom answers `errcode: 0`.
   * @example await wework.sendRobot({ msgtype: 'text', text: { content: 'deploy done' } });
   */
  sendRobot(message: WeworkRobotMessage & { readonly webhookUrl?: string | undefined }, options?: WeworkCallOptions): Promise<WeworkRobotResult>;
  /**
   * Posts a markdown message to a group-robot webhook, as bklog's clustering subscriptions do:
   * `{ chatid: 'id1|id2', msgtype: 'markdown', markdown: { content } }`.
   * @example await wework.sendRobotMarkdown({ chatids: ['wr1', 'wr2'], content: '**New log pattern** in index set 12' });
   */
  sendRobotMarkdown(input: WeworkRobotMarkdownInput, options?: WeworkCallOptions): Promise<WeworkRobotResult>;
  /** The core client of the app-chat API, for `client.call` with the endpoints of `@x/wework/endpoints`. */
  readonly client: BkClient;
  /**
   * Robot clients open now: one per webhook URL posted to, at most `maxRobots` (64 by default),
   * plus any evicted one still finishing a call; one unused for `robotIdleTimeout` is closed.
   */
  readonly openRobots: number;
  /** Closes the connection pools and every robot client, and stops the robots' idle timer. */
  close(): Promise<void>;
}

/**
 * Creates a WeWork client. Never throws: the root and credentials resolve at the first call.
 * @example
 * import { createWework } from '@x/wework';
 *
 * const wework = createWework({ baseUrl: 'http://paas.example.com/api/c/compapi/v2/wework/', appCode: 'bk_log', appSecret: '...', username: 'admin' });
 * const { chatid } = await wework.createAppchat({ name: 'Log platform help', userlist: ['alice'] });
 * await wework.sendText(chatid, 'Hello');
 * await wework.close();
 */
export function createWework(settings: WeworkSettings = {}): WeworkClient {
  const client = createWeworkCoreClient(settings);
  const {
    baseUrl: _baseUrl,
    apiHost: _apiHost,
    gatewayMode: _gatewayMode,
    stage: _stage,
    webhookUrl: defaultWebhookUrl,
    roots: _roots,
    appCode: _appCode,
    appSecret: _appSecret,
    maxRobots,
    robotIdleTimeout,
    ...robotSettings
  } = settings;
  // One robot per webhook URL (a robot's URL is its client's base URL), created on first use, kept
  // in a bounded pool, all sending through one connection pool.
  const connections = createRobotConnections(robotSettings);
  let robots: RobotPool<WeworkRobot> | undefined;
  const withRobot = async <Result>(webhookUrl: string | undefined, send: (robot: WeworkRobot) => Promise<Result>): Promise<Result> => {
    const url = checkWebhookUrl(webhookUrl ?? defaultWebhookUrl);
    robots ??= new RobotPool(robotPoolLimits({ maxRobots, robotIdleTimeout }));
    const pool = robots;
    const shared = await connections.settings();
    return pool.use(url, () => createWeworkRobot({ ...robotSettings, ...shared, webhookUrl: url }), send);
  };

  const sendAppchat = async (message: WeworkAppchatMessage, options: WeworkCallOptions = {}): Promise<WeworkSendResult> =>
    client.call((await loadWeworkEndpoints()).weworkSendAppchatEndpoint, message, options);
  return {
    createAppchat: async (params, options = {}) => {
      const created = await client.call((await loadWeworkEndpoints()).weworkCreateAppchatEndpoint, params, options);
      return { chatid: created.chatid };
    },
    sendAppchat,
    sendText: async (chatid, content, options) => sendAppchat({ chatid, msgtype: 'text', text: { content } }, options),
    sendMarkdown: async (chatid, content, options) => sendAppchat({ chatid, msgtype: 'markdown', markdown: { content } }, options),
    sendRobot: async ({ webhookUrl, ...message }, options) => withRobot(webhookUrl, async (robot) => robot.send(message, options)),
    sendRobotMarkdown: async ({ webhookUrl, chatids, content }, options) =>
      withRobot(webhookUrl, async (robot) => robot.sendMarkdown(content, { chatids, callOptions: options })),
    client,
    get openRobots() {
      return robots?.size ?? 0;
    },
    close: async () => {
      // The robots' shared pool closes after the last robot; a robot call after this fails.
      await Promise.all([client.close(), robots?.close()]);
      await connections.close();
    },
  };
}
