import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { startSandbox } from '@x/sandbox';
import type { Sandbox } from '@x/sandbox';
import { redisServerSkipReason, startRedisServer } from '@x/test-services';
import type { RedisServer } from '@x/test-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAlert, isFinal, postAlert, sampleAlert, sandboxTraces } from './support.js';

// kill -9 of the relay process (dist/main.js) mid-delivery, then a new process on the same store,
// sending to a sandbox that outlives both: nothing lost, nothing stuck, and a duplicate only for a
// send that was in flight at the kill (the documented at-least-once window).
const MAIN = join(import.meta.dirname, '..', 'dist', 'main.js');
const skipReason = redisServerSkipReason();

interface RelayProcess {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  readonly url: Promise<string>;
}

function startRelay(sandbox: Sandbox, args: readonly string[]): RelayProcess {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    BK_COMPONENT_API_URL: sandbox.apiHost,
    BK_APP_CODE: sandbox.credentials.appCode,
    BK_APP_SECRET: sandbox.credentials.appSecret,
    NOTIFY_RELAY_LEASE_MS: '1500',
    NOTIFY_RELAY_CONCURRENCY: '2',
  };
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', MAIN, '--port', '0', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`no banner in 20 s:\n${output}`));
    }, 20_000);
    const read = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const match = /notify-relay listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
  });
  return { child, url };
}

async function stop(relay: RelayProcess, signal: NodeJS.Signals): Promise<void> {
  if (relay.child.exitCode !== null || relay.child.signalCode !== null) return;
  const exited = new Promise((resolve) => relay.child.once('exit', resolve));
  relay.child.kill(signal);
  await exited;
}

async function crashRun(
  sandbox: Sandbox,
  label: string,
  args: readonly string[],
): Promise<{ accepted: number; delivered: number; lost: number; stuck: number; duplicates: number; interrupted: number }> {
  sandbox.inject({ kind: 'latency', ms: 200 });
  const first = startRelay(sandbox, args);
  const alerts = Array.from({ length: 10 }, () => sampleAlert(label, 'info'));
  let second: RelayProcess | undefined;
  try {
    const url = await first.url;
    for (const alert of alerts) expect((await postAlert(url, alert)).status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await stop(first, 'SIGKILL');
    sandbox.clearFaults();
    second = startRelay(sandbox, args);
    const secondUrl = await second.url;
    const report = { accepted: alerts.length, delivered: 0, lost: 0, stuck: 0, duplicates: 0, interrupted: 0 };
    const deadline = Date.now() + 20_000;
    for (const alert of alerts) {
      let answer = await getAlert(secondUrl, alert.id);
      while (answer.status === 200 && !isFinal(answer.body) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        answer = await getAlert(secondUrl, alert.id);
      }
      if (answer.status === 404) {
        report.lost += 1;
        continue;
      }
      if (!isFinal(answer.body)) report.stuck += 1;
      const channel = answer.body.channels[0];
      if (channel?.state === 'sent') report.delivered += 1;
      report.interrupted += channel?.attempts.filter((attempt) => attempt.outcome === 'interrupted').length ?? 0;
      const copies = sandboxTraces(sandbox, alert.id).outbox.length;
      if (copies > 1) report.duplicates += copies - 1;
    }
    return report;
  } finally {
    await stop(first, 'SIGKILL');
    if (second !== undefined) await stop(second, 'SIGTERM');
  }
}

describe('kill -9 of the relay process during delivery', () => {
  let sandbox: Sandbox;
  let folder: string;
  beforeAll(async () => {
    sandbox = await startSandbox({ recordCount: 10 });
    folder = mkdtempSync(join(tmpdir(), 'notify-relay-crash-'));
  });
  afterAll(async () => {
    await sandbox.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('SQLite: 0 lost, 0 stuck; duplicates only for sends in flight at the kill', async () => {
    const report = await crashRun(sandbox, 'crash-sqlite', ['--db', join(folder, 'crash.sqlite')]);
    console.info(`relay kill -9 (SQLite): ${JSON.stringify(report)}`);
    expect(report).toMatchObject({ accepted: 10, delivered: 10, lost: 0, stuck: 0 });
    expect(report.duplicates).toBeLessThanOrEqual(report.interrupted);
    expect(report.interrupted).toBeLessThanOrEqual(2);
  }, 60_000);

  describe.skipIf(skipReason !== undefined)(`BullMQ${skipReason === undefined ? '' : ` (skipped: ${skipReason})`}`, () => {
    let redis: RedisServer;
    beforeAll(async () => {
      redis = await startRedisServer({ appendfsync: 'everysec' });
    });
    afterAll(async () => {
      await redis.close();
    });

    it('BullMQ: 0 lost, 0 stuck; duplicates only for sends in flight at the kill', async () => {
      const report = await crashRun(sandbox, 'crash-bullmq', ['--redis-url', redis.url]);
      console.info(`relay kill -9 (BullMQ): ${JSON.stringify(report)}`);
      expect(report).toMatchObject({ accepted: 10, delivered: 10, lost: 0, stuck: 0 });
      expect(report.duplicates).toBeLessThanOrEqual(report.interrupted);
      expect(report.interrupted).toBeLessThanOrEqual(2);
    }, 60_000);
  });
});
