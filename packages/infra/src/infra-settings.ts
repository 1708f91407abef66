import { createClient, defineIntegration, resolveGatewayMode } from '@x/core-client';
import type { BkClient, BkClientSettings, GatewayMode, Lazy } from '@x/core-client';
import { VERSION } from './version.js';

/** Defaults of the probes that `es.register/update` and `kafka.register/update` run. */
export interface InfraProbeDefaults {
  /**
   * Milliseconds each probe request may take.
   * @default 10000
   */
  readonly timeoutMs?: number | undefined;
  /**
   * Milliseconds the TCP connect of a probe may take.
   * @default 2000
   */
  readonly connectTimeoutMs?: number | undefined;
}

/**
 * Settings of {@link createInfra}. Every `@x/core-client` setting applies (credentials, user,
 * tenant, timeouts, retry, logger, fetch, TLS...). Nothing is read or checked at creation: a
 * missing host or credential fails the first call with a ValidationError naming what to set.
 * @example
 * const infra = createInfra({ apiHost: 'http://paas.example.com', gatewayMode: 'gateway', username: 'admin' });
 * const infra2 = createInfra({ baseUrl: 'http://paas.example.com/api/c/compapi/v2/monitor_v3/', gatewayMode: 'legacy' });
 */
export interface InfraSettings extends Omit<BkClientSettings, 'baseUrl'> {
  /**
   * The metadata root URL; wins over `apiHost`. `gatewayMode` still picks the path form
   * (legacy `metadata_*` paths or the gateway's).
   * @example 'http://paas.example.com/api/bk-monitor/prod/app/metadata/'
   */
  readonly baseUrl?: Lazy<string> | undefined;
  /**
   * The BlueKing API host (bklog's `PAAS_API_HOST`) the metadata root is built on.
   * @default env BK_COMPONENT_API_URL, else BK_PAAS_INNER_HOST, else BK_PAAS_HOST
   */
  readonly apiHost?: string | undefined;
  /**
   * Legacy ESB (`{apiHost}/api/c/compapi/v2/monitor_v3/` + `metadata_*` paths) or the monitor
   * API gateway (`{apiHost}/api/bk-monitor/{stage}/app/metadata/` + plain paths, except
   * `metadata_delete_cluster_info/`, which keeps its prefix there too).
   * @default 'gateway' when env BKAPP_USE_APIGW is 'true' or BKAPP_USE_NEW_MONITOR_APIGATEWAY is 'on', else 'legacy'
   */
  readonly gatewayMode?: GatewayMode | undefined;
  /**
   * The gateway stage in the gateway root (bklog hard-codes `prod`).
   * @default env BKPAAS_ENVIRONMENT, else 'prod'
   */
  readonly stage?: string | undefined;
  /** Defaults of the connectivity probes run by `register` and `update`. */
  readonly probe?: InfraProbeDefaults | undefined;
}

/** The metadata root path on the legacy ESB, relative to the API host. */
export const METADATA_LEGACY_PATH = 'api/c/compapi/v2/monitor_v3/';

/** The metadata root path on the monitor API gateway for a stage, relative to the API host. */
export function metadataGatewayPath(stage: string): string {
  return `api/bk-monitor/${encodeURIComponent(stage)}/app/metadata/`;
}

/**
 * The path form of the metadata endpoints: `explicit`, else the gateway when
 * `BKAPP_USE_APIGW` is `true` or `BKAPP_USE_NEW_MONITOR_APIGATEWAY` is `on` (bklog's
 * `USE_APIGW or USE_NEW_MONITOR_APIGATEWAY` for the transfer module), else legacy.
 */
export function resolveInfraGatewayMode(explicit?: GatewayMode): GatewayMode {
  if (explicit !== undefined) return explicit;
  if (process.env.BKAPP_USE_NEW_MONITOR_APIGATEWAY?.trim().toLowerCase() === 'on') return 'gateway';
  return resolveGatewayMode();
}

/** The metadata root and User-Agent of `@x/infra`, resolved by the core's integration kit. */
export const infraIntegration = defineIntegration({
  name: 'infra',
  version: VERSION,
  roots: { main: { legacyPath: METADATA_LEGACY_PATH, gatewayPath: (stage) => `api/bk-monitor/${stage}/app/metadata/` } },
  defaultGatewayMode: () => resolveInfraGatewayMode(),
});

/**
 * The metadata root URL for these settings: `baseUrl`, else built from the API host, the
 * gateway mode and the stage (read from the environment when not given).
 * @throws ValidationError naming `apiHost` and its environment variables when no host is known.
 * @example resolveMetadataRoot({ apiHost: 'http://paas', gatewayMode: 'gateway' }) // 'http://paas/api/bk-monitor/prod/app/metadata/'
 */
export function resolveMetadataRoot(settings: Pick<InfraSettings, 'baseUrl' | 'apiHost' | 'gatewayMode' | 'stage'>): string {
  return infraIntegration.resolveRoot(settings);
}

/** The User-Agent product token of this package. */
export const INFRA_USER_AGENT = infraIntegration.userAgent;

/** The core client of `@x/infra`: the metadata root (resolved at the first call) and the User-Agent. */
export function createInfraCoreClient(settings: InfraSettings = {}): BkClient {
  return createClient(infraIntegration.coreSettings(settings, ['probe']));
}
