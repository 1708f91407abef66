import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { cleanEnvironment as withoutBluekingSettings, runProcess } from '@x/cli-kit/test-process';
import type { ProcessRun } from '@x/cli-kit/test-process';

/** What a finished CLI process left. */
export type CliRun = ProcessRun;

/** The built executable. */
export const BIN = join(import.meta.dirname, '..', 'dist', 'bin.js');

/** The parent's environment without BlueKing settings nor `CLUSTER_PASSWORD`, plus `extra`. */
function cleanEnvironment(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  return withoutBluekingSettings(extra, ['CLUSTER_PASSWORD']);
}

/**
 * Runs `node dist/bin.js ...args` asynchronously (an in-process sandbox must keep serving while
 * it runs) and collects its output; `input` is written to its stdin (else stdin is empty).
 */
export function runCli(args: readonly string[], options: { env?: Readonly<Record<string, string>>; input?: string; timeoutMs?: number } = {}): Promise<CliRun> {
  return runProcess(process.execPath, [BIN, ...args], { env: cleanEnvironment(options.env), input: options.input ?? '', timeoutMs: options.timeoutMs });
}

/**
 * Runs the CLI on a real pseudo-terminal (util-linux `script`), answers the first prompt that
 * contains `prompt` with `answer` once it is shown, and returns everything the terminal displayed.
 */
export function runOnTerminal(args: readonly string[], options: { env?: Readonly<Record<string, string>>; prompt: string; answer: string }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const quoted = [process.execPath, BIN, ...args].map((part) => `'${part.replaceAll("'", "'\\''")}'`).join(' ');
    const child = spawn('script', ['-qec', quoted, '/dev/null'], { env: cleanEnvironment(options.env), stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    let answered = false;
    const onData = (chunk: string): void => {
      screen += chunk;
      if (!answered && screen.includes(options.prompt)) {
        answered = true;
        // A person types after the prompt is shown, when the terminal is already in raw mode.
        setTimeout(() => child.stdin.write(options.answer), 200);
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`cluster-admin ${args.join(' ')} on a terminal did not exit\nscreen: ${screen}`));
    }, 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({ code, signal, stdout: screen, stderr: '' });
    });
  });
}
