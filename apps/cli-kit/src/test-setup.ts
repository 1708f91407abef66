// For the apps' vitest global setups (`@x/cli-kit/test-setup`): their CLI tests run the built
// entry as a child process. Under turbo the build runs first (each app's turbo.json); a plain
// `pnpm test` rebuilds here when a source is newer than the built entry.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Which app to check, and the built file whose age stands for its build. */
export interface BuildCheck {
  /** The app folder: the one with `package.json`, `src/` and `tsconfig.build.json`, two levels below the repository root. */
  readonly packageDir: string;
  /** The built entry, relative to `packageDir`, e.g. `dist/bin.js`. */
  readonly entry: string;
}

// Tests and the generated src/version.ts do not make a build stale.
function newestSource(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && entry.name !== 'version.ts') newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function builtAt(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** Whether the built entry is missing or older than a source under `src/` (tests and `version.ts` aside). */
export function isBuildStale({ packageDir, entry }: BuildCheck): boolean {
  return builtAt(join(packageDir, entry)) < newestSource(join(packageDir, 'src'));
}

/**
 * Rebuilds the app like its `build` script (`write-version.mjs`, then `tsc -p tsconfig.build.json`)
 * when {@link isBuildStale}; does nothing otherwise.
 */
export function rebuildWhenStale(check: BuildCheck): void {
  if (!isBuildStale(check)) return;
  const { packageDir } = check;
  const tsc = createRequire(join(packageDir, 'package.json')).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [join(packageDir, '..', '..', 'tooling', 'scripts', 'write-version.mjs')], { cwd: packageDir, stdio: 'inherit' });
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: packageDir, stdio: 'inherit' });
}
