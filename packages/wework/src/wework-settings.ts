import { API_HOST_ENV_VARIABLES, createClient, joinUrl, resolveGatewayMode, resolveStage } from '@x/core-client';
import type { BkClient, BkClientSettings, GatewayMode, Lazy } from '@x/core-client';
import { ValidationError } from '@x/errors';
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
}

/** The environment variable read for the app-chat root (bklog's `WEWORK_APIGATEWAY_ROOT`). */
export const WEWORK_ROOT_ENV_VARIABLE = 'BKAPP_WEWORK_APIGATEWAY_ROOT';

/** The app-chat root path on the legacy ESB, relative to the API host. */
export const WEWORK_LEGACY_PATH = 'api/c/compapi/v2/wework/';

/** The app-chat root path on the API gateway for a stage, relative to the API host. */
export function weworkGatewayPath(stage: string): string {
  return `api/bk-wework/${encodeURIComponent(stage)}/`;
}

function present(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function firstEnvironment(names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = present(process.env[name]);
    if (value !== undefined) return value;
  }
  return undefined;
}

/**
 * The app-chat root for these settings: `baseUrl`, else `apiHost` + gateway mode + stage, else env
 * `BKAPP_WEWORK_APIGATEWAY_ROOT`, else the API host from the environment + gateway mode + stage.
 * @throws ValidationError naming `baseUrl`, `apiHost` and the environment variables when none is set.
 * @example resolveWeworkBaseUrl({ apiHost: 'http://paas', gatewayMode: 'gateway', stage: 'stag' }) // 'http://paas/api/bk-wework/stag/'
 */
export function resolveWeworkBaseUrl(settings: Pick<WeworkSettings, 'baseUrl' | 'apiHost' | 'gatewayMode' | 'stage'> = {}): string {
  const explicit = typeof settings.baseUrl === 'function' ? settings.baseUrl() : settings.baseUrl;
  const explicitUrl = present(explicit);
  if (explicitUrl !== undefined) return explicitUrl;
  const apiHost = present(settings.apiHost);
  if (apiHost === undefined) {
    const root = present(process.env[WEWORK_ROOT_ENV_VARIABLE]);
    if (root !== undefined) return root;
  }
  const host = apiHost ?? firstEnvironment(API_HOST_ENV_VARIABLES);
  if (host === undefined) {
    const names = [WEWORK_ROOT_ENV_VARIABLE, ...API_HOST_ENV_VARIABLES].join(', ');
    throw new ValidationError({
      message: `The WeWork root is not configured: pass baseUrl or apiHost in the settings, or set one of ${names}`,
      issues: [{ path: ['baseUrl'], message: `set baseUrl, apiHost or one of ${names}`, code: 'missing_setting' }],
    });
  }
  const path = resolveGatewayMode(settings.gatewayMode) === 'gateway' ? weworkGatewayPath(resolveStage(settings.stage)) : WEWORK_LEGACY_PATH;
  return joinUrl(host, path);
}

/** The User-Agent product token of this package. */
export const WEWORK_USER_AGENT = `x-wework/${VERSION}`;

/** The core-client settings for these WeWork settings: the lazy root and the package's User-Agent. */
export function toCoreSettings(settings: WeworkSettings): BkClientSettings {
  const { baseUrl: _baseUrl, apiHost: _apiHost, gatewayMode: _gatewayMode, stage: _stage, webhookUrl: _webhookUrl, userAgent, ...core } = settings;
  return {
    ...core,
    baseUrl: () => resolveWeworkBaseUrl(settings),
    userAgent: userAgent === undefined || userAgent === '' ? WEWORK_USER_AGENT : `${userAgent} ${WEWORK_USER_AGENT}`,
  };
}

/** The core client of the app-chat API for these settings. */
export function createWeworkCoreClient(settings: WeworkSettings = {}): BkClient {
  return createClient(toCoreSettings(settings));
}
