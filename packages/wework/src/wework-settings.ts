import { createClient, defineIntegration } from '@x/core-client';
import type { BkClient, BkClientSettings, GatewayMode, Lazy } from '@x/core-client';
import { VERSION } from './version.js';

/**
 * Settings of {@link createWework}. Every `@x/core-client` setting applies (credentials, user,
 * tenant, timeouts, retry, logger, fetch, TLS...). Nothing is read or checked at creation: a
 * missing root or credential fails the first call with a ValidationError naming what to set.
 *
 * The app-chat root has no public bklog value (`WEWORK_APIGATEWAY_ROOT` is absent from every
 * public bklog config), so this SDK documents its own default paths: `api/c/compapi/v2/wework/`
 * (legacy ESB) and `api/bk-wework/{stage}/` (API gateway), the paths `@x/sandbox` serves.
 * @example
 * const wework = createWework({ apiHost: 'http://paas.example.com', username: 'admin' });
 * const wework2 = createWework({ baseUrl: 'http://bkapi.example.com/api/bk-wework/prod/' });
 */
export interface WeworkSettings extends Omit<BkClientSettings, 'baseUrl'> {
  /**
   * The app-chat root URL; wins over everything below.
   * @default env BKAPP_WEWORK_APIGATEWAY_ROOT (bklog's WEWORK_APIGATEWAY_ROOT), when no `apiHost` is given
   * @example 'http://paas.example.com/api/c/compapi/v2/wework/'
   */
  readonly baseUrl?: Lazy<string> | undefined;
  /**
   * The BlueKing API host (bklog's `PAAS_API_HOST`) the root is built on when `baseUrl` is not
   * given.
   * @default env BK_COMPONENT_API_URL, else BK_PAAS_INNER_HOST, else BK_PAAS_HOST (after BKAPP_WEWORK_APIGATEWAY_ROOT)
   */
  readonly apiHost?: string | undefined;
  /**
   * Legacy ESB root (`{apiHost}/api/c/compapi/v2/wework/`) or API gateway root
   * (`{apiHost}/api/bk-wework/{stage}/`).
   * @default 'gateway' when env BKAPP_USE_APIGW is 'true', else 'legacy'
   */
  readonly gatewayMode?: GatewayMode | undefined;
  /**
   * The gateway stage in the gateway root.
   * @default env BKPAAS_ENVIRONMENT, else 'prod'
   */
  readonly stage?: string | undefined;
  /**
   * The WeCom group-robot webhook used by `sendRobot` / `sendRobotMarkdown` when a call names
   * none. It holds a secret `key` query parameter, which never appears in a log record or error.
   * @example 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=...'
   */
  readonly webhookUrl?: string | undefined;
  /**
   * Robot clients (one per distinct webhook URL) kept open at most. Posting to one more closes the
   * least recently used, once its calls in flight have settled. A whole number of at least 1,
   * checked at the first robot call (a ValidationError naming `maxRobots`).
   * @default 64
   */
  readonly maxRobots?: number | undefined;
  /**
   * Milliseconds a robot client may go unused (after its last call settled) before it is closed
   * and dropped; the next call to its webhook creates it again. The timer never keeps the process
   * alive. Above 0 and at most 2147483647, checked at the first robot call (a ValidationError
   * naming `robotIdleTimeout`).
   * @default 300000 (5 minutes)
   */
  readonly robotIdleTimeout?: number | undefined;
}

/** The environment variable read for the app-chat root (bklog's `WEWORK_APIGATEWAY_ROOT`). */
export const WEWORK_ROOT_ENV_VARIABLE = 'BKAPP_WEWORK_APIGATEWAY_ROOT';

/** The app-chat root path on the legacy ESB, relative to the API host. */
export const WEWORK_LEGACY_PATH = 'api/c/compapi/v2/wework/';

/** The app-chat root path on the API gateway for a stage, relative to the API host. */
export function weworkGatewayPath(stage: string): string {
  return `api/bk-wework/${encodeURIComponent(stage)}/`;
}

/** The app-chat root and User-Agent of WeWork, resolved by the core's integration kit. */
export const weworkIntegration = defineIntegration({
  name: 'wework',
  version: VERSION,
  roots: { main: { legacyPath: WEWORK_LEGACY_PATH, gatewayPath: (stage) => `api/bk-wework/${stage}/` } },
  rootEnvVariable: WEWORK_ROOT_ENV_VARIABLE,
});

/**
 * The app-chat root for these settings: `baseUrl`, else `apiHost` + gateway mode + stage, else env
 * `BKAPP_WEWORK_APIGATEWAY_ROOT`, else the API host from the environment + gateway mode + stage.
 * @throws ValidationError naming `baseUrl`, `apiHost` and the environment variables when none is set.
 * @example resolveWeworkBaseUrl({ apiHost: 'http://paas', gatewayMode: 'gateway', stage: 'stag' }) // 'http://paas/api/bk-wework/stag/'
 */
export function resolveWeworkBaseUrl(settings: Pick<WeworkSettings, 'baseUrl' | 'apiHost' | 'gatewayMode' | 'stage'> = {}): string {
  return weworkIntegration.resolveRoot(settings);
}

/** The User-Agent product token of this package. */
export const WEWORK_USER_AGENT = weworkIntegration.userAgent;

/** The core-client settings for these WeWork settings: the lazy root and the package's User-Agent. */
export function toCoreSettings(settings: WeworkSettings): BkClientSettings {
  return weworkIntegration.coreSettings(settings, ['webhookUrl', 'maxRobots', 'robotIdleTimeout']);
}

/** The core client of the app-chat API for these settings. */
export function createWeworkCoreClient(settings: WeworkSettings = {}): BkClient {
  return createClient(toCoreSettings(settings));
}
