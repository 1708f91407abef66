// Test wiring: one sandbox per file (reset after each test) and infra clients on its roots.
import { startSandbox } from '@x/sandbox';
import { sandboxAnswersFromEnvironment } from '@x/sandbox/vitest';
import type { Sandbox, SandboxCall, SandboxOptions } from '@x/sandbox';
import type { GatewayMode, Logger } from '@x/core-client';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createInfra } from '../infra-client.js';
import type { InfraClient } from '../infra-client.js';
import type { InfraSettings } from '../infra-settings.js';

export interface InfraSandbox {
  sandbox(): Sandbox;
  /** A client on the sandbox (gateway form unless told), closed after the file. */
  infra(mode?: GatewayMode, settings?: InfraSettings): InfraClient;
  /** The calls of one metadata route (`create_cluster_info`...). */
  calls(route: string): SandboxCall[];
  /** Every log record of the clients, as JSON text. */
  readonly logs: string[];
}

export function useInfraSandbox(options: SandboxOptions = {}): InfraSandbox {
  let sandbox: Sandbox | undefined;
  const clients: InfraClient[] = [];
  const logs: string[] = [];
  const record = (entry: Record<string, unknown>, message?: string): void => {
    logs.push(JSON.stringify({ entry, message }));
  };
  const logger: Logger = { debug: record, info: record, warn: record, error: record };
  beforeAll(async () => {
    // Full or minimal answers, as the vitest project says (X_SANDBOX_ANSWERS).
    sandbox = await startSandbox({ recordCount: 10, answers: sandboxAnswersFromEnvironment(), ...options });
  });
  afterEach(() => {
    sandbox?.reset();
    logs.length = 0;
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await sandbox?.close();
  });
  const current = (): Sandbox => {
    if (sandbox === undefined) throw new Error('the sandbox starts in beforeAll');
    return sandbox;
  };
  return {
    sandbox: current,
    infra: (mode = 'gateway', settings = {}) => {
      const client = createInfra({
        apiHost: current().apiHost,
        gatewayMode: mode,
        appCode: 'bk_sandbox',
        appSecret: 'sandbox-secret',
        username: 'admin',
        logger,
        // Fast retries keep the suite quick; the policy itself is core-client's.
        retry: { backoff: { initialDelay: 10, maxDelay: 20 } },
        ...settings,
      });
      clients.push(client);
      return client;
    },
    calls: (route) => current().calls.filter((call) => call.route === `metadata.${route}`),
    logs,
  };
}

/** The Elasticsearch listener of a sandbox as host and port. */
export function elasticsearchAddress(sandbox: Sandbox): { host: string; port: number } {
  const url = new URL(sandbox.elasticsearchUrl);
  return { host: url.hostname, port: Number(url.port) };
}
