import { ValidationError } from '@x/errors';

/** Environment variables read for the app code, in order. */
export const APP_CODE_ENV_VARIABLES = ['BK_APP_CODE', 'BKPAAS_APP_ID', 'APP_ID'] as const;
/** Environment variables read for the app secret, in order. */
export const APP_SECRET_ENV_VARIABLES = ['BK_APP_SECRET', 'BKPAAS_APP_SECRET', 'APP_TOKEN'] as const;
/** Environment variables read for the API host, in order (bklog's `PAAS_API_HOST`). */
export const API_HOST_ENV_VARIABLES = ['BK_COMPONENT_API_URL', 'BK_PAAS_INNER_HOST', 'BK_PAAS_HOST'] as const;

/** Which BlueKing URL scheme an integration uses: the legacy ESB (`/api/c/compapi/...`) or the API gateway. */
export type GatewayMode = 'legacy' | 'gateway';

function readEnvironment(names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = process.env[name];
    // An empty variable is a common leftover of templated deployments; treat it as unset.
    if (value !== undefined && value.trim() !== '') return value.trim();
  }
  return undefined;
}

function present(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function missing(field: string, names: readonly string[]): ValidationError {
  return new ValidationError({
    message: `${field} is not configured: pass it in the settings or set one of ${names.join(', ')}`,
    issues: [{ path: [field], message: `set ${field} or one of ${names.join(', ')}`, code: 'missing_setting' }],
  });
}

/**
 * The app code: `explicit`, else `BK_APP_CODE`, `BKPAAS_APP_ID` or `APP_ID`.
 * @throws ValidationError naming those variables when none is set.
 */
export function resolveAppCode(explicit?: string): string {
  const value = present(explicit) ?? readEnvironment(APP_CODE_ENV_VARIABLES);
  if (value === undefined) throw missing('appCode', APP_CODE_ENV_VARIABLES);
  return value;
}

/**
 * The app secret: `explicit`, else `BK_APP_SECRET`, `BKPAAS_APP_SECRET` or `APP_TOKEN`.
 * @throws ValidationError naming those variables when none is set.
 */
export function resolveAppSecret(explicit?: string): string {
  const value = present(explicit) ?? readEnvironment(APP_SECRET_ENV_VARIABLES);
  if (value === undefined) throw missing('appSecret', APP_SECRET_ENV_VARIABLES);
  return value;
}

/**
 * The BlueKing API host (bklog's `PAAS_API_HOST`): `explicit`, else `BK_COMPONENT_API_URL`,
 * `BK_PAAS_INNER_HOST` or `BK_PAAS_HOST`. No trailing slash is added or removed.
 * @throws ValidationError naming those variables when none is set.
 * @example joinUrl(resolveApiHost(), 'api/c/compapi/v2/cmsi/') // 'http://paas.example.com/api/c/compapi/v2/cmsi/'
 */
export function resolveApiHost(explicit?: string): string {
  const value = present(explicit) ?? readEnvironment(API_HOST_ENV_VARIABLES);
  if (value === undefined) throw missing('apiHost', API_HOST_ENV_VARIABLES);
  return value;
}

/**
 * Legacy ESB or API gateway URLs: `explicit`, else `gateway` when `BKAPP_USE_APIGW` is `true`
 * (any case), else `legacy` — bklog's `USE_APIGW` switch.
 */
export function resolveGatewayMode(explicit?: GatewayMode): GatewayMode {
  if (explicit !== undefined) return explicit;
  return process.env.BKAPP_USE_APIGW?.trim().toLowerCase() === 'true' ? 'gateway' : 'legacy';
}

/**
 * The gateway stage (`prod`, `stag`, `dev`) in API gateway URLs: `explicit`, else
 * `BKPAAS_ENVIRONMENT`, else `prod`.
 */
export function resolveStage(explicit?: string): string {
  return present(explicit) ?? readEnvironment(['BKPAAS_ENVIRONMENT']) ?? 'prod';
}

/**
 * Joins a base URL and a path with exactly one `/` between them, keeping the path's own
 * trailing slash (BlueKing paths differ on it: `send_mail/` but `send_weixin`).
 * @example joinUrl('http://paas/api/c/compapi/v2/cmsi', '/send_mail/') // 'http://paas/api/c/compapi/v2/cmsi/send_mail/'
 */
export function joinUrl(base: string, path: string): string {
  if (path === '') return base;
  if (base === '') return path;
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
