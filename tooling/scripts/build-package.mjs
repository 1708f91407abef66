// Builds a published package (cwd = its folder): type declarations with tsc, JavaScript with
// rolldown — one ES module per entry point of the `exports` map (shared code in chunks), every
// dependency left external. Loading 40–60 small files costs a Node process more than their code:
// a bundled entry imports several times faster (see bench/results/latest.md, "Cold import").
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join } from 'node:path';
import { rolldown } from 'rolldown';

const packageDir = process.cwd();
const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));

/**
 * `./dist/access/index.js` of the exports map (or of `bin`) → entry `access/index` from
 * `src/access/index.ts`.
 */
function entryPoints(exportsMap, bin) {
  const entries = {};
  const targets = [
    ...Object.values(exportsMap).map((target) => (typeof target === 'string' ? target : target?.default)),
    ...(typeof bin === 'string' ? [bin] : Object.values(bin ?? {})),
  ];
  for (const target of targets) {
    const file = typeof target === 'string' ? target.replace(/^(?!\.\/)/, './') : undefined;
    if (file === undefined || !file.startsWith('./dist/') || !file.endsWith('.js')) continue;
    const name = file.slice('./dist/'.length, -'.js'.length);
    entries[name] = join(packageDir, 'src', `${name}.ts`);
  }
  if (Object.keys(entries).length === 0) throw new Error(`${manifest.name}: no ./dist/*.js entry in the exports map`);
  return entries;
}

rmSync(join(packageDir, 'dist'), { recursive: true, force: true });

const tsc = createRequire(join(packageDir, 'package.json')).resolve('typescript/bin/tsc');
const declarations = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--emitDeclarationOnly'], { cwd: packageDir, stdio: 'inherit' });
if (declarations.status !== 0) process.exit(declarations.status ?? 1);

const bundle = await rolldown({
  input: entryPoints(manifest.exports, manifest.bin),
  platform: 'node',
  // Only the package's own modules are bundled: dependencies (and node: builtins) stay imports,
  // so consumers share one copy of ky, zod or @x/core-client, and optional ones stay optional.
  external: (id) => !id.startsWith('.') && !isAbsolute(id),
  resolve: { extensionAlias: { '.js': ['.ts', '.js'] } },
  logLevel: 'warn',
});
try {
  await bundle.write({
    dir: join(packageDir, 'dist'),
    format: 'esm',
    sourcemap: true,
    // The sources ship in src/ (the maps point there): no second copy inside every map.
    sourcemapExcludeSources: true,
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
  });
} finally {
  await bundle.close();
}
