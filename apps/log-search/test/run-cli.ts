import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** What a finished CLI process left. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The built executable. */
export const BIN = join(import.meta.dirname, '..', 'dist', 'bin.js');

// The tests choose the target themselves: no BlueKing setting of the machine may leak in.
const BLUEKING_VARIABLE = /^(BK_|BKAPP_|BKPAAS_|APP_ID$|APP_TOKEN$)/;

/** The parent's environment without BlueKing settings, plus `extra`. */
export function cleanEnvironment(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!BLUEKING_VARIABLE.test(name)) env[name] = value;
  return { ...env, COLUMNS: '120', NO_COLOR: '1', ...extra };
}

/**
 * Runs `node dist/bin.js ...args` asynchronously (an in-process sandbox must keep serving while
 * it runs) and collects its output.
 */
export function runCli(
  args: readonly string[],
  options: {
    env?: Readonly<Record<string, string>>;
    cwd?: string;
    timeoutMs?: number;
    nodeOptions?: readonly string[];
    onStderr?: (text: string, child: ChildProcess) => void;
    /** `ulimit -f`: the largest file the process may write, in 1 KiB blocks (a write past it fails with EFBIG, like a full disk). */
    fileSizeLimitBlocks?: number;
    /** Close the read end of stdout after the first chunk, as `| head -1` does. */
    closeStdoutEarly?: boolean;
  } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const command = [...(options.nodeOptions ?? []), BIN, ...args];
    const child =
      options.fileSizeLimitBlocks === undefined
        ? spawn(process.execPath, command, { env: cleanEnvironment(options.env), cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] })
        : spawn('bash', ['-c', `ulimit -f ${options.fileSizeLimitBlocks} && exec "$0" "$@"`, process.execPath, ...command], { env: cleanEnvironment(options.env), cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
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
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`log-search ${args.join(' ')} did not exit within ${options.timeoutMs ?? 60_000} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
