// @x/wework/endpoints: every WeWork endpoint definition with its zod schemas, for composing your
// own calls with `client.call` (a `WeworkClient`'s `client`, or any core client rooted at the
// WeWork API or at a robot webhook), and the root paths. The clients and the types of their calls
// are in `@x/wework`.

export {
  weworkAppchatMessageSchema,
  weworkCreateAppchatEndpoint,
  weworkCreateAppchatInputSchema,
  weworkCreateAppchatOutputSchema,
  weworkSendAppchatEndpoint,
  weworkSendResultSchema,
} from './wework-appchat.js';
export { weworkRobotMessageSchema, weworkRobotResultSchema, weworkRobotSendEndpoint } from './wework-robot-endpoint.js';
export { weworkExtraSchema } from './wework-input.js';
export { WEWORK_LEGACY_PATH, weworkGatewayPath } from './wework-settings.js';
