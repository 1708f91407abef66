import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { startSandbox } from '@x/sandbox';
import type { Sandbox } from '@x/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNotifyRelay } from '../src/notify-relay.js';
import { postAlert, sampleAlert, sandboxTraces, waitForDelivery } from './support.js';

function channelStates(dbPath: string): Record<string, number> {
  const db = new DatabaseSync(dbPath, { readOnly: true });
  try {
    const rows = db.prepare('SELECT state, COUNT(*) AS count FROM channel_jobs GROUP BY state').all() as { state: string; count: number }[];
    return Object.fromEntries(rows.map((row) => [row.state, row.count]));
  } finally {
    db.close();
  }
}

describe('restart without loss (SQLite)', () => {
  let sandbox: Sandbox;
  let folder: string;
  beforeAll(async () => {
    sandbox = await startSandbox({ recordCount: 10 });
    folder = mkdtempSync(join(tmpdir(), 'notify-relay-restart-'));
  });
  afterAll(async () => {
    await sandbox.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('stops with jobs pending, and a new instance on the same file completes every delivery exactly once', async () => {
    const dbPath = join(folder, 'relay.sqlite');
    // Slow sends and one at a time: most jobs are still pending when the relay stops.
    sandbox.inject({ kind: 'latency', ms: 150 });
    const first = await startNotifyRelay({ port: 0, dbPath, sandbox, concurrency: 1, pollIntervalMs: 10 });
    const alerts = [...['warning', 'warning', 'warning', 'warning', 'info'].map((severity) => sampleAlert('restart', severity))];
    for (const alert of alerts) expect((await postAlert(first.url, alert)).status).toBe(202);
    await expect.poll(() => sandbox.outbox.length, { timeout: 5_000 }).toBeGreaterThan(0);
    await first.close();

    const stopped = channelStates(dbPath);
    expect(stopped.sending ?? 0).toBe(0);
    expect(stopped.pending ?? 0).toBeGreaterThan(0);
    const sentBeforeRestart = stopped.sent ?? 0;
    expect(sentBeforeRestart).toBe(sandbox.outbox.length);

    sandbox.clearFaults();
    const second = await startNotifyRelay({ port: 0, dbPath, sandbox, pollIntervalMs: 10 });
    try {
      for (const alert of alerts) {
        const delivery = await waitForDelivery(second.url, alert.id);
        expect(delivery.channels.every((channel) => channel.state === 'sent' && channel.attempts.length === 1)).toBe(true);
        const expected = alert.severity === 'warning' ? ['mail', 'weixin'] : ['mail'];
        expect(
          sandboxTraces(sandbox, alert.id)
            .outbox.map((message) => message.channel)
            .sort(),
        ).toEqual(expected);
      }
      expect(channelStates(dbPath)).toEqual({ sent: 9 });
      // The restarted instance still knows every alert: a repeated POST enqueues nothing.
      const again = await postAlert(second.url, alerts[0]);
      expect(again).toMatchObject({ status: 200, body: { duplicate: true } });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(sandbox.outbox).toHaveLength(9);
    } finally {
      await second.close();
    }
  });
});
