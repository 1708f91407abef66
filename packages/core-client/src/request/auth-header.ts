import type { WireParams } from '../endpoint/define-endpoint.js';

/** The keys of `X-Bkapi-Authorization` (bklog's `API_AUTH_KEYS`). */
export const AUTH_KEYS = ['bk_app_code', 'bk_app_secret', 'bk_username', 'bk_token', 'access_token', 'bk_ticket'] as const;

/** What the auth header is made from. */
export interface AuthSources {
  readonly appCode: string;
  readonly appSecret: string;
  readonly username: string | undefined;
  readonly bkToken: string | undefined;
  readonly accessToken: string | undefined;
  readonly bkTicket: string | undefined;
}

/**
 * The `X-Bkapi-Authorization` JSON: app code and secret, the user, and the user's token, access
 * token or ticket when the context carries them. A truthy string of the same key in params wins,
 * as in bklog (so `bk_username` passed by the caller is the user the gateway sees).
 */
export function buildAuthHeader(sources: AuthSources, params: WireParams): string {
  const auth: Record<string, string> = { bk_app_code: sources.appCode, bk_app_secret: sources.appSecret };
  if (sources.username !== undefined) auth.bk_username = sources.username;
  if (sources.bkToken !== undefined) auth.bk_token = sources.bkToken;
  if (sources.accessToken !== undefined) auth.access_token = sources.accessToken;
  if (sources.bkTicket !== undefined) auth.bk_ticket = sources.bkTicket;
  for (const key of AUTH_KEYS) {
    const value = params[key];
    if ((typeof value === 'string' && value !== '') || typeof value === 'number') auth[key] = String(value);
  }
  return JSON.stringify(auth);
}

/** The literal secret values of a call, for redaction. */
export function secretValues(sources: { readonly [K in keyof AuthSources]?: AuthSources[K] | undefined }, params: WireParams | undefined): string[] {
  const secrets = [sources.appSecret, sources.bkToken, sources.accessToken, sources.bkTicket];
  if (params !== undefined) {
    for (const key of ['bk_app_secret', 'bk_token', 'access_token', 'bk_ticket'] as const) {
      const value = params[key];
      if (typeof value === 'string') secrets.push(value);
    }
  }
  return secrets.filter((secret): secret is string => secret !== undefined && secret !== '');
}
