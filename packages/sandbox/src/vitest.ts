import { afterAll, afterEach, beforeAll } from 'vitest';
import { SANDBOX_ANSWER_MODES } from './sandbox-answers.js';
import type { SandboxAnswers } from './sandbox-answers.js';
import { startSandbox } from './start-sandbox.js';
import type { Sandbox, SandboxOptions } from './sandbox-types.js';

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

export type { SandboxAnswers } from './sandbox-answers.js';
export type { Sandbox, SandboxOptions } from './sandbox-types.js';
