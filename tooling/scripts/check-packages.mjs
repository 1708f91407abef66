// Runs publint and `attw --pack` on every publishable package (packages/*). Both read the
// built dist, so run `pnpm build` first. Exits non-zero when any package has a problem.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const packagesDir = join(root, 'packages');
const bin = (name) => join(root, 'node_modules', '.bin', name);
let failed = 0;

for (const entry of readdirSync(packagesDir, { withFileTypes: true })) {
  const packageDir = join(packagesDir, entry.name);
  if (!entry.isDirectory() || !existsSync(join(packageDir, 'package.json'))) continue;
  for (const [tool, args] of [
    ['publint', ['--strict']],
    // ESM-only by design: CommonJS `require` of an ESM package works on Node >= 22.12.
    ['attw', ['--pack', '.', '--profile', 'esm-only', '--format', 'table-flipped']],
  ]) {
    const result = spawnSync(bin(tool), args, { cwd: packageDir, stdio: 'inherit' });
    if (result.status !== 0) {
      failed += 1;
      console.error(`✗ ${tool} failed for packages/${entry.name}`);
    }
  }
}
if (failed > 0) process.exit(1);
console.log('publint and attw: every package passes');
