import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { startSandbox } from '@x/sandbox';
import type { Sandbox } from '@x/sandbox';
import { redisServerSkipReason, startRedisServer } from '@x/test-services';
import type { RedisServer } from '@x/test-services';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisQueueError } from '../src/bullmq-delivery-queue.js';
import { startNotifyRelay } from '../src/notify-relay.js';
import type { NotifyRelay, NotifyRelayOptions } from '../src/notify-relay.js';
import { startRelayCommand } from '../src/relay-command.js';
import { getAlert, isFinal, postAlert, sampleAlert, sandboxTraces, waitForDelivery } from './support.js';

// Durability with BullMQ, against real redis-server processes: a Redis that would lose accepted
// alerts is refused; kill -9 of an AOF Redis during delivery loses nothing and leaves nothing stuck.
const skipReason = redisServerSkipReason();

describe.skipIf(skipReason !== undefined)(`BullMQ durability${skipReason === undefined ? '' : ` (skipped: ${skipReason})`}`, () => {
  let sandbox: Sandbox;
  let folder: string;
  const closers: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    sandbox = await startSandbox({ recordCount: 10 });
    folder = mkdtempSync(join(tmpdir(), 'notify-relay-durability-'));
  });
  afterEach(async () => {
    sandbox.clearFaults();
    for (const close of closers.splice(0).reverse()) await close();
  });
  afterAll(async () => {
    await sandbox.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const redisWith = async (appendfsync?: 'always' | 'everysec' | 'no'): Promise<RedisServer> => {
    const redis = await startRedisServer({ appendfsync });
    closers.push(() => redis.close());
    return redis;
  };
  const relayOn = async (redis: RedisServer, overrides: NotifyRelayOptions = {}): Promise<NotifyRelay> => {
    const relay = await startNotifyRelay({ port: 0, redisUrl: redis.url, sandbox, retry: { initialDelayMs: 20, maxDelayMs: 60 }, ...overrides });
    closers.push(() => relay.close());
    return relay;
  };

  it('refuses a Redis that does not persist every write, unless the loss is accepted explicitly', async () => {
    for (const appendfsync of [undefined, 'no'] as const) {
      const redis = await redisWith(appendfsync);
      const refused = startNotifyRelay({ port: 0, redisUrl: redis.url, sandbox });
      await expect(refused).rejects.toThrow(RedisQueueError);
      await expect(startNotifyRelay({ port: 0, redisUrl: redis.url, sandbox })).rejects.toThrow(
        appendfsync === undefined
          ? /does not persist every write \(appendonly=no, appendfsync=everysec\).*--accept-redis-data-loss/
          : /appendonly=yes, appendfsync=no/,
      );
      const accepted = await relayOn(redis, { acceptRedisDataLoss: true });
      expect(accepted.queueKind).toBe('bullmq');
    }
    // The start command: exit 2 naming the way out, nothing listening.
    const redis = await redisWith();
    let text = '';
    const stream = new PassThrough();
    stream.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    const outcome = await startRelayCommand(['--sandbox', '--port', '0', '--redis-url', redis.url], { stdout: stream, stderr: stream, env: {} });
    expect(outcome).toEqual({ kind: 'exit', code: 2 });
    expect(text).toMatch(/notify-relay: Redis at redis:\/\/127\.0\.0\.1:\d+ does not persist every write/);
    const flagged = await startRelayCommand(['--sandbox', '--port', '0', '--redis-url', redis.url, '--accept-redis-data-loss'], {
      stdout: stream,
      stderr: stream,
      env: {},
    });
    expect(flagged.kind).toBe('running');
    if (flagged.kind === 'running') closers.push(() => flagged.relay.close());
    expect(text).toMatch(/redis does not persist every write; accepted alerts may be lost/);
  });

  it('starts on AOF with appendfsync everysec or always', async () => {
    for (const appendfsync of ['everysec', 'always'] as const) {
      const relay = await relayOn(await redisWith(appendfsync));
      expect(relay.queueKind).toBe('bullmq');
    }
  });

  it('kill -9 of an AOF Redis during delivery: 0 lost, 0 stuck, 0 duplicates', async () => {
    const redis = await redisWith('always');
    const messages: string[] = [];
    const record = (message: string): void => {
      messages.push(message);
    };
    // A job whose worker could not even mark it `sending` stays active until its lock expires and
    // BullMQ's stalled check (every lock duration) hands it out again: a short lock keeps that quick.
    const relay = await relayOn(redis, { concurrency: 4, leaseMs: 3_000, reconcileIntervalMs: 300, logger: { info: record, warn: record, error: record } });
    sandbox.inject({ kind: 'latency', ms: 250 });
    const alerts = Array.from({ length: 12 }, (_, index) => sampleAlert('redis-kill', index % 3 === 0 ? 'info' : 'warning'));
    for (const alert of alerts) expect((await postAlert(relay.url, alert)).status).toBe(202);
    const before = sandbox.outbox.length;
    await expect.poll(() => sandbox.outbox.length, { timeout: 5_000, interval: 10 }).toBeGreaterThan(before);
    // Sends are in flight: they finish while Redis is gone and must record their outcome afterwards.
    await redis.kill();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await redis.start();
    sandbox.clearFaults();

    const report = { accepted: alerts.length, channels: 0, delivered: 0, ambiguous: 0, lost: 0, duplicates: 0, stuck: 0 };
    for (const alert of alerts) {
      const answer = await getAlert(relay.url, alert.id);
      if (answer.status === 404) {
        report.lost += 1;
        continue;
      }
      const delivery = await waitForDelivery(relay.url, alert.id, isFinal, 20_000).catch(() => undefined);
      const final = delivery ?? (await getAlert(relay.url, alert.id)).body;
      const outbox = sandboxTraces(sandbox, alert.id).outbox.map((message) => message.channel);
      for (const channel of final.channels) {
        report.channels += 1;
        const copies = outbox.filter((name) => name === channel.channel).length;
        if (copies > 1) report.duplicates += copies - 1;
        if (channel.state === 'sent') report.delivered += 1;
        else if (channel.reason === 'ambiguous') report.ambiguous += 1;
        else if (channel.state !== 'failed') {
          report.stuck += 1;
          console.info(`stuck: ${alert.id}/${channel.channel} ${JSON.stringify(channel)}`);
        }
        if (channel.state === 'sent') expect(copies).toBe(1);
      }
    }
    console.info(`redis kill -9 (AOF always): ${JSON.stringify(report)}`);
    expect(report).toMatchObject({ lost: 0, duplicates: 0, stuck: 0 });
    expect(report.channels).toBe(20);
    // Sends finished while Redis was down, and their outcome was written once it came back.
    expect(messages).toContain('could not record an outcome yet; retrying while Redis is unavailable');
    expect(messages).toContain('recorded an outcome after retrying');
    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    for (const state of ['pending', 'sending', 'retrying']) expect(metrics).toContain(`notify_relay_queue_depth{state="${state}"} 0`);
    expect(metrics).toMatch(/^notify_relay_deliveries_total\{channel="mail",outcome="sent"\} \d+$/m);
  }, 60_000);

  it('resolves a channel whose attempt was in flight when its job vanished: ambiguous, never resent; a pending one is queued again', async () => {
    const redis = await redisWith('everysec');
    const prefix = 'notify-relay-reconcile';
    // What an outage leaves behind: the delivery and channel states, but no BullMQ jobs.
    const alert = sampleAlert('reconcile', 'warning');
    const client = new Redis(redis.url);
    closers.push(async () => {
      await client.quit();
    });
    const startedAt = new Date(Date.now() - 5_000).toISOString();
    await client
      .multi()
      .set(
        `${prefix}:delivery:${alert.id}`,
        JSON.stringify({
          deliveryId: 'dlv_reconcile',
          alertId: alert.id,
          severity: 'warning',
          createdAt: Date.now() - 6_000,
          fingerprint: 'x',
          alert,
          channels: ['mail', 'weixin'],
        }),
      )
      .set(`${prefix}:channel:${alert.id}/mail`, JSON.stringify({ state: 'sending', attempts: [{ number: 1, startedAt, outcome: 'in-flight' }] }))
      .set(`${prefix}:channel:${alert.id}/weixin`, JSON.stringify({ state: 'pending', attempts: [] }))
      .sadd(`${prefix}:open-channels`, `${alert.id}/mail`, `${alert.id}/weixin`)
      .exec();
    const relay = await relayOn(redis, { redisPrefix: prefix });
    const delivery = await waitForDelivery(relay.url, alert.id);
    expect(delivery.channels[0]).toMatchObject({
      channel: 'mail',
      state: 'failed',
      reason: 'ambiguous',
      attempts: [{ number: 1, outcome: 'interrupted', error: { code: 'OUTCOME_UNKNOWN' } }],
    });
    expect(delivery.channels[1]).toMatchObject({ channel: 'weixin', state: 'sent', attempts: [{ number: 1, outcome: 'sent' }] });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sandboxTraces(sandbox, alert.id).outbox.map((message) => message.channel)).toEqual(['weixin']);
    expect(await client.smembers(`${prefix}:open-channels`)).toEqual([]);

    // The operator decides: an explicit resend sends it once more; nothing else does.
    const resend = (): Promise<Response> => fetch(`${relay.url}/alerts/${alert.id}/channels/mail/resend`, { method: 'POST' });
    const [first, second] = await Promise.all([resend(), resend()]);
    expect([first.status, second.status].sort()).toEqual([202, 409]);
    const resent = await waitForDelivery(relay.url, alert.id);
    expect(resent.channels[0]).toMatchObject({
      channel: 'mail',
      state: 'sent',
      attempts: [
        { number: 1, outcome: 'interrupted' },
        { number: 2, outcome: 'sent' },
      ],
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(
      sandboxTraces(sandbox, alert.id)
        .outbox.map((message) => message.channel)
        .sort(),
    ).toEqual(['mail', 'weixin']);
    const failed = sampleAlert('reconcile-failed', 'warning');
    sandbox.inject({ kind: 'reset', route: 'send_mail', times: 1 });
    await postAlert(relay.url, failed);
    await waitForDelivery(relay.url, failed.id);
    const listed = (await (await fetch(`${relay.url}/alerts?state=failed&limit=5`)).json()) as { deliveries: { alertId: string }[] };
    expect(listed.deliveries.map((delivery) => delivery.alertId)).toEqual([failed.id]);
  });

  it('keeps an alert id and its content for the retention window only (Redis TTLs, kept by every later write)', async () => {
    const redis = await redisWith('everysec');
    const prefix = 'notify-relay-retention';
    const relay = await relayOn(redis, { redisPrefix: prefix, retentionMs: 3_000 });
    const client = new Redis(redis.url);
    closers.push(async () => {
      await client.quit();
    });
    const alert = sampleAlert('retention', 'warning');
    expect((await postAlert(relay.url, alert)).status).toBe(202);
    await waitForDelivery(relay.url, alert.id);
    for (const key of [`${prefix}:delivery:${alert.id}`, `${prefix}:channel:${alert.id}/mail`, `${prefix}:channel:${alert.id}/weixin`]) {
      const ttl = await client.pttl(key);
      expect([key, ttl > 0 && ttl <= 3_000]).toEqual([key, true]);
    }
    await expect.poll(async () => (await getAlert(relay.url, alert.id)).status, { timeout: 8_000, interval: 200 }).toBe(404);
    expect(await client.exists(`${prefix}:channel:${alert.id}/mail`)).toBe(0);
  });
});
