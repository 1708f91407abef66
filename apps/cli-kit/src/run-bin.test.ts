import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_BROKEN_PIPE, EXIT_INTERRUPTED, EXIT_TERMINATED } from './failure-report.js';
import { runProcess } from './test-process.js';
import type { ProcessOptions, ProcessRun } from './test-process.js';

const FIXTURE = join(import.meta.dirname, 'test-support', 'bin-fixture.ts');

/** Runs the fixture executable (`src/test-support/bin-fixture.ts`) with `args`. */
function runFixture(args: readonly string[], options: ProcessOptions = {}): Promise<ProcessRun> {
  return runProcess(process.execPath, [FIXTURE, ...args], { timeoutMs: 20_000, ...options });
}

/** Sends `signal` once `text` shows on stderr, and each further signal when its own text shows. */
function signalWhen(...steps: readonly (readonly [text: string, signal: NodeJS.Signals])[]): (stderr: string, child: ChildProcess) => void {
  let next = 0;
  return (stderr, child) => {
    const step = steps[next];
    if (step !== undefined && stderr.includes(step[0])) {
      next += 1;
      child.kill(step[1]);
    }
  };
}

describe('runBin', () => {
  it('exits with the status the run returns', async () => {
    expect(await runFixture(['status', '3'])).toMatchObject({ code: 3, stdout: '', stderr: '' });
    expect(await runFixture(['status', '0'])).toMatchObject({ code: 0, stderr: '' });
  });

  it('exits 141 when the reader of stdout goes away (EPIPE)', async () => {
    const run = await runFixture(['flood'], { closeStdoutEarly: true });
    expect(run.code).toBe(EXIT_BROKEN_PIPE);
    expect(run.stderr).toBe('');
  });

  it('hides the sqlite ExperimentalWarning and prints any other warning under the program name', async () => {
    const run = await runFixture(['warnings']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('tool: DeprecationWarning: fs.rmdir(path, { recursive: true }) is deprecated\n');
    expect(run.stderr).not.toMatch(/sqlite/i);
  });

  it("with abortOnStopSignals, aborts the run's signal on SIGINT or SIGTERM and lets the run end", async () => {
    const interrupted = await runFixture(['stop', '--abort'], { onStderr: signalWhen(['ready', 'SIGINT']) });
    expect(interrupted).toMatchObject({ code: 7, stderr: 'ready, signal given\naborted by SIGINT\n' });
    const terminated = await runFixture(['stop', '--abort'], { onStderr: signalWhen(['ready', 'SIGTERM']) });
    expect(terminated).toMatchObject({ code: 7, stderr: 'ready, signal given\naborted by SIGTERM\n' });
  });

  it('with abortOnStopSignals, ends at once on a second signal: 143 for SIGTERM, 130 for SIGINT', async () => {
    const terminated = await runFixture(['stop', 'stubborn', '--abort'], { onStderr: signalWhen(['ready', 'SIGINT'], ['aborted', 'SIGTERM']) });
    expect(terminated).toMatchObject({ code: EXIT_TERMINATED, stderr: 'ready, signal given\naborted by SIGINT\n' });
    const interrupted = await runFixture(['stop', 'stubborn', '--abort'], { onStderr: signalWhen(['ready', 'SIGTERM'], ['aborted', 'SIGINT']) });
    expect(interrupted).toMatchObject({ code: EXIT_INTERRUPTED, stderr: 'ready, signal given\naborted by SIGTERM\n' });
  });

  it('without abortOnStopSignals, hands the run no signal and leaves SIGTERM to end the process', async () => {
    const run = await runFixture(['stop'], { onStderr: signalWhen(['ready', 'SIGTERM']) });
    expect(run).toMatchObject({ code: null, signal: 'SIGTERM', stderr: 'ready, signal absent\n' });
  });
});
