// For the CLI tests that run an executable as a child process (`@x/cli-kit/test-process`): the
// apps' built `dist/bin.js`, and this package's own runBin fixture.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

/** What a finished child process left. */
export interface ProcessRun {
  /** The exit status; `null` when a signal ended the process. */
  readonly code: number | null;
  /** The signal that ended the process, if one did. */
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** How {@link runProcess} runs the child. */
export interface ProcessOptions {
  /** The whole environment of the child (see {@link cleanEnvironment}). @default the parent's */
  readonly env?: NodeJS.ProcessEnv | undefined;
  readonly cwd?: string | undefined;
  /** Written to the child's stdin, which is then closed. @default no stdin at all (`/dev/null`) */
  readonly input?: string | undefined;
  /** The child is killed (SIGKILL) and the run rejected after this long. @default 60_000 */
  readonly timeoutMs?: number | undefined;
  /** Called with the whole stderr so far after each chunk: a test may signal the child once it says something. */
  readonly onStderr?: ((stderr: string, child: ChildProcess) => void) | undefined;
  /** Close the read end of stdout after the first chunk, as `| head -1` does. */
  readonly closeStdoutEarly?: boolean | undefined;
}

// The tests choose the target themselves: no BlueKing setting of the machine may leak in.
const BLUEKING_VARIABLE = /^(BK_|BKAPP_|BKPAAS_|APP_ID$|APP_TOKEN$)/;

/**
 * The parent's environment without BlueKing settings (`BK_*`, `BKAPP_*`, `BKPAAS_*`, `APP_ID`,
 * `APP_TOKEN`) nor the variables named in `drop`, with `COLUMNS=120` and `NO_COLOR=1`, plus `extra`.
 */
export function cleanEnvironment(extra: Readonly<Record<string, string>> = {}, drop: readonly string[] = []): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!BLUEKING_VARIABLE.test(name) && !drop.includes(name)) env[name] = value;
  return { ...env, COLUMNS: '120', NO_COLOR: '1', ...extra };
}

/**
 * Runs `command` with `args` asynchronously (an in-process sandbox must keep serving while it
 * runs) and collects what it prints, its exit status and the signal that ended it.
 */
export function runProcess(command: string, args: readonly string[], options: ProcessOptions = {}): Promise<ProcessRun> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const child =
      options.input === undefined
        ? spawn(command, args, { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] })
        : spawn(command, args, { env: options.env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (options.closeStdoutEarly === true) child.stdout.destroy();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      options.onStderr?.(stderr, child);
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${[command, ...args].join(' ')} did not exit within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
