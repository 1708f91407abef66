import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from './alert-schema.js';
import type { ClaimedJob, DeliveryQueue, JobOutcome } from './delivery-queue.js';
import type { DeliveryRecord, DeliverySubmission } from './delivery-types.js';
import { createSqliteDeliveryQueue } from './sqlite-delivery-queue.js';

const alert: Alert = { id: 'cpu-1', severity: 'warning', title: 'CPU', content: 'CPU at 95%', receivers: ['admin'] };
const submission = (overrides: Partial<DeliverySubmission> = {}): DeliverySubmission => ({
  deliveryId: 'dlv_1',
  alert,
  channels: ['mail', 'weixin'],
  fingerprint: 'f1',
  createdAt: Date.now(),
  ...overrides,
});

async function waitFor(queue: DeliveryQueue, alertId: string, done: (delivery: DeliveryRecord) => boolean): Promise<DeliveryRecord> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const delivery = await queue.get(alertId);
    if (delivery !== undefined && done(delivery)) return delivery;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${alertId}: ${JSON.stringify(delivery)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const allFinal = (delivery: DeliveryRecord): boolean => delivery.channels.every((channel) => channel.state === 'sent' || channel.state === 'failed');

describe('SQLite delivery queue', () => {
  let folder: string;
  let path: string;
  const queues: DeliveryQueue[] = [];
  const open = (options: { leaseMs?: number } = {}): DeliveryQueue => {
    const queue = createSqliteDeliveryQueue({ path, pollIntervalMs: 10, ...options });
    queues.push(queue);
    return queue;
  };

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'notify-relay-queue-'));
    path = join(folder, 'nested', 'queue.sqlite');
  });
  afterEach(async () => {
    await Promise.all(queues.splice(0).map((queue) => queue.close({ graceMs: 0 })));
    rmSync(folder, { recursive: true, force: true });
  });

  it('stores a delivery once per alert id, in WAL mode', async () => {
    const queue = open();
    const first = await queue.submit(submission());
    expect(first.status).toBe('created');
    expect(first.delivery).toMatchObject({ deliveryId: 'dlv_1', alertId: 'cpu-1', severity: 'warning' });
    expect(first.delivery.channels.map((channel) => [channel.channel, channel.idempotencyKey, channel.state])).toEqual([
      ['mail', 'cpu-1/mail', 'pending'],
      ['weixin', 'cpu-1/weixin', 'pending'],
    ]);
    expect(await queue.submit(submission({ deliveryId: 'dlv_2' }))).toMatchObject({ status: 'existing', delivery: { deliveryId: 'dlv_1' } });
    expect(await queue.submit(submission({ deliveryId: 'dlv_3', fingerprint: 'other' }))).toMatchObject({
      status: 'conflict',
      delivery: { deliveryId: 'dlv_1' },
    });
    expect(await queue.get('unknown')).toBeUndefined();
    const db = new DatabaseSync(path, { readOnly: true });
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(db.prepare('SELECT COUNT(*) AS jobs FROM channel_jobs').get()).toEqual({ jobs: 2 });
    db.close();
  });

  it('hands each job to the processor once and records sent, retry and failed outcomes', async () => {
    const queue = open();
    const seen: string[] = [];
    await queue.start((job: ClaimedJob): Promise<JobOutcome> => {
      seen.push(`${job.idempotencyKey}#${job.attempt}`);
      if (job.channel === 'mail') return Promise.resolve({ kind: 'sent', requestId: 'r-1' });
      if (job.attempt === 1) return Promise.resolve({ kind: 'retry', retryAt: Date.now() + 20, error: { code: '3600015', message: '503', status: 503 } });
      return Promise.resolve({ kind: 'failed', reason: 'rejected', error: { code: '1640001', message: 'bad' } });
    });
    await queue.submit(submission());
    const delivery = await waitFor(queue, 'cpu-1', allFinal);
    expect(seen.sort()).toEqual(['cpu-1/mail#1', 'cpu-1/weixin#1', 'cpu-1/weixin#2']);
    const [mail, weixin] = delivery.channels;
    expect(mail).toMatchObject({ state: 'sent', attempts: [{ number: 1, outcome: 'sent', requestId: 'r-1' }] });
    expect(weixin).toMatchObject({
      state: 'failed',
      reason: 'rejected',
      attempts: [
        { number: 1, outcome: 'retry', error: { status: 503 } },
        { number: 2, outcome: 'failed', error: { code: '1640001' } },
      ],
    });
    expect(Date.parse(weixin?.attempts[1]?.startedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(weixin?.attempts[0]?.finishedAt ?? ''));
  });

  it('keeps pending jobs across a restart and re-queues a job whose worker died mid-send', async () => {
    const crashed = open({ leaseMs: 100 });
    // A send that never finishes, as if the process died while it was in flight.
    await crashed.start(() => new Promise<JobOutcome>(() => undefined));
    await crashed.submit(submission({ channels: ['mail'] }));
    await waitFor(crashed, 'cpu-1', (delivery) => delivery.channels[0]?.state === 'sending');
    await crashed.close({ graceMs: 0 });

    const restarted = open({ leaseMs: 100 });
    const sent: string[] = [];
    await restarted.start((job) => {
      sent.push(`${job.idempotencyKey}#${job.attempt}`);
      return Promise.resolve({ kind: 'sent' });
    });
    const delivery = await waitFor(restarted, 'cpu-1', allFinal);
    expect(sent).toEqual(['cpu-1/mail#2']);
    expect(delivery.channels[0]).toMatchObject({
      state: 'sent',
      attempts: [
        { number: 1, outcome: 'interrupted', error: { code: 'LEASE_EXPIRED' } },
        { number: 2, outcome: 'sent' },
      ],
    });
  });

  it('lets an in-flight send finish on close, and leaves unstarted jobs pending', async () => {
    const queue = createSqliteDeliveryQueue({ path, pollIntervalMs: 10, concurrency: 1 });
    let release: (() => void) | undefined;
    const started = new Promise<void>((resolve) => {
      void queue.start(async () => {
        resolve();
        await new Promise<void>((finish) => {
          release = finish;
        });
        return { kind: 'sent' };
      });
    });
    await queue.submit(submission());
    await started;
    const closing = queue.close({ graceMs: 5_000 });
    release?.();
    await closing;

    const reopened = open();
    const delivery = await reopened.get('cpu-1');
    expect(delivery?.channels.map((channel) => channel.state)).toEqual(['sent', 'pending']);
  });
});
