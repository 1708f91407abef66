import type { BkClient, CallOptions } from '@x/core-client';
import { cmsiSendMailEndpoint } from './cmsi-mail.js';
import type { CmsiMailInput } from './cmsi-mail.js';
import { cmsiSendMsgEndpoint } from './cmsi-msg.js';
import type { CmsiMsgInput } from './cmsi-msg.js';
import { cmsiGetMsgTypeEndpoint, defineCmsiGetMsgTypeEndpoint } from './cmsi-msg-type.js';
import type { CmsiMsgType } from './cmsi-msg-type.js';
import type { CmsiSendResult } from './cmsi-send-result.js';
import { CMSI_DEFAULT_CACHE_TTL, createCmsiCoreClient } from './cmsi-settings.js';
import type { CmsiSettings } from './cmsi-settings.js';
import { cmsiSendSmsEndpoint } from './cmsi-sms.js';
import type { CmsiSmsInput } from './cmsi-sms.js';
import { cmsiSendVoiceMsgEndpoint } from './cmsi-voice.js';
import type { CmsiVoiceInput } from './cmsi-voice.js';
import { cmsiSendWeixinEndpoint } from './cmsi-weixin.js';
import type { CmsiWeixinInput } from './cmsi-weixin.js';

/** Options of one CMSI call: every core call option except `raw` (`signal`, `timeout`, `tenantId`...). */
export type CmsiCallOptions = Omit<CallOptions, 'raw'>;

/**
 * The CMSI client: mail, messages, SMS, voice calls, WeChat, and the channel list. Sends are
 * never retried once the request may have reached CMSI (a retry could notify twice); only
 * failures before anything was sent (connection refused, DNS) are retried.
 * @example
 * const cmsi = createCmsi({ apiHost: 'http://paas.example.com', username: 'admin' });
 * await cmsi.sendMail({ receivers: ['alice', 'bob'], title: '【日志平台】', content: '<b>Export ready</b>' });
 */
export interface CmsiClient {
  /**
   * Sends an e-mail (`send_mail/`) to user names (`receivers`) or addresses (`receiver`), with
   * `cc`, `sender`, `body_format`, base64 content and attachments.
   * @example
   * await cmsi.sendMail({
   *   receiver: ['ops@example.com'],
   *   email_type: 'SEND_TO_INTERNET',
   *   title: 'Daily report',
   *   content: 'See the attachment.',
   *   body_format: 'Text',
   *   attachments: [{ content: '/var/reports/daily.csv', type: 'text/csv' }],
   * });
   */
  sendMail(params: CmsiMailInput, options?: CmsiCallOptions): Promise<CmsiSendResult>;
  /**
   * Sends a message through the channel `msg_type` names (`send_msg/`).
   * @example await cmsi.sendMsg({ receivers: 'alice', msg_type: 'mail', title: 'Hi', content: 'Hello' });
   */
  sendMsg(params: CmsiMsgInput, options?: CmsiCallOptions): Promise<CmsiSendResult>;
  /**
   * Sends an SMS (`send_sms/`) to user names or phone numbers (`receiver`).
   * @example await cmsi.sendSms({ receiver: ['+8613800000000'], content: 'disk full on web-1' });
   */
  sendSms(params: CmsiSmsInput, options?: CmsiCallOptions): Promise<CmsiSendResult>;
  /**
   * Places a voice call reading `content` out (`send_voice_msg/`, as `auto_read_message`).
   * @example await cmsi.sendVoiceMsg({ receivers: ['oncall-alice'], content: 'Disk full on web-1' });
   */
  sendVoiceMsg(params: CmsiVoiceInput, options?: CmsiCallOptions): Promise<CmsiSendResult>;
  /**
   * Sends a WeChat message (`send_weixin`): `title` → `data.heading`, `content` → `data.message`.
   * The tenant comes from `bk_biz_id` (through the client's `resolveTenant`) when given.
   * @example await cmsi.sendWeixin({ receivers: 'alice', title: '【日志平台】', content: 'Archive restore finished', bk_biz_id: 2 });
   */
  sendWeixin(params: CmsiWeixinInput, options?: CmsiCallOptions): Promise<CmsiSendResult>;
  /**
   * Lists the channels CMSI offers (`get_msg_type/`), cached for `cacheTtl` seconds (5 minutes).
   * @example const channels = (await cmsi.getMsgType()).filter((channel) => channel.is_active !== false);
   */
  getMsgType(options?: CmsiCallOptions): Promise<CmsiMsgType[]>;
  /** The core client, for `client.call` with the exported endpoints. */
  readonly client: BkClient;
  /** Closes the connection pool. */
  close(): Promise<void>;
}

/**
 * Creates a CMSI client. Never throws: the root and credentials resolve at the first call.
 * @example
 * import { createCmsi } from '@x/cmsi';
 *
 * const cmsi = createCmsi({ apiHost: 'http://paas.example.com', gatewayMode: 'gateway', appCode: 'bk_log', appSecret: '...', username: 'admin' });
 * await cmsi.sendWeixin({ receivers: ['alice'], title: '【日志平台】', content: 'done' });
 * await cmsi.close();
 */
export function createCmsi(settings: CmsiSettings = {}): CmsiClient {
  const client = createCmsiCoreClient(settings);
  const cacheTtl = settings.cacheTtl ?? CMSI_DEFAULT_CACHE_TTL;
  const getMsgTypeEndpoint = cacheTtl === CMSI_DEFAULT_CACHE_TTL ? cmsiGetMsgTypeEndpoint : defineCmsiGetMsgTypeEndpoint(cacheTtl);
  return {
    sendMail: async (params, options = {}) => client.call(cmsiSendMailEndpoint, params, options),
    sendMsg: async (params, options = {}) => client.call(cmsiSendMsgEndpoint, params, options),
    sendSms: async (params, options = {}) => client.call(cmsiSendSmsEndpoint, params, options),
    sendVoiceMsg: async (params, options = {}) => client.call(cmsiSendVoiceMsgEndpoint, params, options),
    sendWeixin: async (params, options = {}) => client.call(cmsiSendWeixinEndpoint, params, options),
    getMsgType: async (options = {}) => client.call(getMsgTypeEndpoint, {}, options),
    client,
    close: async () => client.close(),
  };
}
