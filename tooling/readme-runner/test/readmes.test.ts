import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { blocksOf, listReadmes, repositoryRoot } from './readme-blocks.js';

const run = promisify(execFile);
const runnerDir = join(import.meta.dirname, '..');
const examplesDir = join(runnerDir, '.examples');
const blocks = listReadmes().flatMap(blocksOf);
const checked = blocks.filter((block) => block.mode !== 'fragment');

/** What a failed child process printed on one stream (execFile puts it on the error). */
function outputOf(error: unknown, stream: 'stdout' | 'stderr'): string {
  const value = typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[stream] : undefined;
  if (typeof value === 'string' && value !== '') return value;
  return error instanceof Error ? error.message : 'the process failed without output';
}

/** stdout as lines, without the empty one after the final newline. */
function printedLines(stdout: string): string[] {
  const lines = stdout.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

function exitCodeOf(error: unknown): number {
  const code = typeof error === 'object' && error !== null ? (error as Record<string, unknown>).code : undefined;
  return typeof code === 'number' ? code : 1;
}

// tsc's diagnostics per example file, from one `tsc --strict` run over every extracted block.
const diagnostics = new Map<string, string[]>();

beforeAll(async () => {
  rmSync(examplesDir, { recursive: true, force: true });
  mkdirSync(examplesDir, { recursive: true });
  for (const block of checked) {
    // Each block is a module of its own (`export {}` keeps a block without imports one too).
    writeFileSync(join(examplesDir, block.fileName), `// ${block.readme}, ts block ${block.index} (line ${block.line})\n${block.code}\nexport {};\n`);
  }
  const tsc = join(repositoryRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = await run(process.execPath, [tsc, '-p', join(runnerDir, 'tsconfig.examples.json'), '--pretty', 'false'], { cwd: runnerDir }).then(
    () => ({ stdout: '' }),
    (error: unknown) => ({ stdout: outputOf(error, 'stdout') }),
  );
  for (const line of result.stdout.split('\n')) {
    const file = /\.examples\/([^()]+\.ts)\(/.exec(line)?.[1];
    if (file === undefined) continue;
    diagnostics.set(file, [...(diagnostics.get(file) ?? []), line]);
  }
}, 180_000);

describe('README examples', () => {
  it('finds ts blocks in the package and app READMEs, each marked run, compile-only or fragment', () => {
    expect(blocks.length).toBeGreaterThan(10);
    expect(new Set(blocks.map((block) => block.readme)).size).toBeGreaterThan(8);
  });

  describe.each(checked.map((block) => [`${block.readme} block ${block.index} (line ${block.line}, ${block.mode})`, block] as const))('%s', (_name, block) => {
    it('compiles with tsc --strict', () => {
      expect(diagnostics.get(block.fileName) ?? []).toEqual([]);
    });

    if (block.mode === 'run') {
      it('runs to completion', async () => {
        // A clean environment: an example must not depend on BlueKing settings of the machine.
        const environment = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_NO_WARNINGS: '1' };
        const outcome = await run(process.execPath, [join(examplesDir, block.fileName)], { cwd: runnerDir, env: environment, timeout: 90_000 }).then(
          ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
          (error: unknown) => ({ code: exitCodeOf(error), stdout: outputOf(error, 'stdout'), stderr: outputOf(error, 'stderr') }),
        );
        expect(outcome.stderr, `${block.readme} block ${block.index} wrote to stderr`).toBe('');
        expect(outcome.code).toBe(0);
        if (block.prints.length > 0) {
          expect(printedLines(outcome.stdout), `${block.readme} block ${block.index} prints what its "// prints:" comments promise`).toEqual(block.prints);
        }
      });
    }
  });
});
