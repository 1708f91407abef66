import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarizeProfile, type CpuProfile, type ProfileSummary } from './cpu-profile.ts';

/** What a profile was taken of. */
export interface ProfileTarget {
  /** A child script under src/ run with --cpu-prof. */
  readonly script: string;
  readonly args: readonly string[];
  readonly label: string;
}

export interface ProfileResult extends ProfileSummary {
  readonly label: string;
  readonly command: string;
}

/**
 * Runs `target` in a child process, which profiles its measured loop with V8's CPU profiler and
 * writes a .cpuprofile (the format of `node --cpu-prof`), and summarises it. The profile is kept
 * in `keepDirectory` when given.
 */
export async function profile(target: ProfileTarget, intervalMicros = 250, keepDirectory?: string): Promise<ProfileResult> {
  const directory = await mkdtemp(join(tmpdir(), 'x-bench-profile-'));
  try {
    const script = fileURLToPath(new URL(`../${target.script}`, import.meta.url));
    const output = join(directory, `${target.label.replace(/[^\w-]+/g, '-')}.cpuprofile`);
    const child = fork(script, [...target.args, String(intervalMicros), output], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const [code] = (await once(child, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`${target.script} exited with code ${String(code)}`);
    const text = await readFile(output, 'utf8');
    if (keepDirectory !== undefined) await writeFile(join(keepDirectory, basename(output)), text);
    const data = JSON.parse(text) as CpuProfile;
    return {
      label: target.label,
      command: `node bench/src/${target.script} ${target.args.map((arg) => (arg.startsWith('http://') ? '<origin>' : arg)).join(' ')} ${intervalMicros} <out.cpuprofile>`,
      ...summarizeProfile(data),
    };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
