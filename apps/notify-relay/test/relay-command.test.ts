import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { startSandbox } from '@x/sandbox';
import type { Sandbox } from '@x/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNotifyRelay } from '../src/notify-relay.js';
import { startRelayCommand } from '../src/relay-command.js';
import type { RelayCommandIo } from '../src/relay-command.js';
import { RelayConfigError } from '../src/relay-config-error.js';

// The start command (dist/main.js minus the process): where it sends, and what it refuses.
const PASSWORD = 'Pw-in-url-4711';

function capture(env: Record<string, string>): { io: RelayCommandIo; output: () => string } {
  let text = '';
  const stream = new PassThrough();
  stream.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  return { io: { stdout: stream, stderr: stream, env }, output: () => text };
}

describe('the start command', () => {
  let sandbox: Sandbox;
  let directory: string;
  beforeAll(async () => {
    sandbox = await startSandbox({ recordCount: 10 });
    directory = await mkdtemp(join(tmpdir(), 'notify-relay-command-'));
  });
  afterAll(async () => {
    await sandbox.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('does not start without BlueKing settings or --sandbox: exit 2 naming the variables, no queue file', async () => {
    const dbPath = join(directory, 'nothing.sqlite');
    const { io, output } = capture({});
    expect(await startRelayCommand(['--port', '0', '--db', dbPath], io)).toEqual({ kind: 'exit', code: 2 });
    expect(output()).toBe(
      'notify-relay: no BlueKing deployment is configured, and an embedded sandbox is used only when asked for: set BK_COMPONENT_API_URL (or BK_API_HOST) with BK_APP_CODE and BK_APP_SECRET, or pass --sandbox (or set NOTIFY_RELAY_SANDBOX=1)\nRun with --help for the options.\n',
    );
    expect(existsSync(dbPath)).toBe(false);
  });

  it('refuses a password in BK_COMPONENT_API_URL before anything opens: not in its output, no queue file', async () => {
    const dbPath = join(directory, 'credentials.sqlite');
    const { io, output } = capture({
      BK_COMPONENT_API_URL: `http://ops:${PASSWORD}@${new URL(sandbox.url).host}`,
      BK_APP_CODE: 'bk_sandbox',
      BK_APP_SECRET: 'sandbox-secret',
    });
    expect(await startRelayCommand(['--port', '0', '--db', dbPath], io)).toEqual({ kind: 'exit', code: 2 });
    expect(output()).toContain('notify-relay: BK_COMPONENT_API_URL contains a user name or password (user:password@host): remove them');
    expect(output()).not.toContain(PASSWORD);
    expect(output()).not.toContain(new URL(sandbox.url).host);
    expect(existsSync(dbPath)).toBe(false);
    expect(await readdir(directory)).toEqual([]);
    expect(sandbox.calls).toHaveLength(0);
  });

  it('refuses credentials in blueking.apiHost through the API too, before the queue or the server starts', async () => {
    const dbPath = join(directory, 'api.sqlite');
    const lines: string[] = [];
    const log = (message: string, fields?: Readonly<Record<string, unknown>>): void => {
      lines.push(JSON.stringify({ message, ...fields }));
    };
    const start = startNotifyRelay({
      port: 0,
      dbPath,
      logger: { info: log, warn: log, error: log },
      blueking: { apiHost: `http://ops:${PASSWORD}@${new URL(sandbox.url).host}`, appCode: 'bk_sandbox', appSecret: 'sandbox-secret' },
    });
    await expect(start).rejects.toThrow(RelayConfigError);
    await expect(start).rejects.toThrow('the BlueKing API host (blueking.apiHost) contains a user name or password');
    await start.catch((error: unknown) => {
      expect(String(error)).not.toContain(PASSWORD);
    });
    expect(lines.join('\n')).not.toContain(PASSWORD);
    expect(existsSync(dbPath)).toBe(false);
  });

  it('refuses to listen on a non-loopback address without NOTIFY_RELAY_TOKEN: exit 2, nothing opened', async () => {
    const dbPath = join(directory, 'exposed.sqlite');
    const { io, output } = capture({ HOST: '0.0.0.0' });
    expect(await startRelayCommand(['--port', '0', '--db', dbPath, '--sandbox'], io)).toEqual({ kind: 'exit', code: 2 });
    expect(output()).toBe(
      'notify-relay: refusing to listen on 0.0.0.0 without a token: anyone who reaches it could send SMS and voice calls; set NOTIFY_RELAY_TOKEN (or bind to 127.0.0.1)\n',
    );
    expect(existsSync(dbPath)).toBe(false);
  });

  it('with NOTIFY_RELAY_TOKEN, the banner shows how to send it and every route but /healthz needs it', async () => {
    const token = 'relay-token-5b1f0c9e7d2a4f68';
    const { io, output } = capture({ NOTIFY_RELAY_TOKEN: token });
    const outcome = await startRelayCommand(['--port', '0', '--db', ':memory:', '--sandbox'], io);
    expect(outcome.kind).toBe('running');
    if (outcome.kind !== 'running') return;
    try {
      expect(output()).toContain(`-H 'content-type: application/json' -H "Authorization: Bearer $NOTIFY_RELAY_TOKEN"`);
      expect(output()).not.toContain(token);
      expect((await fetch(`${outcome.relay.url}/alerts/x`)).status).toBe(401);
      expect((await fetch(`${outcome.relay.url}/alerts/x`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
      expect((await fetch(`${outcome.relay.url}/healthz`)).status).toBe(200);
    } finally {
      await outcome.relay.close();
    }
  });

  it.each([
    ['--sandbox', ['--sandbox'], {}],
    ['NOTIFY_RELAY_SANDBOX=1', [], { NOTIFY_RELAY_SANDBOX: '1' }],
  ])('starts on an embedded sandbox for %s, and says so', async (_label, flags, env) => {
    const { io, output } = capture(env);
    const outcome = await startRelayCommand(['--port', '0', '--db', ':memory:', ...flags], io);
    expect(outcome.kind).toBe('running');
    if (outcome.kind !== 'running') return;
    try {
      expect(outcome.relay.target.kind).toBe('sandbox');
      expect(output()).toMatch(
        /^notify-relay listening on http:\/\/127\.0\.0\.1:\d+\n {2}queue: SQLite :memory:; messages: the embedded sandbox \(http:\/\/127\.0\.0\.1:\d+\)\n/m,
      );
      expect((await fetch(`${outcome.relay.url}/healthz`)).status).toBe(200);
    } finally {
      await outcome.relay.close();
    }
  });
});
