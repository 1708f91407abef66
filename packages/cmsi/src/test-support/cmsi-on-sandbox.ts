import type { Sandbox, SandboxOptions } from '@x/sandbox';
import { createCmsi } from '../cmsi-client.js';
import type { CmsiClient } from '../cmsi-client.js';
import type { CmsiSettings } from '../cmsi-settings.js';

/** The sandbox the CMSI tests start (`useSandbox(CMSI_SANDBOX)`): no clusters, few records (they read none). */
export const CMSI_SANDBOX: SandboxOptions = { recordCount: 10, seedDefaultClusters: false };

/** The CMSI tests' client on a sandbox: legacy ESB URLs, user `admin`, unless `settings` say otherwise. */
export function cmsiOnSandbox(sandbox: Sandbox, settings: CmsiSettings = {}): CmsiClient {
  return createCmsi({
    apiHost: sandbox.apiHost,
    appCode: sandbox.credentials.appCode,
    appSecret: sandbox.credentials.appSecret,
    username: 'admin',
    gatewayMode: 'legacy',
    // Fast retries keep the retry tests short; the decisions are what the tests check.
    retry: { backoff: { initialDelay: 1, maxDelay: 5 } },
    ...settings,
  });
}
