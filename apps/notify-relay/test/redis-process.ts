import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRedisServer, RedisServerUnavailableError } from '@x/test-services';

// A redis-server with the persistence and password a test asks for (@x/test-services' helper
// always runs without persistence), that can be killed with SIGKILL and restarted on its data.

/** Options of {@link startRedisProcess}. */
export interface RedisProcessOptions {
  /** `appendonly yes` with this `appendfsync`; undefined: no AOF and no RDB snapshots. */
  readonly appendfsync?: 'always' | 'everysec' | 'no' | undefined;
  /** `--requirepass`. */
  readonly password?: string | undefined;
}

/** A redis-server on 127.0.0.1 whose data folder survives {@link RedisProcess.kill}. */
export interface RedisProcess {
  /** `redis://[:password@]127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** SIGKILL: no shutdown, no final fsync. */
  kill(): Promise<void>;
  /** Starts again on the same port and data folder (AOF replayed). */
  start(): Promise<void>;
  /** Commands over one raw socket (inline protocol, after AUTH), the replies as text. */
  command(...lines: string[]): Promise<string>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

async function send(port: number, lines: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let answer = '';
    socket.setTimeout(2_000, () => {
      socket.destroy();
      resolve(answer);
    });
    socket.once('error', reject);
    socket.once('connect', () => socket.write(`${lines.join('\r\n')}\r\nQUIT\r\n`));
    socket.on('data', (data) => (answer += data.toString('utf8')));
    socket.once('close', () => {
      resolve(answer);
    });
  });
}

/** Starts redis-server (REDIS_SERVER_BIN or PATH); throws when there is none, so CI cannot pass by skipping. */
export async function startRedisProcess(options: RedisProcessOptions = {}): Promise<RedisProcess> {
  const binary = findRedisServer();
  if (binary === undefined) throw new RedisServerUnavailableError('redis-server not found; install it with `apt-get install -y redis-server` or set REDIS_SERVER_BIN');
  const directory = mkdtempSync(join(tmpdir(), 'notify-relay-redis-'));
  const port = await freePort();
  const auth = options.password === undefined ? [] : [`AUTH ${options.password}`];
  const args = [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', directory, '--save', '', '--daemonize', 'no', '--logfile', '',
    ...(options.appendfsync === undefined ? ['--appendonly', 'no'] : ['--appendonly', 'yes', '--appendfsync', options.appendfsync]),
    ...(options.password === undefined ? [] : ['--requirepass', options.password]),
  ];
  let child: ChildProcess | undefined;
  const launch = async (): Promise<void> => {
    const started = spawn(binary, args, { stdio: ['ignore', 'ignore', 'ignore'] });
    child = started;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (started.exitCode !== null) throw new Error(`redis-server exited with ${started.exitCode}`);
      const answer = await send(port, [...auth, 'PING']).catch(() => '');
      if (answer.includes('+PONG')) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`redis-server did not answer on port ${port}`);
  };
  const kill = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (running?.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  await launch();
  return {
    url: `redis://${options.password === undefined ? '' : `:${encodeURIComponent(options.password)}@`}127.0.0.1:${port}`,
    port,
    kill,
    start: launch,
    command: (...lines) => send(port, [...auth, ...lines]),
    close: async () => {
      await kill();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
