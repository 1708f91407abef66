import { startSandbox } from '@x/sandbox';
import type { Sandbox, SandboxCall } from '@x/sandbox';
import { sandboxAnswersFromEnvironment } from '@x/sandbox/vitest';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createCmsi } from '../cmsi-client.js';
import type { CmsiClient } from '../cmsi-client.js';
import type { CmsiSettings } from '../cmsi-settings.js';

/** A sandbox and CMSI clients on it, in both URL forms, shared by the tests of one file. */
export interface CmsiTestBed {
  readonly sandbox: Sandbox;
  /** Legacy ESB URLs, user `admin`. */
  readonly cmsi: CmsiClient;
  /** API gateway URLs (stage `prod`), user `admin`. */
  readonly gateway: CmsiClient;
  /** Another client on the sandbox; closed after the file's tests. */
  create(settings?: CmsiSettings): CmsiClient;
  /** The calls the sandbox received (every one of them came from the client under test). */
  calls(): readonly SandboxCall[];
}

/** Starts one sandbox for a test file; resets it before each test. */
export function useCmsiSandbox(): CmsiTestBed {
  const clients: CmsiClient[] = [];
  let sandbox: Sandbox | undefined;
  let legacy: CmsiClient | undefined;
  let gateway: CmsiClient | undefined;
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the sandbox is not started: use the test bed inside tests');
    return value;
  };
  const bed: CmsiTestBed = {
    get sandbox(): Sandbox {
      return started(sandbox);
    },
    get cmsi(): CmsiClient {
      return started(legacy);
    },
    get gateway(): CmsiClient {
      return started(gateway);
    },
    create: (settings = {}) => {
      const client = createCmsi({
        apiHost: bed.sandbox.apiHost,
        appCode: bed.sandbox.credentials.appCode,
        appSecret: bed.sandbox.credentials.appSecret,
        username: 'admin',
        gatewayMode: 'legacy',
        // Fast retries keep the retry tests short; the decisions are what the tests check.
        retry: { backoff: { initialDelay: 1, maxDelay: 5 } },
        ...settings,
      });
      clients.push(client);
      return client;
    },
    calls: () => bed.sandbox.calls,
  };
  beforeAll(async () => {
    sandbox = await startSandbox({ recordCount: 10, seedDefaultClusters: false, answers: sandboxAnswersFromEnvironment() });
    legacy = bed.create();
    gateway = bed.create({ gatewayMode: 'gateway', stage: 'prod' });
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

/** The authorization header of a recorded call, parsed. */
export function authorizationOf(call: SandboxCall | undefined): Record<string, unknown> {
  const header = call?.headers['x-bkapi-authorization'];
  return header === undefined ? {} : (JSON.parse(header) as Record<string, unknown>);
}

/** Whether this run reads the sandbox's minimal answers (`X_SANDBOX_ANSWERS=minimal`). */
export const minimalAnswers = sandboxAnswersFromEnvironment() === 'minimal';
