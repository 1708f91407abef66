// The infra tests' client on a sandbox. The sandbox's lifecycle is `@x/sandbox/vitest`'s
// (`useSandbox(INFRA_SANDBOX)`, `useClosing()` for the clients); only what is infra's is here.
import type { Sandbox, SandboxOptions } from '@x/sandbox';
import { captureLogger } from '@x/test-services';
import { createInfra } from '../infra-client.js';
import type { InfraClient } from '../infra-client.js';
import type { InfraSettings } from '../infra-settings.js';

/** The sandbox the infra tests start: its default clusters (es_default, kafka_default), few records. */
export const INFRA_SANDBOX: SandboxOptions = { recordCount: 10 };

/**
 * The infra tests' client on a sandbox: gateway URLs, the sandbox's app, user `admin`, fast
 * retries and a capture logger of its own (pass `logger: captureLogger()` to read it), unless
 * `settings` say otherwise.
 */
export function infraOnSandbox(sandbox: Sandbox, settings: InfraSettings = {}): InfraClient {
  return createInfra({
    apiHost: sandbox.apiHost,
    gatewayMode: 'gateway',
    appCode: sandbox.credentials.appCode,
    appSecret: sandbox.credentials.appSecret,
    username: 'admin',
    logger: captureLogger(),
    // Fast retries keep the suite quick; the policy itself is core-client's.
    retry: { backoff: { initialDelay: 10, maxDelay: 20 } },
    ...settings,
  });
}

/** The Elasticsearch listener of a sandbox as host and port. */
export function elasticsearchAddress(sandbox: Sandbox): { host: string; port: number } {
  const url = new URL(sandbox.elasticsearchUrl);
  return { host: url.hostname, port: Number(url.port) };
}
