import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { cleanEnvironment, runProcess } from '@x/cli-kit/test-process';
import type { ProcessRun } from '@x/cli-kit/test-process';

/** What a finished CLI process left. */
export type CliRun = ProcessRun;

/** The built executable. */
export const BIN = join(import.meta.dirname, '..', 'dist', 'bin.js');

/**
 * Runs `node dist/bin.js ...args` asynchronously (an in-process sandbox must keep serving while
 * it runs), without the machine's BlueKing settings, and collects its output.
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
  const command = [...(options.nodeOptions ?? []), BIN, ...args];
  const run = {
    env: cleanEnvironment(options.env),
    cwd: options.cwd,
    timeoutMs: options.timeoutMs,
    onStderr: options.onStderr,
    closeStdoutEarly: options.closeStdoutEarly,
  };
  return options.fileSizeLimitBlocks === undefined
    ? runProcess(process.execPath, command, run)
    : runProcess('bash', ['-c', `ulimit -f ${options.fileSizeLimitBlocks} && exec "$0" "$@"`, process.execPath, ...command], run);
}
