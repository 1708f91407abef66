// Reads a V8 .cpuprofile (node --cpu-prof) and says where the time went: per package, per
// function (self time), and per function of our own packages including callees.

/** The parts of a V8 CPU profile this module reads. */
export interface CpuProfile {
  readonly nodes: readonly CpuProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

export interface CpuProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number; readonly columnNumber: number };
  readonly children?: readonly number[];
}

/** Time spent somewhere, in ms and as a share of all samples. */
export interface TimeShare {
  readonly name: string;
  readonly ms: number;
  readonly percent: number;
  /** For self time: the JavaScript function that most often called this frame (natives have no location). */
  readonly caller?: string;
}

export interface ProfileSummary {
  readonly totalMs: number;
  readonly samples: number;
  /** Self time per package or runtime part (`@x/core-client`, `ky`, `zod`, `node:http`, `(garbage collector)`…). */
  readonly byPackage: readonly TimeShare[];
  /** Functions with the most self time. */
  readonly topSelf: readonly TimeShare[];
  /** Functions of our workspace packages (`@x/*`) with the most time including what they call. */
  readonly topInclusiveOwn: readonly TimeShare[];
}

const pnpmPackage = /\/node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)\//;
const workspacePackage = /\/packages\/([^/]+)\/(?:dist|src)\//;

/** The package or runtime part a frame belongs to. */
export function categorize(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const dependency = pnpmPackage.exec(url);
  if (dependency?.[1] !== undefined) return dependency[1];
  const own = workspacePackage.exec(url);
  if (own?.[1] !== undefined) return `@x/${own[1]}`;
  if (url.includes('/bench/src/')) return 'bench harness';
  if (url.startsWith('node:internal/deps/undici')) return 'undici inside Node (fetch)';
  if (url.startsWith('node:internal/webstreams') || url.startsWith('node:internal/deps/v8/tools')) return 'node web streams';
  if (url.startsWith('node:_http') || url === 'node:http' || url.startsWith('node:internal/http')) return 'node:http';
  if (url.startsWith('node:internal/streams') || url === 'node:stream') return 'node streams';
  if (url.startsWith('node:')) return 'node (other internals)';
  return 'other';
}

/** A readable location: the path from the package root on, with the line. */
export function location(url: string, lineNumber: number): string {
  const trimmed = url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\/\.pnpm\/[^/]+\/node_modules\//, '')
    .replace(/^.*\/packages\//, 'packages/');
  return `${trimmed}:${lineNumber + 1}`;
}

function frameName(node: CpuProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const name = functionName === '' ? '(anonymous)' : functionName;
  return url === '' ? name : `${name} ${location(url, lineNumber)}`;
}

function shares(totals: Map<string, number>, totalMs: number, limit: number, callers?: Map<string, Map<string, number>>): TimeShare[] {
  return [...totals.entries()]
    .sort((left, right) => right[1] - left[1])
    .slice(0, limit)
    .map(([name, ms]) => {
      const byCaller = callers?.get(name);
      const caller = byCaller === undefined ? undefined : [...byCaller.entries()].sort((left, right) => right[1] - left[1])[0]?.[0];
      return { name, ms, percent: totalMs === 0 ? 0 : (ms / totalMs) * 100, ...(caller === undefined ? {} : { caller }) };
    });
}

/** The nearest enclosing frame that has a source location (skips natives and anonymous wrappers' natives). */
function nearestCaller(id: number, byId: ReadonlyMap<number, CpuProfileNode>, parent: ReadonlyMap<number, number>): string | undefined {
  for (let current = parent.get(id); current !== undefined; current = parent.get(current)) {
    const frame = byId.get(current);
    if (frame === undefined) return undefined;
    if (frame.callFrame.url !== '') return frameName(frame);
  }
  return undefined;
}

/** Summarises a profile. `limit` caps each list. */
export function summarizeProfile(profile: CpuProfile, limit = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfByNode = new Map<number, number>();
  // Samples taken while the inspector session itself works (stopping the profiler) are not the workload.
  const inspector = new Set<number>();
  const isInspector = (id: number): boolean => {
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      if (byId.get(current)?.callFrame.url === 'node:inspector') return true;
    }
    return false;
  };
  for (const node of profile.nodes) if (isInspector(node.id)) inspector.add(node.id);
  let totalMs = 0;
  for (let index = 0; index < profile.samples.length; index += 1) {
    const id = profile.samples[index];
    // timeDeltas[i] is the time before sample i; it is the best estimate of that sample's weight.
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    if (id === undefined || ms <= 0 || inspector.has(id)) continue;
    selfByNode.set(id, (selfByNode.get(id) ?? 0) + ms);
    totalMs += ms;
  }
  const byPackage = new Map<string, number>();
  const bySelf = new Map<string, number>();
  const callers = new Map<string, Map<string, number>>();
  const inclusiveOwn = new Map<string, number>();
  for (const [id, ms] of selfByNode) {
    const node = byId.get(id);
    if (node === undefined) continue;
    const category = categorize(node.callFrame.url, node.callFrame.functionName);
    byPackage.set(category, (byPackage.get(category) ?? 0) + ms);
    const name = `${frameName(node)} [${category}]`;
    bySelf.set(name, (bySelf.get(name) ?? 0) + ms);
    const caller = nearestCaller(id, byId, parent);
    if (caller !== undefined) {
      const counts = callers.get(name) ?? new Map<string, number>();
      counts.set(caller, (counts.get(caller) ?? 0) + ms);
      callers.set(name, counts);
    }
    // Walk up the stack once per sampled node, counting each own function once (recursion).
    const seen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const frame = byId.get(current);
      if (frame === undefined) break;
      if (!categorize(frame.callFrame.url, frame.callFrame.functionName).startsWith('@x/')) continue;
      const key = frameName(frame);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusiveOwn.set(key, (inclusiveOwn.get(key) ?? 0) + ms);
    }
  }
  return {
    totalMs,
    samples: profile.samples.length,
    byPackage: shares(byPackage, totalMs, limit),
    topSelf: shares(bySelf, totalMs, limit, callers),
    topInclusiveOwn: shares(inclusiveOwn, totalMs, limit),
  };
}
