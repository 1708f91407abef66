import type { Sandbox, SandboxOptions } from '@x/sandbox';
import { createWework } from '../wework-client.js';
import type { WeworkClient } from '../wework-client.js';
import type { WeworkSettings } from '../wework-settings.js';

/** The robot key of the tests' sandbox webhook (the tests check it never leaks). */
export const ROBOT_KEY = 'robot-key-7f3a9c';

/** The sandbox the WeWork tests start (`useSandbox(WEWORK_SANDBOX)`): no clusters, few records, a known robot key. */
export const WEWORK_SANDBOX: SandboxOptions = { recordCount: 10, seedDefaultClusters: false, webhookKey: ROBOT_KEY };

/** The WeWork tests' client on a sandbox: legacy ESB URLs, user `admin`, the sandbox's robot webhook. */
export function weworkOnSandbox(sandbox: Sandbox, settings: WeworkSettings = {}): WeworkClient {
  return createWework({
    apiHost: sandbox.apiHost,
    appCode: sandbox.credentials.appCode,
    appSecret: sandbox.credentials.appSecret,
    username: 'admin',
    gatewayMode: 'legacy',
    webhookUrl: sandbox.webhookUrl,
    retry: { backoff: { initialDelay: 1, maxDelay: 5 } },
    ...settings,
  });
}
