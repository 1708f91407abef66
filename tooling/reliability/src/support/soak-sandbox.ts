import { Worker } from 'node:worker_threads';
import type { SandboxFault, SandboxOptions, SandboxRoots } from '@x/sandbox';

/** What the soak counted on the server side once counting started. */
export interface SoakCounts {
  /** Every request the sandbox received. */
  readonly requests: number;
  /** Requests per call index found in the body (sends carry a marker). */
  readonly sendRequests: ReadonlyMap<number, number>;
  /** Outbox messages per call index. */
  readonly outboxMessages: ReadonlyMap<number, number>;
}

/** A sandbox running in a worker thread, driven by messages. */
export interface SoakSandbox {
  readonly url: string;
  readonly apiHost: string;
  readonly roots: SandboxRoots;
  readonly credentials: { readonly appCode: string; readonly appSecret: string };
  /** Adds faults (in order) and answers their handle ids once the sandbox has them. */
  inject(faults: readonly SandboxFault[]): Promise<number[]>;
  remove(handles: readonly number[]): Promise<void>;
  /** Starts counting requests and messages (warm-up traffic is not counted). */
  startCounting(): Promise<void>;
  counts(): Promise<SoakCounts>;
  close(): Promise<void>;
}

interface Ready {
  readonly url: string;
  readonly apiHost: string;
  readonly roots: SandboxRoots;
  readonly credentials: { readonly appCode: string; readonly appSecret: string };
}

/** Starts `soak-sandbox-worker.ts` and waits until its sandbox listens. */
export async function startSoakSandbox(sandbox: SandboxOptions, markerPattern: string): Promise<SoakSandbox> {
  const worker = new Worker(new URL('./soak-sandbox-worker.ts', import.meta.url), { workerData: { sandbox, markerPattern } });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>();
  let nextId = 1;
  let failure: unknown;
  const ready = new Promise<Ready>((resolve, reject) => {
    worker.on('message', (message: { ready?: Ready; id?: number; value?: unknown }) => {
      if (message.ready !== undefined) {
        resolve(message.ready);
        return;
      }
      if (message.id === undefined) return;
      pending.get(message.id)?.resolve(message.value);
      pending.delete(message.id);
    });
    const fail = (error: unknown): void => {
      failure = error;
      reject(error instanceof Error ? error : new Error(String(error)));
      for (const entry of pending.values()) entry.reject(error);
      pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (pending.size > 0) fail(new Error(`the soak sandbox worker exited (${code})`));
    });
  });
  const request = async <T>(type: string, fields: Record<string, unknown> = {}): Promise<T> => {
    if (failure !== undefined) throw failure instanceof Error ? failure : new Error('the soak sandbox worker failed', { cause: failure });
    const id = nextId;
    nextId += 1;
    const answer = new Promise<unknown>((resolve, reject) => {
      pending.set(id, { resolve, reject });
    });
    worker.postMessage({ id, type, ...fields });
    return (await answer) as T;
  };
  const info = await ready;
  let closing: Promise<void> | undefined;
  return {
    ...info,
    inject: async (faults) => request<number[]>('inject', { faults }),
    remove: async (handles) => {
      await request('remove', { handles });
    },
    startCounting: async () => {
      await request('count-start');
    },
    counts: async () => {
      const raw = await request<{ requests: number; sendRequests: [number, number][]; outboxMessages: [number, number][] }>('counts');
      return { requests: raw.requests, sendRequests: new Map(raw.sendRequests), outboxMessages: new Map(raw.outboxMessages) };
    },
    close: async () => {
      closing ??= (async () => {
        await request('close');
        await worker.terminate();
      })();
      await closing;
    },
  };
}
