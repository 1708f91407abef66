import { createClient, defineIntegration } from '@x/core-client';
import type { BkClient, BkClientSettings, GatewayMode } from '@x/core-client';
import { VERSION } from './version.js';

/** The BKData roots an endpoint can name (`root` of its definition). */
export type BkdataRootName = 'access' | 'query' | 'databus' | 'databusV4';

/**
 * Absolute base URLs of the four BKData APIs, each ending in `/`.
 * @example
 * {
 *   access: 'http://paas.example.com/api/c/compapi/data/v3/access/',
 *   query: 'http://paas.example.com/api/c/compapi/data/v3/queryengine/',
 *   databus: 'http://paas.example.com/api/c/compapi/data/v3/databus/',
 *   databusV4: 'http://paas.example.com/api/bk-base/prod/v4/databus/',
 * }
 */
export type BkdataRoots = Readonly<Record<BkdataRootName, string>>;

/** How a data query authenticates at BKData (`bkdata_authentication_method`). */
export type BkdataAuthenticationMethod = 'user' | 'token';

/**
 * Settings of {@link createBkdata} and of the group factories (`createBkdataAccess`,
 * `createBkdataQuery`, `createBkdataDatabus`). Every `@x/core-client` setting applies, except
 * `baseUrl` (BKData has four roots; give `roots`, or `apiHost` + `gatewayMode` + `stage`).
 * Nothing is read or checked at creation: a missing host or credential fails at the first call
 * with a ValidationError naming the setting and the environment variables.
 * @example
 * const bkdata = createBkdata({ apiHost: 'http://paas.example.com', gatewayMode: 'gateway', stage: 'prod', username: 'admin' });
 */
export interface BkdataSettings extends Omit<BkClientSettings, 'baseUrl' | 'roots'> {
  /**
   * The BlueKing API host (bklog's `PAAS_API_HOST`) the roots are built on.
   * @default env BK_COMPONENT_API_URL, else BK_PAAS_INNER_HOST, else BK_PAAS_HOST
   */
  readonly apiHost?: string | undefined;
  /**
   * Legacy ESB roots (`/api/c/compapi/data/v3/...`) or API gateway roots
   * (`/api/bk-base/{stage}/v3/...`). The databus v4 root is `/api/bk-base/prod/v4/databus/` in
   * legacy mode (bklog's `DATABUS_APIGATEWAY_ROOT_V4`) and `/api/bk-base/{stage}/v4/databus/` on the gateway.
   * @default 'gateway' when env BKAPP_USE_APIGW is 'true', else 'legacy'
   */
  readonly gatewayMode?: GatewayMode | undefined;
  /**
   * The gateway stage in gateway roots.
   * @default env BKPAAS_ENVIRONMENT, else 'prod'
   */
  readonly stage?: string | undefined;
  /**
   * Explicit roots; each one given wins over the one built from `apiHost`.
   * @example roots: { databusV4: 'http://bkbase.internal/v4/databus/' }
   */
  readonly roots?: Partial<BkdataRoots> | undefined;
  /**
   * How `query_sync` authenticates when a call does not say: `user` (the user in
   * `bk_username`) or `token` (`bkdata_data_token`).
   * @default 'user'
   */
  readonly authenticationMethod?: BkdataAuthenticationMethod | undefined;
  /**
   * The BKData data token sent as `bkdata_data_token` in `token` mode. A secret: it is redacted
   * from every log record and error.
   * @default env BKAPP_BKDATA_DATA_TOKEN
   */
  readonly dataToken?: string | undefined;
}

/** The environment variable read for the data token (bklog's `BKAPP_BKDATA_DATA_TOKEN`). */
export const DATA_TOKEN_ENV_VARIABLE = 'BKAPP_BKDATA_DATA_TOKEN';

/**
 * BKData's four roots and User-Agent, resolved by the core's integration kit. bklog's
 * DATABUS_APIGATEWAY_ROOT_V4 is a gateway URL with a literal `prod` stage even in legacy mode.
 */
export const bkdataIntegration = defineIntegration<BkdataRootName>({
  name: 'bkdata',
  version: VERSION,
  roots: {
    access: { legacyPath: 'api/c/compapi/data/v3/access/', gatewayPath: (stage) => `api/bk-base/${stage}/v3/access/` },
    query: { legacyPath: 'api/c/compapi/data/v3/queryengine/', gatewayPath: (stage) => `api/bk-base/${stage}/v3/queryengine/` },
    databus: { legacyPath: 'api/c/compapi/data/v3/databus/', gatewayPath: (stage) => `api/bk-base/${stage}/v3/databus/` },
    databusV4: { legacyPath: 'api/bk-base/prod/v4/databus/', gatewayPath: (stage) => `api/bk-base/${stage}/v4/databus/` },
  },
});

/**
 * The URL of one BKData root for these settings: the explicit root, else built from the API
 * host, the gateway mode and the stage (read from the environment when not given).
 * @throws ValidationError naming `apiHost` and its environment variables when no host is known.
 * @example resolveBkdataRoot({ apiHost: 'http://paas', gatewayMode: 'gateway' }, 'query') // 'http://paas/api/bk-base/prod/v3/queryengine/'
 */
export function resolveBkdataRoot(settings: Pick<BkdataSettings, 'apiHost' | 'gatewayMode' | 'stage' | 'roots'>, name: BkdataRootName): string {
  return bkdataIntegration.resolveRoot(settings, name);
}

/** The User-Agent product token of this package. */
export const BKDATA_USER_AGENT = bkdataIntegration.userAgent;

/**
 * The core client every BKData group runs on: the four roots (resolved at the first call that
 * needs them) and the package's User-Agent before the core's.
 */
export function createBkdataCoreClient(settings: BkdataSettings = {}): BkClient {
  return createClient(bkdataIntegration.coreSettings(settings, ['authenticationMethod', 'dataToken']));
}
