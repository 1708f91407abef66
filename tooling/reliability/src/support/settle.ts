import { setTimeout as delay } from 'node:timers/promises';

/** Polls `check` until it returns true or `timeoutMs` passes; returns the last answer. */
export async function waitFor(check: () => boolean, timeoutMs: number, intervalMs = 20): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (check()) return true;
    if (Date.now() >= deadline) return false;
    await delay(intervalMs);
  }
}

/** Heap used after full collections (needs `--expose-gc`; vitest.config.ts passes it). */
export async function settledHeapUsed(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('global.gc is missing: run with --expose-gc (vitest.config.ts sets execArgv)');
  for (let round = 0; round < 4; round += 1) {
    gc();
    // Let finalizers, weak references and closed handles run between collections.
    await delay(10);
  }
  return process.memoryUsage().heapUsed;
}

/** Open TCP sockets (client and server ends) of this process, from libuv's active resources. */
export function openTcpSockets(): number {
  return process.getActiveResourcesInfo().filter((name) => name === 'TCPSocketWrap' || name === 'TLSWrap').length;
}
