import { createHash } from 'node:crypto';

/** What a cached result depends on: the request and who it was made for. */
export interface CacheKeyParts {
  readonly method: string;
  readonly url: string;
  readonly params: unknown;
  readonly tenantId: string;
  readonly username: string | undefined;
  readonly appCode: string;
  readonly language: string | undefined;
  /**
   * The user's `bkToken`, `accessToken` and `bkTicket` of the call: a context may name its user
   * by token alone, and two tokens are two users (or two permission sets) until proven otherwise.
   */
  readonly credentials: readonly (string | undefined)[];
}

/** Deep copy with object keys sorted, so `{a, b}` and `{b, a}` give the same key. */
function stable(value: unknown, depth = 0): unknown {
  if (depth > 32 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => stable(item, depth + 1));
  if (value instanceof Date) return value.toISOString();
  const entries = Object.keys(value)
    .sort()
    .map((key): [string, unknown] => [key, stable((value as Record<string, unknown>)[key], depth + 1)]);
  return Object.fromEntries(entries);
}

/** The URL with its query parameters in key order (repeated keys keep their order). */
function sortedQuery(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.searchParams.sort();
    return parsed.toString();
  } catch {
    return url;
  }
}

/**
 * A SHA-256 over method, final URL, stably-sorted params, tenant, username, user credentials,
 * app code and language: one user's or tenant's result is never served to another. The key is a
 * digest, so a store (Redis) never sees a token.
 */
export function createCacheKey(parts: CacheKeyParts): string {
  const material = JSON.stringify([
    parts.method,
    sortedQuery(parts.url),
    stable(parts.params),
    parts.tenantId,
    parts.username ?? null,
    parts.credentials.map((value) => value ?? null),
    parts.appCode,
    parts.language ?? null,
  ]);
  return createHash('sha256').update(material).digest('hex');
}
