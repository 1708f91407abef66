import { createClient, defineIntegration } from '@x/core-client';
import type { BkClient, BkClientSettings } from '@x/core-client';
import { VERSION } from './version.js';

/**
 * Maps a negative business id (a non-CMDB space in bklog) to its space uid, e.g.
 * `-4 → 'bksaas__my_app'`. bklog looks this up in its space database; an SDK cannot.
 */
export type UnifyQuerySpaceUidResolver = (bkBizId: number) => string | undefined | Promise<string | undefined>;

/**
 * Settings of {@link createUnifyQuery}: every `@x/core-client` setting plus where unify-query is
 * and how negative business ids map to spaces. Nothing is read or checked at creation.
 * @example
 * const unifyQuery = createUnifyQuery({ baseUrl: 'http://bkapi.example.com/api/bk-unify-query/', username: 'admin' });
 */
export interface UnifyQuerySettings extends BkClientSettings {
  /**
   * The unify-query root, ending in `/` (bklog's `UNIFYQUERY_APIGATEWAY_ROOT`).
   * @default `<apiHost>/api/bk-unify-query/` for an `apiHost` setting, else env BKAPP_UNIFYQUERY_APIGATEWAY_ROOT, else the API host variables
   */
  readonly baseUrl?: BkClientSettings['baseUrl'];
  /**
   * The BlueKing API host, used when neither `baseUrl` nor BKAPP_UNIFYQUERY_APIGATEWAY_ROOT is set.
   * @default env BK_COMPONENT_API_URL, else BK_PAAS_INNER_HOST, else BK_PAAS_HOST
   */
  readonly apiHost?: string | undefined;
  /**
   * Space uid of a negative `bk_biz_id` for `X-Bk-Scope-Space-Uid`. Without it a negative id is a
   * ValidationError (ids ≥ 0 are `bkcc__<id>` and need no lookup).
   * @example resolveSpaceUid: async (bkBizId) => (await spaces.byBiz(bkBizId))?.spaceUid
   */
  readonly resolveSpaceUid?: UnifyQuerySpaceUidResolver | undefined;
}

/** The environment variable of the unify-query root (bklog's `BKAPP_UNIFYQUERY_APIGATEWAY_ROOT`). */
export const UNIFY_QUERY_ROOT_ENV_VARIABLE = 'BKAPP_UNIFYQUERY_APIGATEWAY_ROOT';

/** The path of unify-query under an API host when no root is configured. */
export const UNIFY_QUERY_GATEWAY_PATH = 'api/bk-unify-query/';

/** unify-query's root and User-Agent, resolved by the core's integration kit (one path in both gateway modes). */
export const unifyQueryIntegration = defineIntegration({
  name: 'unify-query',
  version: VERSION,
  roots: { main: { legacyPath: UNIFY_QUERY_GATEWAY_PATH, gatewayPath: () => UNIFY_QUERY_GATEWAY_PATH } },
  rootEnvVariable: UNIFY_QUERY_ROOT_ENV_VARIABLE,
});

/**
 * The unify-query root for these settings: `baseUrl`, else `<apiHost>/api/bk-unify-query/` for an
 * `apiHost` setting, else env BKAPP_UNIFYQUERY_APIGATEWAY_ROOT, else an API host from the
 * environment. Settings win over the environment, as everywhere in the SDK.
 * @throws ValidationError naming `apiHost` and the environment variables when nothing is set.
 */
export function resolveUnifyQueryRoot(settings: Pick<UnifyQuerySettings, 'baseUrl' | 'apiHost'>): string {
  return unifyQueryIntegration.resolveRoot(settings);
}

/** The core client of unify-query: the lazily resolved root and this package's User-Agent. */
export function createUnifyQueryCoreClient(settings: UnifyQuerySettings = {}): BkClient {
  return createClient(unifyQueryIntegration.coreSettings(settings, ['resolveSpaceUid']));
}

/** The User-Agent product token of this package. */
export const UNIFY_QUERY_USER_AGENT = unifyQueryIntegration.userAgent;
