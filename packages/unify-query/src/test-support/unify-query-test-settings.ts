import { upstreamFixtures, usesMinimalAnswers } from '@x/sandbox/vitest';
import type { Sandbox, UpstreamServer } from '@x/sandbox/vitest';
import { expect } from 'vitest';
import type { UnifyQuerySettings } from '../unify-query-settings.js';

// What only unify-query's tests need on top of `@x/sandbox/vitest`: settings pointing a client at
// the sandbox or at a server replaying unify-query's answers, its recorded answers, and the one
// field whose presence depends on the answer mode.

/** Client settings against the sandbox (no retries, so faults show at once). */
export function sandboxSettings(sandbox: Sandbox, overrides: UnifyQuerySettings = {}): UnifyQuerySettings {
  return {
    baseUrl: sandbox.roots.gateway.unifyQuery,
    appCode: sandbox.credentials.appCode,
    appSecret: sandbox.credentials.appSecret,
    username: 'admin',
    retry: false,
    ...overrides,
  };
}

/** Client settings against an upstream server (no retries). */
export function upstreamSettings(server: UpstreamServer, overrides: UnifyQuerySettings = {}): UnifyQuerySettings {
  return { baseUrl: server.url, appCode: 'bk_upstream_test', appSecret: 'upstream-secret', username: 'admin', retry: false, ...overrides };
}

/** Reads `src/__fixtures__/upstream/<name>.json`: answers recorded from unify-query and bklog. */
export const upstreamFixture = upstreamFixtures(new URL('../__fixtures__/upstream/', import.meta.url));

/**
 * A `trace_id` of an answer or error: `omitempty` upstream (set only when the server traces), so
 * the full answers carry one and the minimal answers (`X_SANDBOX_ANSWERS=minimal`) none.
 */
export function expectTraceId(traceId: unknown): void {
  if (usesMinimalAnswers()) expect(traceId).toBeUndefined();
  else expect(traceId).toMatch(/^[0-9a-f]{32}$/);
}
