// One paginate run in a fresh process, sampling RSS while pages stream through.
//   node src/workloads/paginate-child.ts <origin> <core|http|ky> <total> <limit> <concurrency>
import { listHosts } from '../lines/bench-endpoints.ts';
import { createListClient, handWrittenPages, kyPages } from './list-clients.ts';

export interface PaginateChildResult {
  readonly type: 'paginate';
  readonly mode: string;
  readonly records: number;
  readonly pages: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  /** RSS before the first page. */
  readonly startRssBytes: number;
  /** RSS after 10% of the pages (warm: JIT done, pools filled). */
  readonly warmRssBytes: number;
  readonly peakRssBytes: number;
  readonly endRssBytes: number;
  /** Samples every 100 ms: [ms since start, RSS, V8 heap used, V8 heap total, external (incl. ArrayBuffers)] in bytes. */
  readonly samples: readonly (readonly [number, number, number, number, number])[];
}

const [origin, mode, totalText, limitText, concurrencyText] = process.argv.slice(2);
if (origin === undefined || (mode !== 'core' && mode !== 'http' && mode !== 'ky'))
  throw new Error('usage: paginate-child.ts <origin> <core|http|ky> <total> <limit> <concurrency>');
const total = Number(totalText ?? '1000000');
const limit = Number(limitText ?? '500');
const concurrency = Number(concurrencyText ?? '8');
const expectedPages = Math.ceil(total / limit);

const client = mode === 'core' ? createListClient(origin, concurrency) : undefined;
const samples: [number, number, number, number, number][] = [];
const startRssBytes = process.memoryUsage.rss();
let peakRssBytes = startRssBytes;
let warmRssBytes = startRssBytes;
const started = performance.now();
const sample = (): void => {
  const memory = process.memoryUsage();
  peakRssBytes = Math.max(peakRssBytes, memory.rss);
  samples.push([performance.now() - started, memory.rss, memory.heapUsed, memory.heapTotal, memory.external]);
};
const timer = setInterval(sample, 100);
const cpu = process.cpuUsage();
let records = 0;
let pages = 0;
let lastId = 0;
const pageStream =
  client !== undefined
    ? client.paginate(listHosts, { total }, { limit, concurrency })
    : mode === 'ky'
      ? kyPages(origin, total, limit, concurrency)
      : handWrittenPages(origin, total, limit, concurrency);
for await (const page of pageStream) {
  // Touch every record and keep none: the consumer streams.
  for (const record of page) {
    if (record.bk_host_id !== lastId + 1) throw new Error(`record ${lastId + 1} is out of order`);
    lastId = record.bk_host_id;
  }
  records += page.length;
  pages += 1;
  peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss());
  if (pages === Math.ceil(expectedPages / 10)) warmRssBytes = process.memoryUsage.rss();
}
const wallMs = performance.now() - started;
const used = process.cpuUsage(cpu);
clearInterval(timer);
sample();
await client?.close();
if (records !== total) throw new Error(`expected ${total} records, got ${records}`);
const result: PaginateChildResult = {
  type: 'paginate',
  mode,
  records,
  pages,
  wallMs,
  cpuMs: (used.user + used.system) / 1000,
  startRssBytes,
  warmRssBytes,
  // getrusage's maxrss also catches a peak between two samples.
  peakRssBytes: Math.max(peakRssBytes, process.resourceUsage().maxRSS * 1024),
  endRssBytes: process.memoryUsage.rss(),
  samples,
};
process.send?.(result);
