import { startSandbox } from '@x/sandbox';
import { sandboxAnswersFromEnvironment } from '@x/sandbox/vitest';
import type { Sandbox, SandboxCall } from '@x/sandbox';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createWework } from '../wework-client.js';
import type { WeworkClient } from '../wework-client.js';
import type { WeworkSettings } from '../wework-settings.js';

/** A sandbox and WeWork clients on it, shared by the tests of one file. */
export interface WeworkTestBed {
  readonly sandbox: Sandbox;
  /** Legacy ESB URLs, user `admin`, the sandbox's robot webhook as `webhookUrl`. */
  readonly wework: WeworkClient;
  /** Another client on the sandbox; closed after the file's tests. */
  create(settings?: WeworkSettings): WeworkClient;
  /** The calls the sandbox received. */
  calls(): readonly SandboxCall[];
}

/** Starts one sandbox for a test file; resets it before each test. */
export function useWeworkSandbox(): WeworkTestBed {
  const clients: WeworkClient[] = [];
  let sandbox: Sandbox | undefined;
  let wework: WeworkClient | undefined;
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the sandbox is not started: use the test bed inside tests');
    return value;
  };
  const bed: WeworkTestBed = {
    get sandbox(): Sandbox {
      return started(sandbox);
    },
    get wework(): WeworkClient {
      return started(wework);
    },
    create: (settings = {}) => {
      const client = createWework({
        apiHost: bed.sandbox.apiHost,
        appCode: bed.sandbox.credentials.appCode,
        appSecret: bed.sandbox.credentials.appSecret,
        username: 'admin',
        gatewayMode: 'legacy',
        webhookUrl: bed.sandbox.webhookUrl,
        retry: { backoff: { initialDelay: 1, maxDelay: 5 } },
        ...settings,
      });
      clients.push(client);
      return client;
    },
    calls: () => bed.sandbox.calls,
  };
  beforeAll(async () => {
    // Full or minimal answers, as the vitest project says (X_SANDBOX_ANSWERS).
    sandbox = await startSandbox({ recordCount: 10, seedDefaultClusters: false, webhookKey: 'robot-key-7f3a9c', answers: sandboxAnswersFromEnvironment() });
    wework = bed.create();
  });
  beforeEach(() => {
    sandbox?.reset();
  });
  afterEach(() => {
    sandbox?.clearFaults();
  });
  afterAll(async () => {
    await Promise.all(clients.map(async (client) => client.close()));
    await sandbox?.close();
  });
  return bed;
}
