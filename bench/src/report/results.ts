import type { ProfileResult } from '../profile/profile-line.ts';
import type { ScenarioResult } from '../suites/request-lines.ts';
import type { BulkResult, PaginateResult } from '../workloads/bulk.ts';
import type { CacheResult } from '../workloads/cache.ts';
import type { SharedPoolResult } from '../workloads/shared-pool.ts';
import type { ColdImportResult, PackSizeResult } from '../workloads/packages.ts';

/** The machine and software a run was measured on. */
export interface MachineInfo {
  readonly node: string;
  readonly v8: string;
  readonly platform: string;
  readonly arch: string;
  readonly cpuModel: string;
  readonly cores: number;
  readonly totalMemoryBytes: number;
  /** 1-, 5- and 15-minute load averages when the run started and ended (other work on the machine). */
  readonly loadAverageStart: readonly number[];
  readonly loadAverageEnd: readonly number[];
  readonly versions: Readonly<Record<string, string>>;
  /** The repository commit measured, and the measured packages with uncommitted changes (built from the work tree). */
  readonly commit: string;
  readonly uncommittedPackages: readonly string[];
}

/** One target of the issue, and whether this run met it. */
export interface TargetResult {
  readonly id: string;
  readonly description: string;
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

/** A line's identity for the report. */
export interface LineInfo {
  readonly id: string;
  readonly label: string;
  readonly description: string;
}

/** Cold import of one dependency, to explain a package's import time. */
export interface ImportBreakdown {
  readonly from: string;
  readonly imports: readonly ColdImportResult[];
}

/** Everything one `pnpm bench` run measured (results/latest.json). */
export interface BenchResults {
  readonly schema: 1;
  readonly generatedAt: string;
  readonly quick: boolean;
  readonly durationMs: number;
  readonly machine: MachineInfo;
  readonly lines: readonly LineInfo[];
  /** Lines the run could not create (e.g. a package not built yet). */
  readonly missingLines: readonly string[];
  readonly requests: readonly ScenarioResult[];
  readonly bulk: BulkResult | undefined;
  /** `ky` (bare ky over the global fetch, the floor for a ky-based client) is missing from runs before it was added. */
  readonly paginate: { readonly core: PaginateResult; readonly http: PaginateResult; readonly ky?: PaginateResult | undefined } | undefined;
  readonly cache: CacheResult | undefined;
  /** A CMSI + WeCom relay on one shared pool and on separate ones; missing from runs before it was added. */
  readonly sharedPool?: SharedPoolResult | undefined;
  readonly coldImport:
    { readonly nodeStartupMs: number; readonly packages: readonly ColdImportResult[]; readonly breakdown: ImportBreakdown | undefined } | undefined;
  readonly packSize: readonly PackSizeResult[] | undefined;
  readonly targets: readonly TargetResult[];
  readonly profiles: readonly ProfileResult[];
}
