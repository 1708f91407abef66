// `pnpm bench`: every comparison of issue 4 in one run against one loopback server.
//   node --expose-gc src/run.ts [--quick] [--only=requests,cache,bulk,paginate,shared-pool,imports,pack,profiles] [--lines=undici-request,axios,got]
//   (--lines: only these request lines, besides `http`, the baseline; writes results/subset.*)
//   node src/run.ts --render   rewrites results/latest.md from results/latest.json (no measuring)
// Writes results/latest.json and results/latest.md (results/quick.* with --quick).
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { arch, cpus, loadavg, platform, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BenchLine } from './lines/bench-line.ts';
import { lineFactories } from './lines/lines.ts';
import { profile, type ProfileResult } from './profile/profile-line.ts';
import type { BenchResults, ImportBreakdown, LineInfo, MachineInfo } from './report/results.ts';
import { renderConsole, renderMarkdown } from './report/render.ts';
import { evaluateTargets } from './report/targets.ts';
import { startServer } from './server/start-server.ts';
import { runScenario, scenarios, type ScenarioResult } from './suites/request-lines.ts';
import { runBulk, runPaginate, type BulkResult, type PaginateResult } from './workloads/bulk.ts';
import { runCache, type CacheResult } from './workloads/cache.ts';
import {
  listPackages,
  measureColdImports,
  measureNodeStartup,
  measurePackSizes,
  packagesDirectory,
  type ColdImportResult,
  type PackSizeResult,
} from './workloads/packages.ts';
import { runSharedPool, type SharedPoolResult } from './workloads/shared-pool.ts';

const sections = ['requests', 'cache', 'bulk', 'paginate', 'shared-pool', 'imports', 'pack', 'profiles'] as const;
type Section = (typeof sections)[number];

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const onlyArgument = argv.find((arg) => arg.startsWith('--only='));
const only = new Set((onlyArgument?.slice('--only='.length).split(',') ?? sections) as Section[]);
const enabled = (section: Section): boolean => only.has(section);
const linesArgument = argv.find((arg) => arg.startsWith('--lines='));
const onlyLines = linesArgument === undefined ? undefined : new Set(['http', ...linesArgument.slice('--lines='.length).split(',')]);
const benchDirectory = fileURLToPath(new URL('../', import.meta.url));
const started = performance.now();

function log(message: string): void {
  process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}\n`);
}

async function versionOf(name: string): Promise<string> {
  try {
    const manifest = JSON.parse(await readFile(join(benchDirectory, 'node_modules', name, 'package.json'), 'utf8')) as { version?: string };
    return manifest.version ?? '?';
  } catch {
    return 'not installed';
  }
}

async function git(args: readonly string[]): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)('git', [...args], { cwd: benchDirectory });
    return stdout.trim();
  } catch {
    return '';
  }
}

async function machineInfo(loadAverageStart: readonly number[]): Promise<MachineInfo> {
  const versions: Record<string, string> = {};
  for (const name of ['@x/core-client', '@x/cmsi', '@x/errors', 'ky', 'undici', 'zod']) versions[name] = await versionOf(name);
  const dirty = await git(['status', '--porcelain', '--', '../packages/core-client/src', '../packages/cmsi/src', '../packages/errors/src']);
  const uncommittedPackages = [
    ...new Set(
      dirty
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => /packages\/([^/]+)\//.exec(line)?.[1] ?? '?'),
    ),
  ].map((name) => `@x/${name}`);
  return {
    node: process.versions.node,
    v8: process.versions.v8,
    platform: platform(),
    arch: arch(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    totalMemoryBytes: totalmem(),
    loadAverageStart,
    loadAverageEnd: loadavg(),
    versions,
    commit: (await git(['rev-parse', '--short', 'HEAD'])) || 'unknown',
    uncommittedPackages,
  };
}

if (argv.includes('--render')) {
  const results = JSON.parse(await readFile(join(benchDirectory, 'results', 'latest.json'), 'utf8')) as BenchResults;
  const notes = await readFile(new URL('./report/findings.md', import.meta.url), 'utf8').catch(() => '');
  await writeFile(join(benchDirectory, 'results', 'latest.md'), renderMarkdown(results, notes));
  process.stdout.write(`${renderConsole(results)}\n\nrewrote bench/results/latest.md from latest.json\n`);
  process.exit(0);
}

if (globalThis.gc === undefined) log('warning: run with `node --expose-gc` (pnpm bench does) so garbage is collected between batches');
const loadAverageStart = loadavg();
log(`${quick ? 'quick' : 'full'} run; load average ${loadAverageStart.map((value) => value.toFixed(1)).join(' ')}`);
const server = await startServer();
log(`loopback server pid ${server.pid} on ${server.origin}`);

const lines: BenchLine[] = [];
const missingLines: string[] = [];
const requests: ScenarioResult[] = [];
let cache: CacheResult | undefined;
let bulk: BulkResult | undefined;
let paginate: { core: PaginateResult; http: PaginateResult; ky?: PaginateResult } | undefined;
let sharedPool: SharedPoolResult | undefined;
let coldImport: BenchResults['coldImport'];
let packSize: PackSizeResult[] | undefined;
const profiles: ProfileResult[] = [];

try {
  if (enabled('requests')) {
    for (const factory of lineFactories) {
      if (onlyLines !== undefined && !onlyLines.has(factory.id)) continue;
      const line = await factory.create(server.origin).catch((error: unknown) => {
        log(`line ${factory.id} unavailable: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      });
      if (line === undefined) missingLines.push(factory.id);
      else lines.push(line);
    }
    if (missingLines.length > 0) log(`not measured: ${missingLines.join(', ')}`);
    try {
      for (const scenario of scenarios(quick)) {
        log(`requests: ${scenario.label}`);
        requests.push(await runScenario(server, lines, scenario, 'http', log));
      }
    } finally {
      for (const line of lines) await line.close();
    }
  }

  if (enabled('cache')) {
    log('cache: hits and single-flight');
    cache = await runCache(server, { hits: quick ? 1000 : 4000, rounds: quick ? 2 : 3, flightCalls: 1000 });
  }

  const listOptions = { limit: 500, concurrency: 8 };
  if (enabled('bulk')) {
    const total = quick ? 20_000 : 200_000;
    log(`bulk: ${total} records`);
    bulk = await runBulk(server.origin, { total, ...listOptions, rounds: quick ? 1 : 2 }, log);
  }

  if (enabled('paginate')) {
    const total = quick ? 100_000 : 1_000_000;
    log(`paginate: ${total} records, core`);
    const core = await runPaginate(server.origin, 'core', { total, ...listOptions });
    log(`paginate: ${total} records, hand-written`);
    const http = await runPaginate(server.origin, 'http', { total, ...listOptions });
    log(`paginate: ${total} records, bare ky`);
    const ky = await runPaginate(server.origin, 'ky', { total, ...listOptions });
    paginate = { core, http, ky };
  }

  if (enabled('shared-pool')) {
    const options = { calls: quick ? 900 : 3000, concurrencies: [4, 32], webhooks: 16, rounds: quick ? 1 : 2 };
    log(`shared pool: a CMSI + WeCom relay, ${options.calls} calls, ${options.concurrencies.join(' or ')} at once, ${options.webhooks} robots`);
    sharedPool = await runSharedPool(server, options, log);
  }

  if (enabled('imports')) {
    const runs = quick ? 3 : 10;
    const packages = await listPackages();
    log(`cold import: ${packages.length} packages × ${runs}`);
    const nodeStartupMs = await measureNodeStartup(runs);
    const measured = await measureColdImports(packages, runs);
    // What the core loads, each module alone, resolved from the core's folder.
    const coreFolder = join(packagesDirectory, 'core-client');
    const dependencies: ColdImportResult[] = await measureColdImports(
      ['undici', 'ky', 'zod', 'lru-cache', '@x/errors'].map((name) => ({ name, folder: coreFolder, integration: false })),
      quick ? 3 : 5,
    );
    const breakdown: ImportBreakdown = { from: '@x/core-client', imports: dependencies };
    coldImport = { nodeStartupMs, packages: measured, breakdown };
  }

  if (enabled('pack')) {
    log('packed size: npm pack --dry-run');
    packSize = await measurePackSizes(await listPackages());
  }

  const targets = evaluateTargets({ requests, bulk, paginate: paginate?.core, coldImports: coldImport?.packages });
  if (enabled('profiles')) {
    const duration = String(quick ? 1000 : 4000);
    const missed = new Set(targets.filter((target) => !target.met).map((target) => target.id));
    const wanted: { id: string; label: string; args: string[] }[] = [];
    if (missed.has('core-small-sequential')) {
      wanted.push({ id: 'core', label: '@x/core-client call, small, sequential', args: ['core', 'small', '1'] });
      wanted.push({ id: 'http', label: 'node:http (reference), small, sequential', args: ['http', 'small', '1'] });
    }
    if (missed.has('core-small-concurrent')) wanted.push({ id: 'core', label: '@x/core-client call, small, 64 concurrent', args: ['core', 'small', '64'] });
    if (missed.has('bulk')) wanted.push({ id: 'bulk', label: '@x/core-client bulk (20,000 records, pages of 500, 8 in flight)', args: ['bulk', 'small', '8'] });
    for (const entry of wanted) {
      log(`profile: ${entry.label}`);
      profiles.push(await profile({ script: 'profile/profile-child.ts', args: [server.origin, ...entry.args, duration], label: entry.label }));
    }
  }

  const lineInfo: LineInfo[] = lines.map((line) => ({ id: line.id, label: line.label, description: line.description }));
  const results: BenchResults = {
    schema: 1,
    generatedAt: new Date().toISOString(),
    quick,
    durationMs: performance.now() - started,
    machine: await machineInfo(loadAverageStart),
    lines: lineInfo,
    missingLines,
    requests,
    bulk,
    paginate,
    cache,
    sharedPool,
    coldImport,
    packSize,
    targets,
    profiles,
  };
  const name = quick ? 'quick' : onlyLines === undefined ? 'latest' : 'subset';
  const notes = await readFile(new URL('./report/findings.md', import.meta.url), 'utf8').catch(() => '');
  await writeFile(join(benchDirectory, 'results', `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(benchDirectory, 'results', `${name}.md`), renderMarkdown(results, notes));
  process.stdout.write(
    `${renderConsole(results)}\n\nwrote bench/results/${name}.json and bench/results/${name}.md in ${(results.durationMs / 1000).toFixed(0)} s\n`,
  );
} finally {
  await server.close();
}
