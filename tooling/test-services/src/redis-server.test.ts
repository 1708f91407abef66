import { createConnection } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { findRedisServer, RedisServerUnavailableError, redisServerSkipReason, startRedisServer } from './redis-server.js';
import type { RedisServer } from './redis-server.js';

/** Sends one inline command and returns the reply with its line breaks as spaces. */
async function command(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('error', reject);
    socket.once('connect', () => socket.write(`${line}\r\n`));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString('utf8').split('\r\n').join(' ').trim());
    });
  });
}

describe('redisServerSkipReason', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('gives a visible reason outside CI when the binary is missing', () => {
    vi.stubEnv('REDIS_SERVER_BIN', '/nonexistent/redis-server');
    vi.stubEnv('CI', '');
    expect(findRedisServer()).toBeUndefined();
    expect(redisServerSkipReason()).toMatch(/redis-server not found; install it with `apt-get install -y redis-server`/);
  });

  it('throws under CI=true when the binary is missing', async () => {
    vi.stubEnv('REDIS_SERVER_BIN', '/nonexistent/redis-server');
    vi.stubEnv('CI', 'true');
    expect(() => redisServerSkipReason()).toThrow(RedisServerUnavailableError);
    await expect(startRedisServer()).rejects.toThrow(RedisServerUnavailableError);
  });
});

const skipReason = redisServerSkipReason();

describe.skipIf(skipReason !== undefined)(`startRedisServer${skipReason === undefined ? '' : ` (skipped: ${skipReason})`}`, () => {
  let redis: RedisServer | undefined;
  afterEach(async () => {
    await redis?.close();
  });

  it('starts on a free 127.0.0.1 port, stops, restarts empty on the same port, and closes', async () => {
    redis = await startRedisServer();
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
    expect(await command(redis.port, 'SET greeting hello')).toBe('+OK');
    expect(await command(redis.port, 'CONFIG GET save')).toBe('*2 $4 save $0');
    expect(await command(redis.port, 'CONFIG GET appendonly')).toBe('*2 $10 appendonly $2 no');
    expect(await command(redis.port, 'GET greeting')).toBe('$5 hello');

    await redis.stop();
    await expect(command(redis.port, 'PING')).rejects.toThrow(/ECONNREFUSED/);

    await redis.start();
    expect(await command(redis.port, 'PING')).toBe('+PONG');
    // Persistence is off: a restart comes back empty.
    expect(await command(redis.port, 'GET greeting')).toBe('$-1');

    await redis.close();
    await redis.close();
    await expect(command(redis.port, 'PING')).rejects.toThrow(/ECONNREFUSED/);
    await expect(redis.start()).rejects.toThrow(/closed/);
  });

  it('with an AOF and a password: the URL carries it, command() authenticates, and a killed server restarts on its data', async () => {
    redis = await startRedisServer({ appendfsync: 'always', password: 'p@ss:word' });
    expect(redis.url).toBe(`redis://:p%40ss%3Aword@127.0.0.1:${redis.port}`);
    // Without the password nothing is served.
    expect(await command(redis.port, 'PING')).toMatch(/^-NOAUTH/);
    expect(await redis.command('CONFIG GET appendfsync', 'SET greeting hello')).toBe('+OK\r\n*2\r\n$11\r\nappendfsync\r\n$6\r\nalways\r\n+OK\r\n+OK\r\n');

    // SIGKILL: no shutdown and no final fsync; appendfsync always has the write on disk already.
    await redis.kill();
    await expect(command(redis.port, 'PING')).rejects.toThrow(/ECONNREFUSED/);
    await redis.start();
    expect(await redis.command('GET greeting')).toBe('+OK\r\n$5\r\nhello\r\n+OK\r\n');
  });

  it('runs two servers side by side on different ports', async () => {
    const [first, second] = await Promise.all([startRedisServer(), startRedisServer()]);
    try {
      expect(first.port).not.toBe(second.port);
      expect(await command(first.port, 'PING')).toBe('+PONG');
      expect(await command(second.port, 'PING')).toBe('+PONG');
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});
