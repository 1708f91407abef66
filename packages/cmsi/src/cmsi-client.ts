import { randomUUID } from 'node:crypto';
import { getContext, resolveAppSecret } from '@x/core-client';
import type { BkClient, CallOptions, Endpoint, RequestContext } from '@x/core-client';
import { lazyClientEndpoints } from './cmsi-client-endpoints.js';
import type { CmsiMailInput } from './cmsi-mail.js';
import type { CmsiMsgInput } from './cmsi-msg.js';
import type { CmsiMsgType } from './cmsi-msg-type.js';
import { cmsiResultError } from './cmsi-send-failure.js';
import type { CmsiSendResult } from './cmsi-send-result.js';
import { createCmsiCoreClient } from './cmsi-settings.js';
import type { CmsiSettings } from './cmsi-settings.js';
import type { CmsiSmsInput } from './cmsi-sms.js';
import type { CmsiVoiceInput } from './cmsi-voice.js';
import type { CmsiWeixinInput } from './cmsi-weixin.js';

/** Options of one CMSI call: every core call option except `raw` (`signal`, `timeout`, `tenantId`...). */
export type CmsiCallOptions = Omit<CallOptions, 'raw'>;

/**
 * The CMSI client: mail, messages, SMS, voice calls, WeChat, and the channel list. Sends are
 * never retried once the request may have reached CMSI (a retry could notify twice); only
 * failures before anything was sent (connection refused, DNS) are retried.
 *
 * A send CMSI delivered to some receivers and refused for others (unknown user names, unusable
 * contacts) fails with a `PartialDeliveryError` (an `ApiResultError`) naming them in `refused`:
 * the component answers `result: false` although the others got the message. Never resend it to
 * everyone.
 * @example
 * const cmsi = createCmsi({ apiHost: 'http://paas.example.com', username: 'admin' });
 * await cmsi.sendMail({ receivers: ['alice', 'bob'], title: '【日志平台】', content: '<b>Export ready</b>' });
 */
export interface CmsiClient {
  /**
   * Sends an e-mail (`send_mail/`) to user names (`receivers`) or addresses (`receiver`), with
   * `cc`, `sender`, `body_format`, base64 content and attachments.
   * @throws PartialDeliveryError when some receivers got it and others were refused (`refused`)
   * @example
   * await cmsi.sendMail({
   *   receiver: ['ops@example.com'],
   *   email_type: 'SEND_TO_INTERNET',
   *   title: 'Daily report',
   *   content: 'See the attachment.',
   *   body_format: 'Text',
   *   attachments: [{ content: '/var/reports/daily.csv', type: 'csv' }],
   * });
   */
  sendMail(params: CmsiMailInput, options?: CmsiCallOptions): Promise<CmsiSendResult>;
  /**
   * Sends a message through the channel `msg_type` names (`send_msg/`).
   * @example await cmsi.sendMsg({ receivers: 'alice', msg_type: 'mail', title: 'Hi', content: 'Hello' });
   */
  sendMsg(params: CmsiMsgInput, options?: CmsiCallOptions): Promise<CmsiSendResult>;
  /**
   * Sends an SMS (`send_sms/`) to user names or phone numbers (`receiver`: digits only, no `+`
   * or country prefix; CMSI dials them with 86).
   * @example await cmsi.sendSms({ receiver: ['13800000000'], content: 'disk full on web-1' });
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
   * Lists the channels CMSI offers (`get_msg_type/`), cached for `cacheTtl` seconds (5 minutes;
   * our cache, bklog asks every time).
   * @example const channels = (await cmsi.getMsgType()).filter((channel) => channel.is_active !== false);
   */
  getMsgType(options?: CmsiCallOptions): Promise<CmsiMsgType[]>;
  /** The core client, for `client.call` with the endpoints of `@x/cmsi/endpoints`. */
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
  const endpoints = lazyClientEndpoints(settings);
  // Sends ask for the whole envelope and check `result` here: the core's ApiResultError drops
  // the envelope's `data`, where CMSI names the users a partial delivery was refused for.
  const send = async <Input>(endpoint: Endpoint<Input, CmsiSendResult>, params: Input, options: CmsiCallOptions): Promise<CmsiSendResult> => {
    const context = getContext();
    // The id the core would pick (call, then context, then a new one), fixed here so a failure
    // built from the envelope names the request that was sent.
    const requestId = options.requestId ?? context?.requestId ?? randomUUID();
    const envelope = await client.call(endpoint, params, { ...options, requestId, raw: true, throwOnResultFalse: false });
    if (envelope.result) return envelope.data;
    throw cmsiResultError(envelope, {
      endpoint: endpoint.name,
      requestId,
      secrets: knownSecrets(settings, options, context),
      language: context?.language ?? settings.language,
    });
  };
  return {
    sendMail: async (params, options = {}) => send((await endpoints()).sendMail, params, options),
    sendMsg: async (params, options = {}) => send((await endpoints()).sendMsg, params, options),
    sendSms: async (params, options = {}) => send((await endpoints()).sendSms, params, options),
    sendVoiceMsg: async (params, options = {}) => send((await endpoints()).sendVoiceMsg, params, options),
    sendWeixin: async (params, options = {}) => send((await endpoints()).sendWeixin, params, options),
    getMsgType: async (options = {}) => client.call((await endpoints()).getMsgType, {}, options),
    client,
    close: async () => client.close(),
  };
}

/**
 * The secrets of one call, for scrubbing the errors built here from a failed answer (the core
 * scrubs its own): the app secret and the user's tokens of the call or its request context — a
 * component may echo any of them back (reliability suite, "echo result-false").
 */
function knownSecrets(settings: CmsiSettings, options: CmsiCallOptions, context: RequestContext | undefined): string[] {
  const tokens = [options.bkToken ?? context?.bkToken, options.accessToken ?? context?.accessToken, options.bkTicket ?? context?.bkTicket];
  const secrets = tokens.filter((token): token is string => token !== undefined && token !== '');
  try {
    return [resolveAppSecret(settings.appSecret), ...secrets];
  } catch {
    // No secret set: the call itself has already failed on it before any answer came.
    return secrets;
  }
}
