import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';

const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map(async (folder) => rm(folder, { recursive: true, force: true })));
});

describe('README', () => {
  // The example starts a full sandbox (30 000 seeded records): slow when CI runs every package at once.
  it('the sandbox example runs as written and prints what its comments say', async () => {
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
    const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toContain('startSandbox');
    // The same code, with the package names pointing at this checkout.
    const source = (example ?? '')
      .replace("from '@x/cmsi'", `from ${JSON.stringify(fileURLToPath(new URL('./index.ts', import.meta.url)))}`)
      .replace("from '@x/errors'", `from ${JSON.stringify(fileURLToPath(import.meta.resolve('@x/errors')))}`)
      .replace("from '@x/sandbox'", `from ${JSON.stringify(fileURLToPath(import.meta.resolve('@x/sandbox')))}`);
    const folder = await mkdtemp(join(tmpdir(), 'cmsi-readme-'));
    folders.push(folder);
    const file = join(folder, 'example.ts');
    await writeFile(file, source);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    await import(file);
    const printed = log.mock.calls.map((call) => call.join(' '));
    // What each console.log promises: its trailing comment, or the comment line below it.
    const lines = (example ?? '').split('\n');
    const promised = lines.flatMap((line, index) => {
      if (!line.startsWith('console.log(')) return [];
      const trailing = /\); \/\/ (.*)$/.exec(line)?.[1];
      return [trailing ?? lines[index + 1]?.replace(/^\/\/ /, '')];
    });
    expect(printed).toEqual(['bad name!', 'weixin mail sms voice', 'mail:alice,bob mail:ops@example.com weixin:alice sms:13800000000 mail:alice']);
    expect(promised).toEqual(printed);
  }, 90_000);
});
