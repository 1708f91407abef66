import { startSandbox } from '@x/sandbox';
import type { Sandbox, SandboxCall, SandboxOptions } from '@x/sandbox';
import { sandboxAnswersFromEnvironment } from '@x/sandbox/vitest';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { UnifyQuerySettings } from '../unify-query-settings.js';

/** Starts one sandbox for a test file, resets it after each test and closes it at the end. */
export function useUnifyQuerySandbox(options: SandboxOptions = {}): () => Sandbox {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox({ recordCount: 6000, answers: sandboxAnswersFromEnvironment(), ...options });
  });
  afterEach(() => {
    sandbox?.reset();
  });
  afterAll(async () => {
    await sandbox?.close();
  });
  return () => {
    if (sandbox === undefined) throw new Error('the sandbox is not started yet');
    return sandbox;
  };
}

/** Whether this run's sandbox sends only what unify-query guarantees (`X_SANDBOX_ANSWERS=minimal`). */
export const minimalAnswers = sandboxAnswersFromEnvironment() === 'minimal';

/**
 * A `trace_id` of an answer or error: `omitempty` upstream (set only when the server traces), so
 * the full answers carry one and the minimal answers none.
 */
export function expectTraceId(traceId: unknown): void {
  if (minimalAnswers) expect(traceId).toBeUndefined();
  else expect(traceId).toMatch(/^[0-9a-f]{32}$/);
}

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

/** The calls the sandbox recorded on routes whose name contains `route`. */
export function callsTo(sandbox: Sandbox, route: string): SandboxCall[] {
  return sandbox.calls.filter((call) => call.route.includes(route));
}

/** The only call on `route`; fails when there is not exactly one. */
export function onlyCall(sandbox: Sandbox, route: string): SandboxCall {
  const calls = callsTo(sandbox, route);
  const [call] = calls;
  if (calls.length !== 1 || call === undefined) throw new Error(`expected one call to ${route}, saw ${calls.length}: ${sandbox.calls.map((recorded) => recorded.route).join(', ')}`);
  return call;
}

/** The JSON body of a call as an object. */
export function bodyOf(call: SandboxCall): Record<string, unknown> {
  return call.body as Record<string, unknown>;
}
