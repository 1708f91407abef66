import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lazyImport } from './lazy-import.js';

// Real modules in a temporary directory, loaded with a real import(): the failure is the loader's
// own (a module not there yet), not a stub's.
let directory = '';
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'lazy-import-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const moduleUrl = (name: string): string => pathToFileURL(join(directory, name)).href;

describe('lazyImport', () => {
  it('loads nothing until the first call, then shares the one load with every later and concurrent call', async () => {
    await writeFile(join(directory, 'endpoints.mjs'), 'export const endpoints = { list: "list" };\n');
    let loads = 0;
    const endpoints = lazyImport(async () => {
      loads += 1;
      return (await import(/* @vite-ignore */ moduleUrl('endpoints.mjs'))) as { endpoints: { list: string } };
    });
    expect(loads).toBe(0);
    const [first, concurrent] = await Promise.all([endpoints(), endpoints()]);
    const later = await endpoints();
    expect(loads).toBe(1);
    expect(first.endpoints).toEqual({ list: 'list' });
    expect(concurrent).toBe(first);
    expect(later).toBe(first);
  });

  it('gives a failed import to every caller waiting on it, and tries again at the next call', async () => {
    let loads = 0;
    const endpoints = lazyImport(async () => {
      loads += 1;
      return (await import(/* @vite-ignore */ moduleUrl('later.mjs'))) as { ready: boolean };
    });
    const waiting = await Promise.allSettled([endpoints(), endpoints()]);
    expect(waiting.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect(loads).toBe(1);
    const [missing] = waiting;
    expect(missing.status === 'rejected' && String(missing.reason)).toContain('later.mjs');

    await writeFile(join(directory, 'later.mjs'), 'export const ready = true;\n');
    expect((await endpoints()).ready).toBe(true);
    expect(loads).toBe(2);
    await endpoints();
    expect(loads).toBe(2);
  });
});
