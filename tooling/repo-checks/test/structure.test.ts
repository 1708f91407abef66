import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listPublishablePackages, repositoryRoot } from './workspace.js';

const packages = listPublishablePackages();

describe('workspace layout', () => {
  it('has the top-level files the product shape fixes', () => {
    for (const file of ['pnpm-workspace.yaml', 'turbo.json', 'package.json', '.changeset/config.json', 'README.md', '.ci/run']) {
      expect(existsSync(join(repositoryRoot, file)), file).toBe(true);
    }
  });

  it('pins pnpm and Node in the root manifest', () => {
    const root = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(root.private).toBe(true);
    expect(root.packageManager).toBe('pnpm@12.4.2');
    expect(root.engines).toEqual({ node: '>=22' });
  });

  it('finds the publishable packages', () => {
    expect(packages.map((entry) => entry.manifest.name)).toEqual(expect.arrayContaining(['@x/errors', '@x/core-client']));
  });
});

describe.each(packages.map((entry) => [entry.relativeDirectory, entry] as const))('%s', (_name, entry) => {
  const { manifest, directory, relativeDirectory } = entry;

  it('has src/index.ts, src/version.ts and a README with an example', () => {
    expect(existsSync(join(directory, 'src', 'index.ts'))).toBe(true);
    expect(existsSync(join(directory, 'src', 'version.ts'))).toBe(true);
    const readme = readFileSync(join(directory, 'README.md'), 'utf8');
    expect(readme).toMatch(/```(ts|typescript|js)/);
  });

  it('keeps src/version.ts in step with package.json', () => {
    const versionFile = readFileSync(join(directory, 'src', 'version.ts'), 'utf8');
    expect(versionFile).toContain(`'${String(manifest.version)}'`);
  });

  it('declares what publishing needs', () => {
    expect(manifest.name).toMatch(/^@x\//);
    expect(manifest.type).toBe('module');
    expect(manifest.sideEffects).toBe(false);
    expect(manifest.engines).toEqual({ node: '>=22' });
    expect(manifest.files).toEqual(expect.arrayContaining(['dist']));
    expect(manifest.publishConfig).toMatchObject({ access: 'public' });
    expect(manifest.repository).toMatchObject({ directory: relativeDirectory });
    expect(manifest.license).toBeTruthy();
    expect(manifest.description).toBeTruthy();
  });

  it('exports types first, package.json, and no wildcard subpaths', () => {
    const exportsMap = manifest.exports as Record<string, unknown>;
    expect(exportsMap['./package.json']).toBe('./package.json');
    for (const [subpath, target] of Object.entries(exportsMap)) {
      expect(subpath).not.toContain('*');
      if (subpath === './package.json') continue;
      expect(typeof target).toBe('object');
      const conditions = Object.keys(target as Record<string, unknown>);
      expect(conditions[0], `${subpath} lists "types" first`).toBe('types');
    }
  });

  it('depends on internal packages through the workspace protocol', () => {
    const dependencies = (manifest.dependencies ?? {}) as Record<string, string>;
    for (const [dependency, range] of Object.entries(dependencies)) {
      if (dependency.startsWith('@x/')) expect(range).toMatch(/^workspace:/);
    }
  });
});
