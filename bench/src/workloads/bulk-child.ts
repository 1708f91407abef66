// One bulk run in a fresh process, so that its peak RSS is its own.
//   node src/workloads/bulk-child.ts <origin> <core|http> <total> <limit> <concurrency>
import { listHosts } from '../lines/bench-endpoints.ts';
import { checkRecords, createListClient, handWrittenBulk } from './list-clients.ts';

export interface BulkChildResult {
  readonly type: 'bulk';
  readonly mode: string;
  readonly records: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  /** RSS when the run starts (modules loaded, nothing fetched). */
  readonly startRssBytes: number;
  /** Peak RSS of the process (getrusage maxrss). */
  readonly peakRssBytes: number;
}

const [origin, mode, totalText, limitText, concurrencyText] = process.argv.slice(2);
if (origin === undefined || (mode !== 'core' && mode !== 'http')) throw new Error('usage: bulk-child.ts <origin> <core|http> <total> <limit> <concurrency>');
const total = Number(totalText ?? '200000');
const limit = Number(limitText ?? '500');
const concurrency = Number(concurrencyText ?? '8');

const client = mode === 'core' ? createListClient(origin, concurrency) : undefined;
const startRssBytes = process.memoryUsage.rss();
const cpu = process.cpuUsage();
const started = performance.now();
const records =
  client === undefined ? await handWrittenBulk(origin, total, limit, concurrency) : await client.bulk(listHosts, { total }, { limit, concurrency });
const wallMs = performance.now() - started;
const used = process.cpuUsage(cpu);
checkRecords(records, total);
await client?.close();
const result: BulkChildResult = {
  type: 'bulk',
  mode,
  records: records.length,
  wallMs,
  cpuMs: (used.user + used.system) / 1000,
  startRssBytes,
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
};
process.send?.(result);
