// Messages between the benchmark process and the loopback server's process (child_process IPC).

/**
 * Request counts, counted at the server (single-flight proof, sanity checks): per route, and for
 * `small`/`large` per client line (`small/<line>`).
 */
export type RouteCounts = Record<string, number>;

export type ServerMessage =
  | { readonly type: 'ready'; readonly port: number }
  | { readonly type: 'counts'; readonly id: number; readonly counts: RouteCounts };

export type ClientMessage = { readonly type: 'counts'; readonly id: number } | { readonly type: 'reset' } | { readonly type: 'close' };

/** The routes, by first path segment. Every GET route ignores the rest of its path and its query. */
export const routes = {
  /** `GET /small/<line>/**`: ~200 B of message types in an envelope. */
  small: 'small',
  /** `GET /large/<line>/**`: ~1 MB of message types in an envelope. */
  large: 'large',
  /** `GET /slow/**`: the small answer after {@link slowDelayMs} (single-flight: calls pile up). */
  slow: 'slow',
  /** `GET /cached/**`: the small answer, counted apart for the cache workload. */
  cached: 'cached',
  /** `POST /list/**`: `{page: {start, limit}, total}` → `{count: total, info: records}`. */
  list: 'list',
} as const;

export const slowDelayMs = 50;

/** The CMSI component path every message-type route is served under, as the integration calls it. */
export const cmsiPath = 'api/c/compapi/v2/cmsi/';
