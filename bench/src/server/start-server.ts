import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { ClientMessage, RouteCounts, ServerMessage } from './server-protocol.ts';

/** The loopback server, running in a child process. */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` without a trailing slash. */
  readonly origin: string;
  readonly port: number;
  readonly pid: number;
  /** Requests received per route since the last reset. */
  counts(): Promise<RouteCounts>;
  reset(): void;
  close(): Promise<void>;
}

const serverFile = fileURLToPath(new URL('./loopback-server.ts', import.meta.url));

/** Forks the loopback server into its own process and waits until it listens. */
export async function startServer(): Promise<LoopbackServer> {
  // Inherit stdio so a crash is visible; drop the parent's --expose-gc/--cpu-prof flags.
  const child: ChildProcess = fork(serverFile, [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const send = (message: ClientMessage): void => {
    child.send(message);
  };
  const port = await new Promise<number>((resolve, reject) => {
    const onMessage = (message: ServerMessage): void => {
      if (message.type === 'ready') {
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message.port);
      }
    };
    const onExit = (code: number | null): void => {
      reject(new Error(`the loopback server exited with code ${String(code)} before listening`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
  let nextId = 1;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid ?? -1,
    counts: async () => {
      const id = nextId;
      nextId += 1;
      return new Promise<RouteCounts>((resolve) => {
        const onMessage = (message: ServerMessage): void => {
          if (message.type === 'counts' && message.id === id) {
            child.off('message', onMessage);
            resolve(message.counts);
          }
        };
        child.on('message', onMessage);
        send({ type: 'counts', id });
      });
    },
    reset: () => {
      send({ type: 'reset' });
    },
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      send({ type: 'close' });
      await exited;
    },
  };
}
