import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** How {@link startRedisServer} configures the server. */
export interface RedisServerOptions {
  /**
   * `--appendonly yes` with this `--appendfsync`: the data folder keeps an AOF that a restart
   * ({@link RedisServer.start} after {@link RedisServer.stop} or {@link RedisServer.kill}) replays.
   * @default no persistence at all: every start is an empty server
   */
  readonly appendfsync?: 'always' | 'everysec' | 'no' | undefined;
  /** `--requirepass`: the URL carries it, and the readiness check and {@link RedisServer.command} authenticate with it (inline protocol: no spaces). */
  readonly password?: string | undefined;
}

/** A `redis-server` process this helper started on 127.0.0.1. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>`, or `redis://:<password>@127.0.0.1:<port>` with a password. */
  readonly url: string;
  readonly port: number;
  /** Stops the process (SIGTERM, then SIGKILL after 5 s); the port is kept for {@link RedisServer.start}. */
  stop(): Promise<void>;
  /** Kills the process with SIGKILL, as a crash does: no shutdown, no final fsync. The port and data folder are kept for {@link RedisServer.start}. */
  kill(): Promise<void>;
  /** Starts the process again on the same port and data folder (after {@link RedisServer.stop} or {@link RedisServer.kill}); a no-op while it runs. */
  start(): Promise<void>;
  /** Sends inline commands over one raw socket (after `AUTH` with the password), then `QUIT`; resolves with the replies as text. */
  command(...lines: string[]): Promise<string>;
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

/** `AUTH` first when the server has a password. */
function authLines(password: string | undefined): string[] {
  return password === undefined ? [] : [`AUTH ${password}`];
}

/** One PING over a raw socket (after `auth`): true when the server answers `+PONG`, false on an error reply (`-LOADING` while it replays its AOF, say). */
async function ping(port: number, auth: readonly string[]): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let answer = '';
    const finish = (ready: boolean): void => {
      socket.destroy();
      resolve(ready);
    };
    socket.setTimeout(500, () => {
      finish(false);
    });
    socket.once('error', () => {
      finish(false);
    });
    socket.once('connect', () => socket.write([...auth, 'PING', ''].join('\r\n')));
    socket.on('data', (data) => {
      answer += data.toString('utf8');
      if (answer.includes('+PONG')) finish(true);
      else if (/^-/m.test(answer)) finish(false);
    });
  });
}

/** Inline commands over one raw socket, then QUIT: every reply until the server closes (or 2 s pass). */
async function send(port: number, lines: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let answer = '';
    socket.setTimeout(2_000, () => {
      socket.destroy();
      resolve(answer);
    });
    socket.once('error', reject);
    socket.once('connect', () => socket.write([...lines, 'QUIT', ''].join('\r\n')));
    socket.on('data', (data) => (answer += data.toString('utf8')));
    socket.once('close', () => {
      resolve(answer);
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

// No RDB snapshots; an AOF only when asked for. Nothing is written outside `directory`.
function serverArguments(port: number, directory: string, options: RedisServerOptions): string[] {
  return [
    ...['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', directory, '--daemonize', 'no', '--logfile', ''],
    ...(options.appendfsync === undefined ? ['--appendonly', 'no'] : ['--appendonly', 'yes', '--appendfsync', options.appendfsync]),
    ...(options.password === undefined ? [] : ['--requirepass', options.password]),
  ];
}

function spawnServer(binary: string, args: readonly string[]): Running {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
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

async function waitUntilReady(running: Running, port: number, auth: readonly string[], timeoutMs: number): Promise<boolean> {
  const status = { exited: false };
  void running.exited.then(() => {
    status.exited = true;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !status.exited) {
    if (await ping(port, auth)) return true;
    await sleep(25);
  }
  return false;
}

async function stopProcess(running: Running, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
  if (running.child.exitCode !== null || running.child.signalCode !== null) return;
  running.child.kill(signal);
  const killer = setTimeout(() => running.child.kill('SIGKILL'), 5_000);
  await running.exited;
  clearTimeout(killer);
}

/**
 * Starts `redis-server` on a free 127.0.0.1 port, by default with persistence off (`--save ''
 * --appendonly no`; see {@link RedisServerOptions} for an AOF and a password). Throws
 * {@link RedisServerUnavailableError} when no binary is found; call {@link redisServerSkipReason}
 * first to skip a test visibly outside CI.
 *
 * @example
 * ```ts
 * const redis = await startRedisServer();
 * process.env.REDIS_URL = redis.url;
 * await redis.stop(); // simulate an outage
 * await redis.start(); // same port, empty data
 * await redis.close();
 *
 * const durable = await startRedisServer({ appendfsync: 'always', password: 's3cret' });
 * await durable.command('SET key value');
 * await durable.kill(); // a crash: no shutdown, no final fsync
 * await durable.start(); // the AOF replayed: key is there
 * ```
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const binary = findRedisServer();
  if (binary === undefined) throw new RedisServerUnavailableError(`redis-server not found; ${INSTALL_HINT}`);
  const directory = mkdtempSync(join(tmpdir(), 'x-test-redis-'));
  const auth = authLines(options.password);
  let port = 0;
  let running: Running | undefined;
  let lastOutput = '';
  // Another process may take the port between the probe and the bind: try a few.
  for (let attempt = 0; attempt < 5 && running === undefined; attempt += 1) {
    port = await freePort();
    const candidate = spawnServer(binary, serverArguments(port, directory, options));
    if (await waitUntilReady(candidate, port, auth, 10_000)) {
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
  const end = async (signal: 'SIGTERM' | 'SIGKILL'): Promise<void> => {
    if (current === undefined) return;
    const stopping = current;
    current = undefined;
    await stopProcess(stopping, signal);
  };
  const credentials = options.password === undefined ? '' : `:${encodeURIComponent(options.password)}@`;
  const server: RedisServer = {
    url: `redis://${credentials}127.0.0.1:${port}`,
    port,
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
    start: async () => {
      if (closed) throw new Error('this redis-server was closed; start a new one');
      if (current !== undefined) return;
      const restarted = spawnServer(binary, serverArguments(port, directory, options));
      if (!(await waitUntilReady(restarted, port, auth, 10_000))) {
        await stopProcess(restarted);
        throw new Error(`redis-server did not restart on port ${port}: ${restarted.output().trim() || 'no output'}`);
      }
      current = restarted;
    },
    command: (...lines) => send(port, [...auth, ...lines]),
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
