// The calls of a notification relay that uses CMSI and WeCom together, and how the shared-pool
// workload reads the server's counts. Pure: no client or server here, so it is tested alone.
import type { RouteCounts } from '../server/server-protocol.ts';

/**
 * How the relay's clients get their connections:
 * - `shared`: one undici `Agent` given as `dispatcher` to `createCmsi` and `createWework` (its
 *   app chats and every robot): one pool for the whole relay;
 * - `separate`: the defaults: CMSI's pool, WeWork's app-chat pool, and the one pool WeWork's
 *   robots share;
 * - `per-robot`: the defaults, and one `createWeworkRobot` per webhook, each with its own pool —
 *   what `@x/wework` did for every webhook before its robots shared a pool.
 */
export const poolModes = ['shared', 'separate', 'per-robot'] as const;
export type PoolMode = (typeof poolModes)[number];

/** One call of the relay: a CMSI mail, a WeCom app-chat text, or a post to one of the group robots. */
export type RelayCall = { readonly kind: 'cmsi-mail' } | { readonly kind: 'wework-appchat' } | { readonly kind: 'wework-robot'; readonly webhook: number };

/**
 * Call `index` of the relay: mail, app chat and robot in turn, the robot posts going round the
 * `webhooks` group robots, so every client is busy at once and every robot is used.
 */
export function relayCall(index: number, webhooks: number): RelayCall {
  switch (index % 3) {
    case 0:
      return { kind: 'cmsi-mail' };
    case 1:
      return { kind: 'wework-appchat' };
    default:
      return { kind: 'wework-robot', webhook: Math.floor(index / 3) % webhooks };
  }
}

/** The server's line of a mode's run: every route of the run is served under `/<route>/<line>/`. */
export function relayLine(mode: PoolMode): string {
  return `relay-${mode}`;
}

/** Requests and TCP connections the server saw for a mode's run. */
export interface RelayServerCounts {
  readonly cmsiRequests: number;
  readonly appchatRequests: number;
  readonly robotRequests: number;
  /** Connections whose first request was of this line (all of the run's connections). */
  readonly connections: number;
}

/** Reads a mode's counts out of the server's (see `RouteCounts`). */
export function relayServerCounts(counts: RouteCounts, mode: PoolMode): RelayServerCounts {
  const line = relayLine(mode);
  return {
    cmsiRequests: counts[`small/${line}`] ?? 0,
    appchatRequests: counts[`wework/${line}`] ?? 0,
    robotRequests: counts[`robot/${line}`] ?? 0,
    connections: counts[`connections/${line}`] ?? 0,
  };
}

/** The connection pools the relay holds in a mode, by construction. */
export function poolsHeld(mode: PoolMode, webhooks: number): number {
  switch (mode) {
    case 'shared':
      return 1;
    case 'separate':
      return 3;
    case 'per-robot':
      return 2 + webhooks;
  }
}
