// Runs a sandbox in a worker thread for the soak, so the server uses the second core and the
// client's heap (measured on the main thread) holds nothing of the server. Node runs this file
// directly (type stripping): it imports packages only, never a relative `.js` module.
import { parentPort, workerData } from 'node:worker_threads';
import { startSandbox } from '@x/sandbox';
import type { SandboxCall, SandboxFault, SandboxFaultHandle, SandboxOptions, SandboxOutboxMessage } from '@x/sandbox';

interface WorkerOptions {
  readonly sandbox: SandboxOptions;
  /** Finds the call index in a request body or an outbox message, e.g. `soak#(\d+)#`. */
  readonly markerPattern: string;
}

type WorkerRequest =
  | { readonly id: number; readonly type: 'inject'; readonly faults: readonly SandboxFault[] }
  | { readonly id: number; readonly type: 'remove'; readonly handles: readonly number[] }
  | { readonly id: number; readonly type: 'count-start' }
  | { readonly id: number; readonly type: 'counts' }
  | { readonly id: number; readonly type: 'close' };

const port = parentPort;
if (port === null) throw new Error('soak-sandbox-worker must run in a worker thread');
const options = workerData as WorkerOptions;
const sandbox = await startSandbox(options.sandbox);
const marker = new RegExp(options.markerPattern);
const handles = new Map<number, SandboxFaultHandle>();
let nextHandle = 1;
let counting = false;
let requests = 0;
const sendRequests = new Map<number, number>();
const outboxMessages = new Map<number, number>();

function markerIndex(value: unknown): number | undefined {
  const match = marker.exec(typeof value === 'string' ? value : JSON.stringify(value));
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

// Folds the recorded requests and messages into counters and empties the arrays, so the worker's
// memory stays flat over 20,000 calls.
function drain(): void {
  const calls = sandbox.calls as SandboxCall[];
  for (const call of calls) {
    if (!counting) continue;
    requests += 1;
    const index = markerIndex(call.body);
    if (index !== undefined) sendRequests.set(index, (sendRequests.get(index) ?? 0) + 1);
  }
  calls.length = 0;
  const outbox = sandbox.outbox as SandboxOutboxMessage[];
  for (const message of outbox) {
    if (!counting) continue;
    const index = markerIndex(message.body);
    if (index !== undefined) outboxMessages.set(index, (outboxMessages.get(index) ?? 0) + 1);
  }
  outbox.length = 0;
}
const drainTimer = setInterval(drain, 100);

port.on('message', (request: WorkerRequest) => {
  switch (request.type) {
    case 'inject': {
      const ids = request.faults.map((fault) => {
        const id = nextHandle;
        nextHandle += 1;
        handles.set(id, sandbox.inject(fault));
        return id;
      });
      port.postMessage({ id: request.id, value: ids });
      return;
    }
    case 'remove':
      for (const id of request.handles) {
        handles.get(id)?.remove();
        handles.delete(id);
      }
      port.postMessage({ id: request.id, value: null });
      return;
    case 'count-start':
      drain();
      counting = true;
      port.postMessage({ id: request.id, value: null });
      return;
    case 'counts':
      drain();
      port.postMessage({ id: request.id, value: { requests, sendRequests: [...sendRequests], outboxMessages: [...outboxMessages] } });
      return;
    case 'close':
      clearInterval(drainTimer);
      void sandbox.close().then(() => {
        port.postMessage({ id: request.id, value: null });
        port.close();
      });
      return;
  }
});

port.postMessage({ ready: { url: sandbox.url, apiHost: sandbox.apiHost, roots: sandbox.roots, credentials: sandbox.credentials } });
