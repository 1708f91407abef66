import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** A `redis-server` process this helper started on 127.0.0.1. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Stops the process (SIGTERM, then SIGKILL after 5 s); the port is kept for {@link RedisServer.start}. */
  stop(): Promise<void>;
  /** Starts the process again on the same port (after {@link RedisServer.stop}); a no-op while it runs. */
  start(): Promise<void>;
  /** Stops the process for good and removes its working folder. Safe to call twice. */
  close(): Promise<void>;
}

/** Thrown by {@link startRedisServer} when no `redis-server` binary can be found. */
export class RedisServerUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisServerUnavailableError';
  }
}

const INSTALL_HINT = 'install it with `apt-get install -y redis-server` (Debian/Ubuntu) or set REDIS_SERVER_BIN';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The `redis-server` binary: `REDIS_SERVER_BIN`, else the first one on PATH, else undefined. */
export function findRedisServer(): string | undefined {
  const explicit = process.env.REDIS_SERVER_BIN;
  if (explicit !== undefined && explicit !== '') return isExecutable(explicit) ? explicit : undefined;
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    if (folder === '') continue;
    const candidate = join(folder, 'redis-server');
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Why Redis-backed tests cannot run here, or undefined when they can. Under `CI=true` a missing
 * `redis-server` is an error rather than a reason to skip, so CI never passes by skipping.
 *
 * @example
 * ```ts
 * const skipReason = redisServerSkipReason();
 * describe.skipIf(skipReason !== undefined)(`BullMQ mode${skipReason === undefined ? '' : ` (skipped: ${skipReason})`}`, () => { ... });
 * ```
 */
export function redisServerSkipReason(): string | undefined {
  if (findRedisServer() !== undefined) return undefined;
  const reason = `redis-server not found; ${INSTALL_HINT}`;
  if (process.env.CI === 'true') throw new RedisServerUnavailableError(`${reason} (CI=true: Redis tests must not be skipped)`);
  return reason;
}

/** A port that was free a moment ago on 127.0.0.1. */
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

/** One PING over a raw socket: true when the server answers `+PONG`. */
async function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const finish = (answer: boolean): void => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(500, () => {
      finish(false);
    });
    socket.once('error', () => {
      finish(false);
    });
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      finish(data.toString('utf8').startsWith('+PONG'));
    });
  });
}

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

interface Running {
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
  readonly output: () => string;
}

function spawnServer(binary: string, port: number, directory: string): Running {
  // No persistence: every start is an empty server, and nothing is written outside `directory`.
  const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', directory, '--daemonize', 'no', '--logfile', ''], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
    child.once('error', (error) => {
      collect(Buffer.from(String(error)));
      resolve();
    });
  });
  return { child, exited, output: () => output };
}

async function waitUntilReady(running: Running, port: number, timeoutMs: number): Promise<boolean> {
  const status = { exited: false };
  void running.exited.then(() => {
    status.exited = true;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !status.exited) {
    if (await ping(port)) return true;
    await sleep(25);
  }
  return false;
}

async function stopProcess(running: Running): Promise<void> {
  if (running.child.exitCode !== null || running.child.signalCode !== null) return;
  running.child.kill('SIGTERM');
  const killer = setTimeout(() => running.child.kill('SIGKILL'), 5_000);
  await running.exited;
  clearTimeout(killer);
}

/**
 * Starts `redis-server` on a free 127.0.0.1 port with persistence off (`--save '' --appendonly no`).
 * Throws {@link RedisServerUnavailableError} when no binary is found; call
 * {@link redisServerSkipReason} first to skip a test visibly outside CI.
 *
 * @example
 * ```ts
 * const redis = await startRedisServer();
 * process.env.REDIS_URL = redis.url;
 * await redis.stop(); // simulate an outage
 * await redis.start(); // same port, empty data
 * await redis.close();
 * ```
 */
export async function startRedisServer(): Promise<RedisServer> {
  const binary = findRedisServer();
  if (binary === undefined) throw new RedisServerUnavailableError(`redis-server not found; ${INSTALL_HINT}`);
  const directory = mkdtempSync(join(tmpdir(), 'x-test-redis-'));
  let port = 0;
  let running: Running | undefined;
  let lastOutput = '';
  // Another process may take the port between the probe and the bind: try a few.
  for (let attempt = 0; attempt < 5 && running === undefined; attempt += 1) {
    port = await freePort();
    const candidate = spawnServer(binary, port, directory);
    if (await waitUntilReady(candidate, port, 10_000)) {
      running = candidate;
    } else {
      lastOutput = candidate.output();
      await stopProcess(candidate);
    }
  }
  if (running === undefined) {
    rmSync(directory, { recursive: true, force: true });
    throw new Error(`redis-server (${binary}) did not start: ${lastOutput.trim() || 'no output'}`);
  }
  let current: Running | undefined = running;
  let closed = false;
  const server: RedisServer = {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: async () => {
      if (current === undefined) return;
      const stopping = current;
      current = undefined;
      await stopProcess(stopping);
    },
    start: async () => {
      if (closed) throw new Error('this redis-server was closed; start a new one');
      if (current !== undefined) return;
      const restarted = spawnServer(binary, port, directory);
      if (!(await waitUntilReady(restarted, port, 10_000))) {
        await stopProcess(restarted);
        throw new Error(`redis-server did not restart on port ${port}: ${restarted.output().trim() || 'no output'}`);
      }
      current = restarted;
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await server.stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
  return server;
}

/** The version line of the `redis-server` binary, or undefined when there is none. */
export function redisServerVersion(): string | undefined {
  const binary = findRedisServer();
  if (binary === undefined) return undefined;
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}
