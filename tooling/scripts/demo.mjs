// Placeholder main job until the demo apps exist: lists what was built.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const packagesDir = join(root, 'packages');
for (const name of readdirSync(packagesDir)) {
  const manifestPath = join(packagesDir, name, 'package.json');
  if (!existsSync(manifestPath)) continue;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const built = existsSync(join(packagesDir, name, 'dist', 'index.js'));
  console.log(`${built ? '✓' : '✗'} ${manifest.name}@${manifest.version} — ${manifest.description}`);
}
