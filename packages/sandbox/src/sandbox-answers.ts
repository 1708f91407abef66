import type { Context } from 'hono';
import type { SandboxEnv } from './sandbox-env.js';

/**
 * How complete the sandbox's answers are.
 *
 * - `full`: every field the upstream server may send, filled in (the default, for demos).
 * - `minimal`: only the fields the upstream server always sends. A field the real server leaves
 *   out when it is empty, zero or default (Go's `omitempty`, an optional Python key, a field a
 *   component adds only in some versions) is left out, so a client that requires it fails here
 *   as it would against the real server.
 */
export type SandboxAnswers = 'full' | 'minimal';

/** The answer modes, for validation of settings and environment variables. */
export const SANDBOX_ANSWER_MODES: readonly SandboxAnswers[] = Object.freeze(['full', 'minimal']);

/** Whether the current request is answered in the minimal mode. */
export function isMinimal(c: Context<SandboxEnv>): boolean {
  return c.get('answers') === 'minimal';
}

/**
 * A field the upstream server may leave out: `value` in full answers, `undefined` (so
 * `JSON.stringify` drops the key) in minimal answers. Use it only for fields the upstream source
 * shows as optional, and name that source where the route shapes the answer.
 *
 * @example
 * // bkmonitor-datalink pkg/unify-query/service/http/response.go: Status *Status `json:"status,omitempty"`
 * jsonResponse(c, { series, status: mayOmit(c, { code: '', message: '' }) });
 */
export function mayOmit<Value>(c: Context<SandboxEnv>, value: Value): Value | undefined {
  return isMinimal(c) ? undefined : value;
}
