import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repositoryRoot = resolve(import.meta.dirname, '..', '..', '..');

export interface WorkspacePackage {
  readonly directory: string;
  readonly relativeDirectory: string;
  readonly manifest: Record<string, unknown>;
}

/** The packages under `packages/`: the published ones. */
export function listPublishablePackages(): WorkspacePackage[] {
  const packagesDir = join(repositoryRoot, 'packages');
  return readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(packagesDir, entry.name, 'package.json')))
    .map((entry) => {
      const directory = join(packagesDir, entry.name);
      return {
        directory,
        relativeDirectory: `packages/${entry.name}`,
        manifest: JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as Record<string, unknown>,
      };
    });
}
