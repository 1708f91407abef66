// @x/cmsi/endpoints: every CMSI endpoint definition with its zod schemas, for composing your own
// calls with `client.call` (a `CmsiClient`'s `client`, or any core client rooted at CMSI), and the
// pieces to build such a root. The client itself and the types of its calls are in `@x/cmsi`.

export { cmsiSendMailEndpoint, cmsiMailInputSchema } from './cmsi-mail.js';
export { cmsiSendMsgEndpoint, cmsiMsgInputSchema } from './cmsi-msg.js';
export { cmsiSendSmsEndpoint, cmsiSmsInputSchema } from './cmsi-sms.js';
export { cmsiSendVoiceMsgEndpoint, cmsiVoiceInputSchema } from './cmsi-voice.js';
export { cmsiSendWeixinEndpoint, cmsiWeixinDataSchema, cmsiWeixinInputSchema } from './cmsi-weixin.js';
export { cmsiGetMsgTypeEndpoint, cmsiGetMsgTypeInputSchema, cmsiMsgTypeSchema, defineCmsiGetMsgTypeEndpoint } from './cmsi-msg-type.js';

// The schemas the inputs and answers are built from.
export { cmsiAttachmentInputSchema } from './cmsi-attachments.js';
export type { CmsiWireAttachment } from './cmsi-attachments.js';
export { cmsiListSchema } from './cmsi-receivers.js';
export { cmsiExtraSchema } from './cmsi-input.js';
export { cmsiSendResultSchema } from './cmsi-send-result.js';

// For an endpoint sent the way a client with `credentialsInBody: true` sends it, and for a root of your own.
export { withBodyCredentials } from './cmsi-body-credentials.js';
export { CMSI_LEGACY_PATH, cmsiGatewayPath } from './cmsi-settings.js';
