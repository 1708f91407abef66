import { isSecretKey } from '@x/errors';
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
 * JSON with every character outside ASCII written as `\\uXXXX` (UTF-16 units, as Python's
 * `json.dumps` with its default `ensure_ascii`): a header value must be bytes, and a user named
 * 张三 must reach the gateway as the same JSON bklog sends, not fail the call.
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The `X-Bkapi-Authorization` JSON (ASCII only, see {@link asciiJson}): app code and secret, the user, and the user's token, access
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
  return asciiJson(auth);
}

/** The literal secret values of a call, for redaction. */
export function secretValues(sources: { readonly [K in keyof AuthSources]?: AuthSources[K] | undefined }, params: WireParams | undefined): string[] {
  const secrets = [sources.appSecret, sources.bkToken, sources.accessToken, sources.bkTicket];
  if (params !== undefined) collectSecretValues(params, false, secrets, 0);
  return secrets.filter((secret): secret is string => secret !== undefined && secret !== '');
}

// Every string under a secret key (`bkdata_data_token`, `auth_info: { password }`...) is scrubbed
// as a literal too, so a server that echoes it in a message cannot leak it through an error.
function collectSecretValues(value: unknown, underSecretKey: boolean, into: (string | undefined)[], depth: number): void {
  if (depth > 8) return;
  if (typeof value === 'string') {
    if (underSecretKey) into.push(value);
    return;
  }
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return;
  if (Array.isArray(value)) {
    for (const item of value) collectSecretValues(item, underSecretKey, into, depth + 1);
    return;
  }
  for (const [key, item] of Object.entries(value)) collectSecretValues(item, underSecretKey || isSecretKey(key), into, depth + 1);
}
