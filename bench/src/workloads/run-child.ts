import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs a workload script (under src/) in a fresh Node process and resolves with the one message
 * it sends. The child gets no --expose-gc: it runs as an application would.
 */
export async function runChild<T>(script: string, args: readonly string[]): Promise<T> {
  const file = fileURLToPath(new URL(`../${script}`, import.meta.url));
  const child = fork(file, [...args], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise<T>((resolve, reject) => {
    let result: T | undefined;
    child.on('message', (message: T) => {
      result = message;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0 && result !== undefined) resolve(result);
      else reject(new Error(`${script} ${args.join(' ')} exited with code ${String(code)}${result === undefined ? ' without a result' : ''}`));
    });
  });
}
