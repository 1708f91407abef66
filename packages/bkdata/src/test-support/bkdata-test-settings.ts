import { upstreamFixtures } from '@x/sandbox/vitest';
import type { Sandbox, UpstreamServer } from '@x/sandbox/vitest';
import type { BkdataSettings } from '../bkdata-settings.js';

// What only bkdata's tests need on top of `@x/sandbox/vitest`: settings pointing a client at the
// sandbox or at a server replaying bk-base's answers, and bkdata's recorded answers.

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

/** Client settings whose roots all point at an upstream server (gateway mode, stage prod, no retries). */
export function upstreamSettings(server: UpstreamServer): BkdataSettings {
  return {
    apiHost: new URL(server.url).origin,
    gatewayMode: 'gateway',
    stage: 'prod',
    appCode: 'bk_log_search',
    appSecret: 'upstream-secret',
    username: 'admin',
    retry: false,
    cache: false,
  };
}

/** Reads `src/__fixtures__/upstream/<name>.json`: answers recorded from Tencent/bk-base. */
export const upstreamFixture = upstreamFixtures(new URL('../__fixtures__/upstream/', import.meta.url));
