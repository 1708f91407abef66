import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { median } from '../measure/stats.ts';

const run = promisify(execFile);

/** The workspace's packages/ folder. */
export const packagesDirectory = fileURLToPath(new URL('../../../packages/', import.meta.url));

/** Packages that wrap one BlueKing system (the cold-import target applies to these). */
const integrationPackages = new Set(['@x/cmsi', '@x/wework', '@x/bkdata', '@x/unify-query', '@x/infra']);

export interface WorkspacePackage {
  readonly name: string;
  readonly folder: string;
  readonly integration: boolean;
}

/** Every packages/* folder with a package.json. */
export async function listPackages(): Promise<WorkspacePackage[]> {
  const folders = (await readdir(packagesDirectory, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  const found: WorkspacePackage[] = [];
  for (const folder of folders.sort()) {
    try {
      const manifest = JSON.parse(await readFile(join(packagesDirectory, folder, 'package.json'), 'utf8')) as { name?: string };
      if (manifest.name !== undefined)
        found.push({ name: manifest.name, folder: join(packagesDirectory, folder), integration: integrationPackages.has(manifest.name) });
    } catch {
      // Not a package.
    }
  }
  return found;
}

export interface ColdImportResult {
  readonly name: string;
  readonly integration: boolean;
  /** Median over the runs of the `import()` itself, in ms (wall). */
  readonly importMs: number;
  /** Median CPU time of the import (user + system of the process during it), in ms. */
  readonly importCpuMs: number;
  /** Median wall time of the whole `node -e` process, in ms. */
  readonly processMs: number;
  /**
   * Median of the same import in a process that has already imported zod (a peer dependency most
   * services that use zod load anyway): what the package itself adds. Absent for packages that
   * cannot resolve zod, and in results from before it was measured.
   */
  readonly afterZodMs?: number | undefined;
  readonly runs: number;
  /** Set when the package could not be imported. */
  readonly error?: string;
}

// Timed inside the fresh process: the import alone, wall and CPU. The package is imported by its
// own name from its folder (a package may import itself through its `exports`).
const probe = (name: string): string =>
  `const c=process.cpuUsage(),t=performance.now();await import(${JSON.stringify(name)});const u=process.cpuUsage(c);` +
  `process.stdout.write(JSON.stringify({ms:performance.now()-t,cpu:(u.user+u.system)/1000}))`;

// The same, after zod is loaded (resolved from the package's folder; `null` when it is not there).
const probeAfterZod = (name: string): string =>
  `try{await import('zod')}catch{process.stdout.write('null');process.exit(0)}` +
  `const t=performance.now();await import(${JSON.stringify(name)});process.stdout.write(JSON.stringify(performance.now()-t))`;

/** Cold import of each package in a fresh `node` process, `runs` times each (interleaved), medians. */
export async function measureColdImports(packages: readonly WorkspacePackage[], runs: number): Promise<ColdImportResult[]> {
  const samples = new Map<string, { ms: number; cpu: number; process: number }[]>(packages.map((entry) => [entry.name, []]));
  const afterZod = new Map<string, number[]>(packages.map((entry) => [entry.name, []]));
  const errors = new Map<string, string>();
  for (let round = 0; round < runs; round += 1) {
    for (const entry of packages) {
      if (errors.has(entry.name)) continue;
      const started = performance.now();
      try {
        const { stdout } = await run(process.execPath, ['--input-type=module', '-e', probe(entry.name)], { cwd: entry.folder });
        const processMs = performance.now() - started;
        const parsed = JSON.parse(stdout) as { ms: number; cpu: number };
        samples.get(entry.name)?.push({ ms: parsed.ms, cpu: parsed.cpu, process: processMs });
        const after = JSON.parse((await run(process.execPath, ['--input-type=module', '-e', probeAfterZod(entry.name)], { cwd: entry.folder })).stdout) as
          number | null;
        if (after !== null) afterZod.get(entry.name)?.push(after);
      } catch (error) {
        errors.set(entry.name, (error instanceof Error ? error.message : String(error)).split('\n').slice(0, 2).join(' '));
      }
    }
  }
  return packages.map((entry) => {
    const own = samples.get(entry.name) ?? [];
    const error = errors.get(entry.name);
    const withZod = afterZod.get(entry.name) ?? [];
    return {
      name: entry.name,
      integration: entry.integration,
      importMs: median(own.map((sample) => sample.ms)),
      importCpuMs: median(own.map((sample) => sample.cpu)),
      processMs: median(own.map((sample) => sample.process)),
      ...(withZod.length === 0 ? {} : { afterZodMs: median(withZod) }),
      runs: own.length,
      ...(error === undefined ? {} : { error }),
    };
  });
}

/** The baseline: a fresh `node -e` importing nothing, median of `runs`. */
export async function measureNodeStartup(runs: number): Promise<number> {
  const times: number[] = [];
  for (let round = 0; round < runs; round += 1) {
    const started = performance.now();
    await run(process.execPath, ['--input-type=module', '-e', '0']);
    times.push(performance.now() - started);
  }
  return median(times);
}

export interface PackSizeResult {
  readonly name: string;
  /** Tarball bytes (gzip). */
  readonly packedBytes: number;
  readonly unpackedBytes: number;
  readonly files: number;
  /** Files under dist/ and their bytes: what a consumer's bundler and Node actually load. */
  readonly distFiles: number;
  readonly distBytes: number;
  readonly error?: string;
}

interface NpmPackEntry {
  readonly size: number;
  readonly unpackedSize: number;
  readonly entryCount: number;
  readonly files: readonly { readonly path: string; readonly size: number }[];
}

/** `npm pack --dry-run --json` in each package folder (all at once: sizes do not depend on timing). */
export async function measurePackSizes(packages: readonly WorkspacePackage[]): Promise<PackSizeResult[]> {
  return Promise.all(packages.map(async (entry) => packSize(entry)));
}

async function packSize(entry: WorkspacePackage): Promise<PackSizeResult> {
  try {
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: entry.folder, maxBuffer: 16 * 2 ** 20 });
    const [packed] = JSON.parse(stdout) as NpmPackEntry[];
    if (packed === undefined) throw new Error('npm pack printed nothing');
    const dist = packed.files.filter((file) => file.path.startsWith('dist/'));
    return {
      name: entry.name,
      packedBytes: packed.size,
      unpackedBytes: packed.unpackedSize,
      files: packed.entryCount,
      distFiles: dist.length,
      distBytes: dist.reduce((sum, file) => sum + file.size, 0),
    };
  } catch (error) {
    return {
      name: entry.name,
      packedBytes: Number.NaN,
      unpackedBytes: Number.NaN,
      files: 0,
      distFiles: 0,
      distBytes: 0,
      error: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error),
    };
  }
}
