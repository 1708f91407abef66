// @x/cmsi: the client's contract — the factory, its settings and client types, what each call
// takes and returns, and the helpers a caller needs. The endpoint definitions and zod schemas,
// for composing your own calls with `client.call`, are in `@x/cmsi/endpoints`.

export { createCmsi } from './cmsi-client.js';
export type { CmsiCallOptions, CmsiClient } from './cmsi-client.js';
export { CMSI_DEFAULT_CACHE_TTL, CMSI_USER_AGENT, resolveCmsiBaseUrl } from './cmsi-settings.js';
export type { CmsiSettings } from './cmsi-settings.js';

// What the calls take and return.
export type { CmsiMailInput } from './cmsi-mail.js';
export type { CmsiMsgInput } from './cmsi-msg.js';
export type { CmsiSmsInput } from './cmsi-sms.js';
export type { CmsiVoiceInput } from './cmsi-voice.js';
export type { CmsiWeixinInput } from './cmsi-weixin.js';
export type { CmsiAttachmentInput } from './cmsi-attachments.js';
export type { CmsiList } from './cmsi-receivers.js';
export type { CmsiExtra, CmsiJsonValue } from './cmsi-input.js';
export type { CmsiSendResult } from './cmsi-send-result.js';
export type { CmsiMsgType } from './cmsi-msg-type.js';

// Helpers: what CMSI accepts, checked without loading the schemas; base64 bodies; who a partial delivery missed.
export { CMSI_IMAGE_TYPES, CMSI_MSG_TYPES, isEmailAddress, isPhoneNumber } from './cmsi-rules.js';
export type { CmsiMsgTypeName } from './cmsi-rules.js';
export { base64Content } from './cmsi-base64-content.js';
export { refusedReceivers } from './cmsi-send-failure.js';

export { VERSION } from './version.js';
