import { firstPresent, present } from './environment.js';
import type { Environment } from './environment.js';
import { SANDBOX_APP_CODE, SANDBOX_APP_SECRET } from './target.js';

/** Where the app code is read from, first match wins. */
export const APP_CODE_ENV_VARIABLES = ['BK_APP_CODE', 'BKPAAS_APP_ID', 'APP_ID'] as const;
/** Where the app secret is read from, first match wins. */
export const APP_SECRET_ENV_VARIABLES = ['BK_APP_SECRET', 'BKPAAS_APP_SECRET', 'APP_TOKEN'] as const;

/** The client settings every CLI reads the same way; the gateway mode and roots stay per app. */
export interface CommonClientSettings {
  readonly appCode: string | undefined;
  readonly appSecret: string | undefined;
  /** `BKPAAS_ENVIRONMENT`. */
  readonly stage: string | undefined;
  /** `BK_USERNAME`, else `admin`. */
  readonly username: string;
  /** `BK_TENANT_ID`. */
  readonly tenantId: string | undefined;
}

/**
 * The credentials, stage, user and tenant of `env`. With `sandboxDefaults` (a sandbox target),
 * missing credentials fall back to the sandbox's ({@link SANDBOX_APP_CODE}, {@link SANDBOX_APP_SECRET}).
 */
export function commonClientSettings(env: Environment, sandboxDefaults: boolean): CommonClientSettings {
  return {
    appCode: firstPresent(env, APP_CODE_ENV_VARIABLES) ?? (sandboxDefaults ? SANDBOX_APP_CODE : undefined),
    appSecret: firstPresent(env, APP_SECRET_ENV_VARIABLES) ?? (sandboxDefaults ? SANDBOX_APP_SECRET : undefined),
    stage: present(env.BKPAAS_ENVIRONMENT),
    username: present(env.BK_USERNAME) ?? 'admin',
    tenantId: present(env.BK_TENANT_ID),
  };
}
