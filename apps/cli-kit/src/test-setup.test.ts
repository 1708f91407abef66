import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isBuildStale, rebuildWhenStale } from './test-setup.js';

// Fixed modification times (seconds): no test depends on the clock.
const OLD = 1_700_000_000;
const NEW = 1_700_000_100;

let packageDir: string;

function file(path: string, seconds: number): void {
  const full = join(packageDir, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, '');
  utimesSync(full, seconds, seconds);
}

beforeEach(() => {
  packageDir = mkdtempSync(join(tmpdir(), 'cli-kit-test-setup-'));
});
afterEach(() => {
  rmSync(packageDir, { recursive: true, force: true });
});

describe('isBuildStale', () => {
  it('is stale without a built entry', () => {
    file('src/cli.ts', OLD);
    expect(isBuildStale({ packageDir, entry: 'dist/bin.js' })).toBe(true);
  });

  it('compares the entry with the newest source, nested folders included', () => {
    file('src/cli.ts', OLD);
    file('src/commands/search.ts', OLD);
    file('dist/bin.js', NEW);
    expect(isBuildStale({ packageDir, entry: 'dist/bin.js' })).toBe(false);
    file('src/commands/search.ts', NEW + 1);
    expect(isBuildStale({ packageDir, entry: 'dist/bin.js' })).toBe(true);
  });

  it('ignores tests, the generated version.ts and non-TypeScript files', () => {
    file('src/cli.ts', OLD);
    file('dist/main.js', NEW);
    file('src/cli.test.ts', NEW + 1);
    file('src/version.ts', NEW + 1);
    file('src/notes.md', NEW + 1);
    expect(isBuildStale({ packageDir, entry: 'dist/main.js' })).toBe(false);
  });
});

describe('rebuildWhenStale', () => {
  it('runs nothing when the build is current', () => {
    file('src/cli.ts', OLD);
    file('dist/bin.js', NEW);
    // The folder has no tsconfig and no typescript to resolve: a rebuild attempt would throw.
    expect(() => {
      rebuildWhenStale({ packageDir, entry: 'dist/bin.js' });
    }).not.toThrow();
  });
});
