import { startSandbox } from '@x/sandbox';
import type { Sandbox, SandboxCall, SandboxOptions } from '@x/sandbox';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { UnifyQuerySettings } from '../unify-query-settings.js';

/** Starts one sandbox for a test file, resets it after each test and closes it at the end. */
export function useUnifyQuerySandbox(options: SandboxOptions = {}): () => Sandbox {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox({ recordCount: 6000, ...options });
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
