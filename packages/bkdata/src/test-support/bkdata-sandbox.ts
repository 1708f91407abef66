import { startSandbox } from '@x/sandbox';
import type { Sandbox, SandboxCall, SandboxOptions } from '@x/sandbox';
import { sandboxAnswersFromEnvironment } from '@x/sandbox/vitest';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { BkdataSettings } from '../bkdata-settings.js';

/** Starts one sandbox for a test file, resets it after each test and closes it at the end. */
export function useBkdataSandbox(options: SandboxOptions = {}): () => Sandbox {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox({ recordCount: 3000, answers: sandboxAnswersFromEnvironment(), ...options });
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

/** Whether this run reads the sandbox's minimal answers (only what bk-base guarantees). */
export const minimalAnswers = sandboxAnswersFromEnvironment() === 'minimal';

/** Client settings against the sandbox's gateway roots (no retries, so faults show at once). */
export function sandboxSettings(sandbox: Sandbox, overrides: BkdataSettings = {}): BkdataSettings {
  return {
    apiHost: sandbox.apiHost,
    gatewayMode: 'gateway',
    stage: 'prod',
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

/** The parsed `X-Bkapi-Authorization` header of a call. */
export function authorizationOf(call: SandboxCall): Record<string, unknown> {
  return JSON.parse(call.headers['x-bkapi-authorization'] ?? '{}') as Record<string, unknown>;
}
