// Messages between the benchmark process and the loopback server's process (child_process IPC).

/**
 * Counts kept by the server (single-flight proof, sanity checks): requests per route, and for the
 * routes with a line segment (`small`, `large`, `wework`, `robot`) per client line
 * (`small/<line>`); TCP connections accepted (`connections`), and per client line
 * (`connections/<line>`: a connection belongs to the line of its first request).
 */
export type RouteCounts = Record<string, number>;

export type ServerMessage = { readonly type: 'ready'; readonly port: number } | { readonly type: 'counts'; readonly id: number; readonly counts: RouteCounts };

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
  /** `POST /wework/<line>/**`: WeWork's app-chat answer, `{errcode: 0, errmsg: 'ok'}` in an envelope. */
  wework: 'wework',
  /** `POST /robot/<line>/**`: a WeCom group-robot webhook's raw answer, `{errcode: 0, errmsg: 'ok'}`. */
  robot: 'robot',
} as const;

/** The routes whose second path segment names the client line, counted per line. */
export const lineRoutes: ReadonlySet<string> = new Set([routes.small, routes.large, routes.wework, routes.robot]);

export const slowDelayMs = 50;

/** The CMSI component path every message-type route is served under, as the integration calls it. */
export const cmsiPath = 'api/c/compapi/v2/cmsi/';
