import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { redisServerSkipReason, startRedisServer } from '@x/test-services';
import type { RedisServer } from '@x/test-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The built relay (dist/main.js) as a process, against a redis-server with --requirepass: whatever
// Redis does (a wrong password, a restart, a rotated password), neither password reaches stdout or
// stderr. BullMQ prints an unhandled 'error' with console.error, and ioredis puts a command's
// arguments (AUTH's password) on its errors: every error must be handled and logged redacted.
const MAIN = join(import.meta.dirname, '..', 'dist', 'main.js');
const RIGHT = 'Right-Redis-Pw-3f9a61c2';
const WRONG = 'Wrong-Redis-Pw-77d0e4b9';
const ROTATED = 'Rotated-Redis-Pw-a5c8e13d';

interface Run {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  output(): string;
  exited: Promise<number | null>;
}

function run(redisUrl: string, folder: string): Run {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_OPTIONS: '' };
  const child = spawn(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', MAIN, '--sandbox', '--port', '0', '--db', join(folder, 'unused.sqlite'), '--redis-url', redisUrl],
    {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      resolve(code);
    });
  });
  return { child, output: () => text, exited };
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string, run: Run): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} not seen in ${timeoutMs} ms; output:\n${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const skipReason = redisServerSkipReason();

describe.skipIf(skipReason !== undefined)(`the Redis password never on stdout or stderr${skipReason === undefined ? '' : ` (skipped: ${skipReason})`}`, () => {
  let redis: RedisServer;
  let folder: string;
  beforeAll(async () => {
    redis = await startRedisServer({ appendfsync: 'always', password: RIGHT });
    folder = mkdtempSync(join(tmpdir(), 'notify-relay-secrets-'));
  });
  afterAll(async () => {
    await redis.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('a wrong password: exit 2 with a message naming Redis without credentials, no password anywhere', async () => {
    const relay = run(`redis://:${WRONG}@127.0.0.1:${redis.port}`, folder);
    const code = await relay.exited;
    const output = relay.output();
    expect(code).toBe(2);
    expect(output).toMatch(new RegExp(`notify-relay: cannot use Redis at redis://127\\.0\\.0\\.1:${redis.port}: ReplyError: WRONGPASS`));
    expect(output).not.toContain(WRONG);
    expect(output).not.toContain(RIGHT);
  }, 30_000);

  it('the right password, then kill -9 and a restart of Redis, then a rotated password: errors logged, no password anywhere', async () => {
    const relay = run(`redis://:${RIGHT}@127.0.0.1:${redis.port}`, folder);
    try {
      await waitFor(() => /notify-relay listening on (http:\/\/127\.0\.0\.1:\d+)/.test(relay.output()), 40_000, 'the banner', relay);
      const url = /notify-relay listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(relay.output())?.[1] ?? '';
      const post = (id: string): Promise<Response> =>
        fetch(`${url}/alerts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ id, severity: 'info', title: 'Disk full', content: '/data at 99%', receivers: ['admin'] }),
        });
      expect((await post('secrets-1')).status).toBe(202);

      await redis.kill();
      await waitFor(() => relay.output().includes('redis connection error'), 20_000, 'a logged connection error', relay);
      await redis.start();
      const deadline = Date.now() + 10_000;
      let status = 0;
      while (status !== 202 && Date.now() < deadline) {
        status = await post('secrets-2').then(
          (response) => response.status,
          () => 0,
        );
        if (status !== 202) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(status).toBe(202);

      // The password changes under the relay: every reconnect's HELLO/AUTH is refused.
      expect(await redis.command(`CONFIG SET requirepass ${ROTATED}`, 'CLIENT KILL TYPE normal')).toContain('+OK');
      await waitFor(() => relay.output().includes('WRONGPASS'), 20_000, 'a refused reconnect', relay);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    } finally {
      relay.child.kill('SIGTERM');
      const killer = setTimeout(() => relay.child.kill('SIGKILL'), 8_000);
      await relay.exited;
      clearTimeout(killer);
    }
    const output = relay.output();
    expect(output).toContain('redis connection error');
    expect(output).toContain('WRONGPASS');
    expect(output).not.toContain(RIGHT);
    expect(output).not.toContain(ROTATED);
    expect(output).not.toContain(encodeURIComponent(RIGHT));
  }, 90_000);
});
