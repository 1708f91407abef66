export { createWework } from './wework-client.js';
export type { WeworkCallOptions, WeworkClient, WeworkRobotMarkdownInput } from './wework-client.js';
export {
  resolveWeworkBaseUrl,
  WEWORK_LEGACY_PATH,
  WEWORK_ROOT_ENV_VARIABLE,
  WEWORK_USER_AGENT,
  weworkGatewayPath,
} from './wework-settings.js';
export type { WeworkSettings } from './wework-settings.js';
export {
  weworkAppchatMessageSchema,
  weworkCreateAppchatEndpoint,
  weworkCreateAppchatInputSchema,
  weworkCreateAppchatOutputSchema,
  weworkSendAppchatEndpoint,
  weworkSendResultSchema,
} from './wework-appchat.js';
export type {
  WeworkAppchatMessage,
  WeworkAppchatMessageType,
  WeworkCreateAppchatInput,
  WeworkCreateAppchatResult,
  WeworkSendResult,
} from './wework-appchat.js';
export { createWeworkRobot, weworkRobotMessageSchema, weworkRobotResultSchema, weworkRobotSendEndpoint } from './wework-robot.js';
export type { WeworkRobot, WeworkRobotMarkdownOptions, WeworkRobotMessage, WeworkRobotResult, WeworkRobotSettings } from './wework-robot.js';
export { weworkExtraSchema } from './wework-input.js';
export type { WeworkExtra, WeworkJsonValue } from './wework-input.js';
export { VERSION } from './version.js';
