import type { ProfileResult } from '../profile/profile-line.ts';
import { thresholds } from './targets.ts';
import type { ScenarioResult } from '../suites/request-lines.ts';
import type { BenchResults, TargetResult } from './results.ts';
import { formatKilobytes, formatMegabytes, formatNumber, formatSignificant, markdownTable, textTable, type Table } from './table.ts';
import { sharedPoolCaption, sharedPoolTable } from '../workloads/shared-pool.ts';

function labelOf(results: BenchResults, id: string): string {
  return results.lines.find((line) => line.id === id)?.label ?? id;
}

/** One scenario: every line's throughput, ratio, latencies and CPU. */
export function scenarioTable(results: BenchResults, scenario: ScenarioResult): Table {
  const baselineCpu = scenario.lines.find((line) => line.line === 'http')?.cpuMicrosPerRequest ?? Number.NaN;
  return {
    head: [
      'line',
      'req/s',
      '× node:http',
      '× undici.request',
      'p50 ms',
      'p99 ms',
      'CPU µs/req',
      'CPU vs node:http',
      'req/s range',
      'rounds × calls',
      'server saw',
    ],
    align: ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    rows: scenario.lines.map((line) => [
      labelOf(results, line.line),
      formatNumber(line.requestsPerSecond, line.requestsPerSecond < 100 ? 1 : 0),
      formatSignificant(line.ratio),
      line.ratioToUndici === undefined ? '–' : formatSignificant(line.ratioToUndici),
      formatSignificant(line.p50Ms),
      formatSignificant(line.p99Ms),
      formatNumber(line.cpuMicrosPerRequest),
      `${formatSignificant(line.cpuMicrosPerRequest / baselineCpu)}×`,
      `${formatNumber(line.requestsPerSecondRange[0], 0)}–${formatNumber(line.requestsPerSecondRange[1], 0)}`,
      `${line.rounds}×${line.batchCount}`,
      line.upstreamRequests === line.calls ? 'every call' : `${formatNumber(line.upstreamRequests)} of ${formatNumber(line.calls)}`,
    ]),
  };
}

/** The four scenarios side by side: req/s and ratio per line (the README table). */
export function summaryTable(results: BenchResults): Table {
  const scenarios = results.requests;
  const lineIds = results.lines.map((line) => line.id).filter((id) => scenarios.some((scenario) => scenario.lines.some((line) => line.line === id)));
  return {
    head: ['client', ...scenarios.map((scenario) => scenario.label), 'CPU µs/req (small, seq)'],
    align: ['l', ...scenarios.map(() => 'r' as const), 'r'],
    rows: lineIds.map((id) => [
      labelOf(results, id),
      ...scenarios.map((scenario) => {
        const line = scenario.lines.find((entry) => entry.line === id);
        if (line === undefined) return '–';
        const toUndici = line.ratioToUndici === undefined ? '' : ` / ${formatSignificant(line.ratioToUndici)}×`;
        return `${formatNumber(line.requestsPerSecond, line.requestsPerSecond < 100 ? 1 : 0)} (${formatSignificant(line.ratio)}×${toUndici})`;
      }),
      formatNumber(
        scenarios.find((scenario) => scenario.scenario === 'small-sequential')?.lines.find((line) => line.line === id)?.cpuMicrosPerRequest ?? Number.NaN,
      ),
    ]),
  };
}

function targetTable(targets: readonly TargetResult[]): Table {
  return {
    head: ['', 'target', 'goal', 'measured'],
    rows: targets.map((target) => [target.met ? '✅' : '❌', target.description, target.target, target.measured]),
  };
}

function profileTables(profile: ProfileResult): string[] {
  const share = (rows: ProfileResult['byPackage'], withCaller: boolean): Table => ({
    head: withCaller ? ['%', 'ms', 'frame', 'called from'] : ['%', 'ms', 'where'],
    align: withCaller ? ['r', 'r', 'l', 'l'] : ['r', 'r', 'l'],
    rows: rows.map((row) => [
      formatNumber(row.percent, 1),
      formatNumber(row.ms),
      `\`${row.name}\``,
      ...(withCaller ? [row.caller === undefined ? '' : `\`${row.caller}\``] : []),
    ]),
  });
  return [
    `#### Profile: ${profile.label}`,
    '',
    `\`${profile.command}\` — ${formatNumber(profile.totalMs)} ms sampled (${formatNumber(profile.samples)} samples).`,
    '',
    'Self time by package:',
    '',
    markdownTable(share(profile.byPackage, false)),
    '',
    'Top frames by self time:',
    '',
    markdownTable(share(profile.topSelf, true)),
    '',
    'Our functions (`@x/*`) by time including callees:',
    '',
    markdownTable(share(profile.topInclusiveOwn, false)),
    '',
  ];
}

function machineLine(results: BenchResults): string {
  const machine = results.machine;
  const load = (values: readonly number[]): string => values.map((value) => formatNumber(value, 1)).join(' / ');
  return `Node ${machine.node} (V8 ${machine.v8}), ${machine.cpuModel} × ${machine.cores} cores, ${formatNumber(machine.totalMemoryBytes / 2 ** 30, 1)} GiB, ${machine.platform}-${machine.arch}; load average (1/5/15 min) ${load(machine.loadAverageStart)} at start, ${load(machine.loadAverageEnd)} at end`;
}

/** The markdown report (results/latest.md). `notes` is hand-written analysis kept beside the generator. */
export function renderMarkdown(results: BenchResults, notes: string): string {
  const out: string[] = [];
  const date = results.generatedAt.slice(0, 10);
  out.push('# Benchmark results', '', `<!-- Generated by bench/src/run.ts (${results.quick ? 'quick smoke run' : 'full run'}); do not edit by hand. -->`, '');
  out.push('## Suggested root README section', '', 'Paste from here to the next horizontal rule into the root README.', '', '---', '');
  out.push('## Performance', '');
  out.push(
    'One `pnpm bench` run compares, against the same loopback server (in its own process): raw `node:http` with a keep-alive agent (the floor), ' +
      '`undici.request` on a Pool (the leanest client), `axios` and `got` with keep-alive agents, the global `fetch`, bare `ky`, `@x/core-client`’s `call` (auth header, tenant, request id, envelope check, zod output) and `@x/cmsi`’s `getMsgType` with its cache off. ' +
      'Requests/s are medians of interleaved rounds; the ratios (node:http / undici.request) are to those lines in the same round.',
    '',
  );
  out.push(`Latest run: ${date}, ${machineLine(results)}.`, '');
  if ((results.machine.loadAverageStart[0] ?? 0) > results.machine.cores) {
    out.push(
      `The machine was shared with other work during this run (load average above its ${results.machine.cores} cores): absolute figures are low and noisy, and a ratio (paired per round) can differ from the quotient of the two medians. CPU µs per request is the steadier figure.`,
      '',
    );
  }
  out.push(markdownTable(summaryTable(results)), '');
  out.push('Targets:', '');
  for (const target of results.targets) out.push(`- ${target.met ? '✅' : '❌'} ${target.description}: ${target.measured} (goal ${target.target})`);
  out.push(
    '',
    'Reproduce with `./dev bench` from the repository root (or `cd bench && pnpm bench`; add `--quick` for a smoke run). ' +
      'Latencies, CPU per request, workloads, cold imports, packed sizes and CPU profiles: [bench/results/latest.md](bench/results/latest.md).',
    '',
    '---',
    '',
  );

  out.push('## Machine', '', `${machineLine(results)}.`, '');
  out.push(
    `Versions: ${Object.entries(results.machine.versions)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}; repository at ${results.machine.commit}` +
      `${results.machine.uncommittedPackages.length === 0 ? '' : ` (uncommitted changes in ${results.machine.uncommittedPackages.join(', ')} were built and measured)`}. Run took ${formatNumber(results.durationMs / 1000)} s.`,
    '',
  );
  if (results.missingLines.length > 0) out.push(`Not measured (not available in this build): ${results.missingLines.join(', ')}.`, '');

  out.push('## Targets', '', markdownTable(targetTable(results.targets)), '');
  if (notes.trim() !== '') out.push(notes.trim(), '');

  out.push('## Requests', '');
  out.push(
    'Each scenario runs every line in interleaved rounds (each round runs each line once, in rotating order, after a forced GC); a line’s calls per round are fixed from its warm-up speed so that each batch lasts about the same time. ' +
      'req/s and CPU µs/req are medians over rounds; × node:http is the median of the per-round ratios; p50/p99 are over every call of every round; CPU is this process only (user + system, all threads; the server runs in another process). ' +
      '“CPU vs node:http” is the CPU cost per request as a multiple of node:http’s: on a busy machine it is steadier than req/s, and on an idle CPU-bound one its inverse bounds the req/s ratio. “server saw” compares the requests the server counted for the line with the calls made (warm-up included).',
    '',
  );
  out.push('| line | what it does |', '| --- | --- |', ...results.lines.map((line) => `| ${line.label} | ${line.description} |`), '');
  for (const scenario of results.requests) {
    out.push(`### ${scenario.label}`, '', markdownTable(scenarioTable(results, scenario)), '');
  }

  if (results.bulk !== undefined) {
    const bulk = results.bulk;
    out.push(
      '## Bulk',
      '',
      `${bulk.total.toLocaleString('en-US')} records in pages of ${bulk.limit}, ${bulk.concurrency} pages in flight, each run in a fresh process (median of ${bulk.core.runs.length} runs each, alternating order).`,
      '',
    );
    out.push(
      markdownTable({
        head: ['loop', 'wall ms', 'CPU ms', 'RSS before', 'peak RSS', 'runs (wall ms)'],
        align: ['l', 'r', 'r', 'r', 'r', 'l'],
        rows: [bulk.http, bulk.core].map((line) => [
          line.mode === 'core' ? '`client.bulk` (@x/core-client)' : 'hand-written node:http loop',
          formatNumber(line.medianWallMs),
          formatNumber(line.medianCpuMs),
          formatMegabytes(line.medianStartRssBytes),
          formatMegabytes(line.medianPeakRssBytes),
          line.runs.map((run) => formatNumber(run.wallMs)).join(', '),
        ]),
      }),
      '',
      `core / hand-written wall time: **${formatSignificant(bulk.wallRatio)}×**.`,
      '',
    );
  }

  if (results.paginate !== undefined) {
    const { core, http, ky } = results.paginate;
    out.push(
      '## Paginate',
      '',
      `${core.total.toLocaleString('en-US')} records streamed in pages of ${core.limit} (${core.concurrency} in flight), records touched and dropped; RSS sampled every 100 ms in a fresh process.`,
      '',
    );
    out.push(
      markdownTable({
        head: ['loop', 'wall ms', 'CPU ms', 'RSS before', 'RSS at 10%', 'peak RSS', 'RSS at end', 'growth (peak − before)', 'drift (end − 10%)'],
        align: ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
        rows: [http, ...(ky === undefined ? [] : [ky]), core].map((run) => [
          run.mode === 'core'
            ? '`client.paginate` (@x/core-client)'
            : run.mode === 'ky'
              ? 'bare ky stream (global fetch, no validation)'
              : 'hand-written node:http stream',
          formatNumber(run.wallMs),
          formatNumber(run.cpuMs),
          formatMegabytes(run.startRssBytes),
          formatMegabytes(run.warmRssBytes),
          formatMegabytes(run.peakRssBytes),
          formatMegabytes(run.endRssBytes),
          formatMegabytes(run.growthBytes),
          formatMegabytes(run.drift),
        ]),
      }),
      '',
    );
    out.push('RSS and V8 heap of `client.paginate` over the run (every tenth of the samples):', '');
    const step = Math.max(1, Math.ceil(core.samples.length / 10));
    out.push(
      markdownTable({
        head: ['s', 'RSS', 'heap used', 'heap total', 'external'],
        align: ['r', 'r', 'r', 'r', 'r'],
        rows: core.samples
          .filter((_sample, index) => index % step === 0 || index === core.samples.length - 1)
          .map((sample) => [
            formatNumber(sample[0] / 1000, 1),
            formatMegabytes(sample[1]),
            formatMegabytes(sample[2]),
            formatMegabytes(sample[3]),
            formatMegabytes(sample[4]),
          ]),
      }),
      '',
    );
  }

  if (results.cache !== undefined) {
    const cache = results.cache;
    out.push(
      '## Cache',
      '',
      'An endpoint with `cacheTtl` on the default in-memory store; one miss fills it, then every call is a hit (output still checked by zod on each hit).',
      '',
    );
    out.push(
      markdownTable({
        head: ['hits', 'hits/s', 'p50 ms', 'p99 ms', 'CPU µs/hit', 'upstream requests'],
        align: ['l', 'r', 'r', 'r', 'r', 'r'],
        rows: cache.hits.map((hit) => [
          hit.concurrency === 1 ? 'sequential' : `${hit.concurrency} concurrent`,
          formatNumber(hit.requestsPerSecond),
          formatSignificant(hit.p50Ms),
          formatSignificant(hit.p99Ms),
          formatNumber(hit.cpuMicrosPerRequest),
          formatNumber(hit.upstreamRequests),
        ]),
      }),
      '',
    );
    out.push(
      markdownTable({
        head: ['identical concurrent calls (server answers after 50 ms)', 'wall ms', 'upstream requests'],
        align: ['l', 'r', 'r'],
        rows: [
          [
            `${cache.singleFlight.calls} × cached endpoint (single-flight)`,
            formatNumber(cache.singleFlight.wallMs),
            formatNumber(cache.singleFlight.upstreamRequests),
          ],
          [
            `${cache.withoutSingleFlight.calls} × endpoint without cacheTtl`,
            formatNumber(cache.withoutSingleFlight.wallMs),
            formatNumber(cache.withoutSingleFlight.upstreamRequests),
          ],
        ],
      }),
      '',
    );
  }

  if (results.sharedPool !== undefined) {
    out.push('## Shared pool', '', sharedPoolCaption(results.sharedPool), '', markdownTable(sharedPoolTable(results.sharedPool)), '');
  }

  if (results.coldImport !== undefined) {
    const cold = results.coldImport;
    out.push(
      '## Cold import',
      '',
      `\`node --input-type=module -e "await import('@x/…')"\` in a fresh process from the package's folder; the import itself timed inside the process (wall and CPU), median of ${cold.packages[0]?.runs ?? 0}. A bare \`node -e 0\` takes ${formatNumber(cold.nodeStartupMs)} ms.`,
      '',
    );
    out.push(
      markdownTable({
        head: ['package', 'import ms', 'import ms with zod already loaded', 'import CPU ms', 'whole process ms', 'target'],
        align: ['l', 'r', 'r', 'r', 'r', 'l'],
        rows: cold.packages.map((entry) => [
          entry.name,
          entry.error === undefined ? formatSignificant(entry.importMs) : 'failed',
          entry.afterZodMs === undefined ? '' : formatSignificant(entry.afterZodMs),
          entry.error === undefined ? formatSignificant(entry.importCpuMs) : '',
          entry.error === undefined ? formatNumber(entry.processMs) : (entry.error ?? ''),
          entry.integration ? `${entry.error === undefined && entry.importMs < thresholds.coldImportMs ? '✅' : '❌'} < ${thresholds.coldImportMs} ms` : '',
        ]),
      }),
      '',
    );
    if (cold.breakdown !== undefined) {
      out.push(`What \`${cold.breakdown.from}\` loads, each imported alone in a fresh process (median):`, '');
      out.push(
        markdownTable({
          head: ['module', 'import ms', 'import CPU ms'],
          align: ['l', 'r', 'r'],
          rows: cold.breakdown.imports.map((entry) => [
            entry.name,
            entry.error === undefined ? formatSignificant(entry.importMs) : 'failed',
            entry.error === undefined ? formatSignificant(entry.importCpuMs) : '',
          ]),
        }),
        '',
      );
    }
  }

  if (results.packSize !== undefined) {
    out.push('## Packed size', '', '`npm pack --dry-run --json` in each packages/* folder (the tarball includes `src/` and source maps besides `dist/`).', '');
    out.push(
      markdownTable({
        head: ['package', 'tarball', 'unpacked', 'files', 'dist/ files', 'dist/ size'],
        align: ['l', 'r', 'r', 'r', 'r', 'r'],
        rows: results.packSize.map((entry) => [
          entry.name,
          entry.error === undefined ? formatKilobytes(entry.packedBytes) : `failed: ${entry.error}`,
          formatKilobytes(entry.unpackedBytes),
          formatNumber(entry.files),
          formatNumber(entry.distFiles),
          formatKilobytes(entry.distBytes),
        ]),
      }),
      '',
    );
  }

  if (results.profiles.length > 0) {
    out.push(
      '## Profiles',
      '',
      'Taken for the targets that were missed: V8 CPU profiles (the profiler behind `node --cpu-prof`) of the line alone in a fresh process after a 1 s warm-up. `(idle)` is time waiting on the network; `(native)` frames are C++ (e.g. `writeLatin1String` is the socket write).',
      '',
    );
    for (const profile of results.profiles) out.push(...profileTables(profile));
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** The console summary. */
export function renderConsole(results: BenchResults): string {
  const out: string[] = [];
  for (const scenario of results.requests) out.push(`\n${scenario.label}\n${textTable(scenarioTable(results, scenario))}`);
  if (results.bulk !== undefined) {
    out.push(
      `\nbulk ${results.bulk.total}: core ${formatNumber(results.bulk.core.medianWallMs)} ms (peak RSS ${formatMegabytes(results.bulk.core.medianPeakRssBytes)}) vs hand-written ${formatNumber(results.bulk.http.medianWallMs)} ms (peak RSS ${formatMegabytes(results.bulk.http.medianPeakRssBytes)}): ${formatSignificant(results.bulk.wallRatio)}×`,
    );
  }
  if (results.paginate !== undefined) {
    const { core, http, ky } = results.paginate;
    out.push(
      `paginate ${core.total}: core RSS growth ${formatMegabytes(core.growthBytes)} in ${formatNumber(core.wallMs)} ms; hand-written ${formatMegabytes(http.growthBytes)} in ${formatNumber(http.wallMs)} ms` +
        (ky === undefined ? '' : `; bare ky ${formatMegabytes(ky.growthBytes)} in ${formatNumber(ky.wallMs)} ms`),
    );
  }
  if (results.cache !== undefined) {
    const cache = results.cache;
    out.push(
      `cache: ${cache.hits.map((hit) => `${formatNumber(hit.requestsPerSecond)} hits/s (${hit.concurrency === 1 ? 'sequential' : `${hit.concurrency} concurrent`})`).join(', ')}; single-flight ${cache.singleFlight.calls} calls → ${cache.singleFlight.upstreamRequests} upstream request(s) (without: ${cache.withoutSingleFlight.upstreamRequests})`,
    );
  }
  if (results.sharedPool !== undefined) out.push(`\nshared pool (${results.sharedPool.calls} relay calls)\n${textTable(sharedPoolTable(results.sharedPool))}`);
  if (results.coldImport !== undefined) {
    out.push(
      `cold import (node -e 0: ${formatNumber(results.coldImport.nodeStartupMs)} ms; with zod already loaded in brackets): ${results.coldImport.packages
        .map(
          (entry) =>
            `${entry.name} ${entry.error === undefined ? `${formatSignificant(entry.importMs)} ms${entry.afterZodMs === undefined ? '' : ` (${formatSignificant(entry.afterZodMs)} ms)`}` : 'failed'}`,
        )
        .join(', ')}`,
    );
  }
  if (results.packSize !== undefined) out.push(`packed: ${results.packSize.map((entry) => `${entry.name} ${formatKilobytes(entry.packedBytes)}`).join(', ')}`);
  out.push(`\ntargets\n${textTable(targetTable(results.targets))}`);
  return out.join('\n');
}
