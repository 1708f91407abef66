import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNotifyRelay } from '../src/notify-relay.js';
import { getAlert, postAlert, recordingSenders, sampleAlert, waitForDelivery } from './support.js';

// SQLite faults with a real file: a write that fails after the message left (the database locked
// by another process, as on a full disk) must not turn into a second send when the lease expires.
describe('an outcome that cannot be written yet (SQLite)', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'notify-relay-outcome-'));
  });
  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('keeps the outcome, takes no new work, retries the write past the lease, and never sends twice', async () => {
    const dbPath = join(folder, 'locked.sqlite');
    let blocker: DatabaseSync | undefined;
    const { senders, sent } = recordingSenders((request) => {
      // The message leaves; then another connection holds the write lock, so recording fails.
      if (request.channel === 'mail' && blocker === undefined) {
        blocker = new DatabaseSync(dbPath);
        blocker.exec('BEGIN IMMEDIATE');
      }
      return Promise.resolve();
    });
    const messages: string[] = [];
    const record = (message: string): void => {
      messages.push(message);
    };
    const relay = await startNotifyRelay({
      port: 0,
      dbPath,
      senders,
      leaseMs: 600,
      busyTimeoutMs: 50,
      outcomeWriteTimeoutMs: 300,
      pollIntervalMs: 10,
      logger: { info: record, warn: record, error: record },
    });
    try {
      const alert = sampleAlert('locked', 'info');
      expect((await postAlert(relay.url, alert)).status).toBe(202);
      await expect
        .poll(() => messages.includes('stopped taking work: an outcome could not be written (disk full or database locked?); still retrying every second'), {
          timeout: 5_000,
        })
        .toBe(true);
      // Hold the lock well past the lease (600 ms): the old relay re-claimed the job here and sent it again.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(messages).toContain('could not record an outcome; retrying, and taking no new work until it is written');
      blocker?.exec('COMMIT');
      blocker?.close();
      const delivery = await waitForDelivery(relay.url, alert.id, undefined, 10_000);
      expect(delivery.channels).toMatchObject([{ channel: 'mail', state: 'sent', attempts: [{ number: 1, outcome: 'sent' }] }]);
      expect(messages).toContain('recorded an outcome after retrying');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(sent.filter((request) => request.alert.id === alert.id)).toHaveLength(1);
      // Work resumes once the outcome is written.
      const next = sampleAlert('locked-next', 'info');
      expect((await postAlert(relay.url, next)).status).toBe(202);
      expect((await waitForDelivery(relay.url, next.id)).channels[0]?.state).toBe('sent');
    } finally {
      await relay.close();
    }
  }, 30_000);

  it('creates the queue file, its WAL and shared-memory files readable by the owner only (0600)', async () => {
    const dbPath = join(folder, 'private', 'relay.sqlite');
    const { senders } = recordingSenders();
    const relay = await startNotifyRelay({ port: 0, dbPath, senders, pollIntervalMs: 10 });
    try {
      const alert = sampleAlert('mode', 'info');
      await postAlert(relay.url, alert);
      await waitForDelivery(relay.url, alert.id);
      for (const file of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) expect([file, (statSync(file).mode & 0o777).toString(8)]).toEqual([file, '600']);
      expect((statSync(join(folder, 'private')).mode & 0o777).toString(8)).toBe('700');
    } finally {
      await relay.close();
    }
  });

  it('deletes finished deliveries past the retention window: the id is unknown afterwards and may be used again', async () => {
    const dbPath = join(folder, 'retention.sqlite');
    const { senders, sent } = recordingSenders();
    const relay = await startNotifyRelay({ port: 0, dbPath, senders, pollIntervalMs: 10, retentionMs: 800 });
    try {
      const alert = sampleAlert('retention', 'info');
      await postAlert(relay.url, alert);
      await waitForDelivery(relay.url, alert.id);
      await expect.poll(async () => (await getAlert(relay.url, alert.id)).status, { timeout: 5_000, interval: 100 }).toBe(404);
      const db = new DatabaseSync(dbPath, { readOnly: true });
      try {
        for (const table of ['deliveries', 'channel_jobs', 'attempts']) {
          expect([table, (db.prepare(`SELECT COUNT(*) AS count FROM ${table}`).get() as { count: number }).count]).toEqual([table, 0]);
        }
      } finally {
        db.close();
      }
      expect((await postAlert(relay.url, alert)).status).toBe(202);
      await waitForDelivery(relay.url, alert.id);
      expect(sent.filter((request) => request.alert.id === alert.id)).toHaveLength(2);
    } finally {
      await relay.close();
    }
  });
});
