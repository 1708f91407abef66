// @x/wework: the clients' contract — the factories, their settings and client types, what each
// call takes and returns, and the constants a caller needs. The endpoint definitions and zod
// schemas, for composing your own calls with `client.call`, are in `@x/wework/endpoints`.

export { createWework } from './wework-client.js';
export type { WeworkCallOptions, WeworkClient, WeworkRobotMarkdownInput } from './wework-client.js';
export { createWeworkRobot } from './wework-robot.js';
export type { WeworkRobot, WeworkRobotMarkdownOptions, WeworkRobotSettings } from './wework-robot.js';
export { resolveWeworkBaseUrl, WEWORK_ROOT_ENV_VARIABLE, WEWORK_USER_AGENT } from './wework-settings.js';
export type { WeworkSettings } from './wework-settings.js';

// What the calls take and return.
export type {
  WeworkAppchatMessage,
  WeworkAppchatMessageType,
  WeworkCreateAppchatInput,
  WeworkCreateAppchatResult,
  WeworkSendResult,
} from './wework-appchat.js';
export type { WeworkRobotMessage, WeworkRobotResult } from './wework-robot.js';
export type { WeworkExtra, WeworkJsonValue } from './wework-input.js';

export { VERSION } from './version.js';
