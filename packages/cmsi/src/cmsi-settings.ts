import { createClient, defineIntegration } from '@x/core-client';
import type { BkClient, BkClientSettings, GatewayMode, Lazy } from '@x/core-client';
import { VERSION } from './version.js';

/**
 * Settings of {@link createCmsi}. Every `@x/core-client` setting applies (credentials, user,
 * tenant, `resolveTenant`, timeouts, retry, cache store, logger, fetch, TLS...). Nothing is read
 * or checked at creation: a missing root or credential fails the first call with a
 * ValidationError naming what to set.
 * @example
 * const cmsi = createCmsi({ apiHost: 'http://paas.example.com', gatewayMode: 'gateway', stage: 'prod', username: 'admin' });
 * const cmsi2 = createCmsi({ baseUrl: 'http://paas.example.com/api/c/compapi/v2/cmsi/' });
 */
export interface CmsiSettings extends Omit<BkClientSettings, 'baseUrl'> {
  /**
   * The CMSI root URL; wins over `apiHost`, `gatewayMode` and `stage`.
   * @example 'http://paas.example.com/api/c/compapi/v2/cmsi/'
   */
  readonly baseUrl?: Lazy<string> | undefined;
  /**
   * The BlueKing API host (bklog's `PAAS_API_HOST`) the root is built on.
   * @default env BK_COMPONENT_API_URL, else BK_PAAS_INNER_HOST, else BK_PAAS_HOST
   */
  readonly apiHost?: string | undefined;
  /**
   * Legacy ESB root (`{apiHost}/api/c/compapi/v2/cmsi/`, bklog's `CMSI_APIGATEWAY_ROOT_V2`) or
   * API gateway root (`{apiHost}/api/bk-cmsi/{stage}/v1/`, bklog's APIGW form).
   * @default 'gateway' when env BKAPP_USE_APIGW is 'true', else 'legacy'
   */
  readonly gatewayMode?: GatewayMode | undefined;
  /**
   * The gateway stage in the gateway root (bklog uses its `ENVIRONMENT`).
   * @default env BKPAAS_ENVIRONMENT, else 'prod'
   */
  readonly stage?: string | undefined;
  /**
   * Seconds `getMsgType` results are cached (per user, tenant and language); `0` disables it.
   * This cache is ours: bklog calls `get_msg_type` uncached every time.
   * @default 300
   */
  readonly cacheTtl?: number | undefined;
  /**
   * Also send `bk_app_code` and `bk_app_secret` as params (in the JSON body; in the query of the
   * GET `get_msg_type/`), besides `X-Bkapi-Authorization`. Only for the community-edition ESB
   * (legacy-bk-paas `master`, `paas-ce/paas/esb`), which reads the app credentials from the body
   * or query only (`esb/bkapp/validators.py` `AppSecretValidator`: `request.g.kwargs`) and
   * answers every call of a client without it with "Signature [bk_signature] and APP Secret
   * [bk_app_secret] cannot be empty at the same time".
   * The secret stays redacted in every log record, error and span; on `get_msg_type/` it is in
   * the URL, which proxies between you and the ESB may log.
   * @default false
   */
  readonly credentialsInBody?: boolean | undefined;
}

/** The CMSI root path on the legacy ESB, relative to the API host. */
export const CMSI_LEGACY_PATH = 'api/c/compapi/v2/cmsi/';

/** The CMSI root path on the API gateway for a stage, relative to the API host. */
export function cmsiGatewayPath(stage: string): string {
  return `api/bk-cmsi/${encodeURIComponent(stage)}/v1/`;
}

/**
 * How long `getMsgType` results are kept by default (five minutes). The cache is this package's
 * own: bklog's `CmsiApi.get_msg_type` has no `cache_time` (bk-monitor `bklog/apps/api/modules/cmsi.py`).
 */
export const CMSI_DEFAULT_CACHE_TTL = 300;

/** CMSI's roots and User-Agent, resolved by the core's integration kit. */
export const cmsiIntegration = defineIntegration({
  name: 'cmsi',
  version: VERSION,
  roots: { main: { legacyPath: CMSI_LEGACY_PATH, gatewayPath: (stage) => `api/bk-cmsi/${stage}/v1/` } },
});

/**
 * The CMSI root for these settings: `baseUrl`, else the API host (setting, then environment) +
 * gateway mode + stage.
 * @throws ValidationError naming `apiHost` and its environment variables when no host is known.
 * @example resolveCmsiBaseUrl({ apiHost: 'http://paas', gatewayMode: 'gateway', stage: 'stag' }) // 'http://paas/api/bk-cmsi/stag/v1/'
 */
export function resolveCmsiBaseUrl(settings: Pick<CmsiSettings, 'baseUrl' | 'apiHost' | 'gatewayMode' | 'stage'> = {}): string {
  return cmsiIntegration.resolveRoot(settings);
}

/** The User-Agent product token of this package. */
export const CMSI_USER_AGENT = cmsiIntegration.userAgent;

/** The core client for these settings: the lazy root and the package's User-Agent before the core's. */
export function createCmsiCoreClient(settings: CmsiSettings = {}): BkClient {
  return createClient(cmsiIntegration.coreSettings(settings, ['cacheTtl', 'credentialsInBody']));
}
