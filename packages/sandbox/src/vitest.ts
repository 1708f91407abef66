import { afterAll, afterEach, beforeAll } from 'vitest';
import { startSandbox } from './start-sandbox.js';
import type { Sandbox, SandboxOptions } from './sandbox-types.js';

/**
 * Wires a sandbox into the current test file: started in `beforeAll`, `reset()` after each test,
 * closed in `afterAll`. Returns a getter, because the sandbox exists only once `beforeAll` ran.
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
export function useSandbox(options?: SandboxOptions): () => Sandbox {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox(options);
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

export type { Sandbox, SandboxOptions } from './sandbox-types.js';
