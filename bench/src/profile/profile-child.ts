// Runs one line (or the core's bulk) in a loop under V8's CPU profiler, the one `node --cpu-prof`
// uses, started through the inspector after the warm-up so that start-up and JIT warm-up are left
// out, and writes the .cpuprofile.
//   node src/profile/profile-child.ts <origin> <line|bulk> <small|large> <concurrency> <ms> <interval µs> <out.cpuprofile>
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { listHosts } from '../lines/bench-endpoints.ts';
import { lineFactories } from '../lines/lines.ts';
import { runBatch } from '../measure/interleave.ts';
import { checkRecords, createListClient } from '../workloads/list-clients.ts';

const [origin, lineId, size, concurrencyText, durationText, intervalText, output] = process.argv.slice(2);
if (origin === undefined || lineId === undefined || (size !== 'small' && size !== 'large') || output === undefined) {
  throw new Error('usage: profile-child.ts <origin> <line|bulk> <small|large> <concurrency> <ms> <interval µs> <out.cpuprofile>');
}
const concurrency = Number(concurrencyText ?? '1');

/** One unit of work, and how to release what it holds. */
async function workload(): Promise<{ run: () => Promise<void>; close: () => Promise<void> }> {
  if (lineId === 'bulk') {
    const client = createListClient(origin ?? '', concurrency);
    const total = 20_000;
    return {
      run: async () => {
        checkRecords(await client.bulk(listHosts, { total }, { limit: 500, concurrency }), total);
      },
      close: async () => client.close(),
    };
  }
  const line = await lineFactories.find((candidate) => candidate.id === lineId)?.create(origin ?? '');
  if (line === undefined) throw new Error(`line ${lineId ?? ''} is not available`);
  const payload = size === 'large' ? 'large' : 'small';
  return {
    run: async () => {
      await runBatch(async () => line.call(payload), concurrency * 10, concurrency);
    },
    close: async () => line.close(),
  };
}

const work = await workload();
const warmUntil = performance.now() + 1000;
while (performance.now() < warmUntil) await work.run();
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: Number(intervalText ?? '250') });
await session.post('Profiler.start');
const until = performance.now() + Number(durationText ?? '3000');
while (performance.now() < until) await work.run();
const { profile } = await session.post('Profiler.stop');
session.disconnect();
await writeFile(output, JSON.stringify(profile));
await work.close();
