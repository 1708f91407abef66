import { afterAll, afterEach, beforeAll } from 'vitest';
import { SANDBOX_ANSWER_MODES } from './sandbox-answers.js';
import type { SandboxAnswers } from './sandbox-answers.js';
import { startSandbox } from './start-sandbox.js';
import type { Sandbox, SandboxCall, SandboxOptions } from './sandbox-types.js';
import { startUpstreamServer } from './upstream-server.js';
import type { UpstreamAnswering, UpstreamServer } from './upstream-server.js';

/** The environment variable that picks the answer mode of test sandboxes: `full` or `minimal`. */
export const SANDBOX_ANSWERS_VARIABLE = 'X_SANDBOX_ANSWERS';

/**
 * The answer mode test sandboxes use: `X_SANDBOX_ANSWERS` (`full` or `minimal`), else `'full'`.
 * A package's vitest config runs its answer-reading tests a second time with `minimal` (see
 * `definePackageTestConfig`'s `minimalAnswers`). Any other value is an error, never a silent `full`.
 */
export function sandboxAnswersFromEnvironment(environment: NodeJS.ProcessEnv = process.env): SandboxAnswers {
  const value = environment[SANDBOX_ANSWERS_VARIABLE];
  if (value === undefined || value === '') return 'full';
  const mode = SANDBOX_ANSWER_MODES.find((candidate) => candidate === value);
  if (mode === undefined) throw new Error(`${SANDBOX_ANSWERS_VARIABLE} must be one of ${SANDBOX_ANSWER_MODES.join(', ')}, not ${JSON.stringify(value)}`);
  return mode;
}

/**
 * Wires a sandbox into the current test file: started in `beforeAll`, `reset()` after each test,
 * closed in `afterAll`. Returns a getter, because the sandbox exists only once `beforeAll` ran.
 * Unless `options.answers` says otherwise, the answer mode comes from `X_SANDBOX_ANSWERS`.
 *
 * @example
 * ```ts
 * import { useSandbox } from '@x/sandbox/vitest';
 *
 * const sandbox = useSandbox({ seed: 7 });
 *
 * it('sends a mail', async () => {
 *   await fetch(`${sandbox().roots.legacy.cmsi}send_mail/`, { method: 'POST', ... });
 *   expect(sandbox().outbox).toHaveLength(1);
 * });
 * ```
 */
export function useSandbox(options: SandboxOptions = {}): () => Sandbox {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox({ answers: sandboxAnswersFromEnvironment(), ...options });
  });
  afterEach(() => {
    sandbox?.reset();
  });
  afterAll(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });
  return () => {
    if (sandbox === undefined) throw new Error('useSandbox(): the sandbox exists only inside tests and hooks that run after beforeAll');
    return sandbox;
  };
}

/** Whether this run's sandboxes send only what the upstream servers guarantee (`X_SANDBOX_ANSWERS=minimal`). */
export function usesMinimalAnswers(environment: NodeJS.ProcessEnv = process.env): boolean {
  return sandboxAnswersFromEnvironment(environment) === 'minimal';
}

/** Anything a test opens and must close: every client of the SDK has `close()`. */
export interface Closable {
  close(): Promise<void> | void;
}

/**
 * Closes what a test file opens: returns `track`, which hands its argument back and closes it in
 * `afterAll`. Lets each package's tests build clients on the sandbox in one line without a wrapper
 * of its own.
 *
 * @example
 * ```ts
 * const sandbox = useSandbox();
 * const track = useClosing();
 * it('lists', async () => {
 *   const client = track(createCmsi({ apiHost: sandbox().apiHost }));
 * });
 * ```
 */
export function useClosing(): <T extends Closable>(value: T) => T {
  const opened: Closable[] = [];
  afterAll(async () => {
    const closing = opened.splice(0);
    await Promise.all(closing.map(async (value) => value.close()));
  });
  return (value) => {
    opened.push(value);
    return value;
  };
}

/**
 * Serves recorded upstream answers in the current test file: returns `serve(answering)`, which
 * starts a `node:http` server on 127.0.0.1 (see `startUpstreamServer`); every server a test started
 * is closed after it.
 *
 * @example
 * ```ts
 * const serve = useUpstreamServer();
 * const upstreamFixture = upstreamFixtures(new URL('../__fixtures__/upstream/', import.meta.url));
 *
 * it('reads what the real server sends', async () => {
 *   const server = await serve({ body: upstreamFixture('query-ts').body });
 *   const client = createUnifyQuery({ baseUrl: server.url, appCode: 'x', appSecret: 'y' });
 *   await client.queryTs(query);
 *   expect(server.requests[0]?.path).toBe('/query/ts/');
 * });
 * ```
 */
export function useUpstreamServer(): (answering: UpstreamAnswering) => Promise<UpstreamServer> {
  const started: UpstreamServer[] = [];
  afterEach(async () => {
    const closing = started.splice(0);
    await Promise.all(closing.map(async (server) => server.close()));
  });
  return async (answering) => {
    const server = await startUpstreamServer(answering);
    started.push(server);
    return server;
  };
}

/** The calls the sandbox recorded on routes whose name contains `route`. */
export function callsTo(sandbox: Sandbox, route: string): SandboxCall[] {
  return sandbox.calls.filter((call) => call.route.includes(route));
}

/** The only call on `route`; throws, naming every route seen, when there is not exactly one. */
export function onlyCall(sandbox: Sandbox, route: string): SandboxCall {
  const calls = callsTo(sandbox, route);
  const [call] = calls;
  if (calls.length !== 1 || call === undefined)
    throw new Error(`expected one call to ${route}, saw ${calls.length}: ${sandbox.calls.map((recorded) => recorded.route).join(', ')}`);
  return call;
}

/** The parsed `X-Bkapi-Authorization` header of a recorded call (`{}` without one). */
export function authorizationOf(call: SandboxCall | undefined): Record<string, unknown> {
  const header = call?.headers['x-bkapi-authorization'];
  return header === undefined ? {} : (JSON.parse(header) as Record<string, unknown>);
}

/** The JSON body of a recorded call as an object. */
export function bodyOf(call: SandboxCall): Record<string, unknown> {
  return call.body as Record<string, unknown>;
}

/** The error a promise rejects with; throws when it resolves, so a call that should fail cannot pass. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

export { startUpstreamServer, upstreamFixtures } from './upstream-server.js';
export type { UpstreamAnswer, UpstreamAnswering, UpstreamFixture, UpstreamRequest, UpstreamServer } from './upstream-server.js';
export type { SandboxAnswers } from './sandbox-answers.js';
export type { Sandbox, SandboxCall, SandboxOptions } from './sandbox-types.js';
