import { startSandbox } from '@x/sandbox';
import type { Sandbox } from '@x/sandbox';
import { redisServerSkipReason, startRedisServer } from '@x/test-services';
import type { RedisServer } from '@x/test-services';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startNotifyRelay } from '../src/notify-relay.js';
import type { NotifyRelay, NotifyRelayOptions } from '../src/notify-relay.js';
import { postAlert, sampleAlert, sandboxTraces, waitForDelivery } from './support.js';

const skipReason = redisServerSkipReason();

// Several relays sharing one Redis (BullMQ) and one sandbox: each message leaves exactly once.
describe.skipIf(skipReason !== undefined)(`BullMQ mode against a real redis-server${skipReason === undefined ? '' : ` (skipped: ${skipReason})`}`, () => {
  let redis: RedisServer;
  let sandbox: Sandbox;
  let relays: NotifyRelay[] = [];
  const start = async (overrides: NotifyRelayOptions = {}): Promise<NotifyRelay> => {
    const relay = await startNotifyRelay({ port: 0, redisUrl: redis.url, sandbox, retry: { initialDelayMs: 20, maxDelayMs: 60 }, ...overrides });
    relays.push(relay);
    return relay;
  };

  beforeAll(async () => {
    [redis, sandbox] = await Promise.all([startRedisServer({ appendfsync: 'everysec' }), startSandbox({ recordCount: 10 })]);
  });
  afterEach(async () => {
    sandbox.clearFaults();
    await Promise.all(relays.map((relay) => relay.close()));
    relays = [];
  });
  afterAll(async () => {
    await Promise.all([redis.close(), sandbox.close()]);
  });

  it('fans out once across two instances, and a repeated POST on the other instance enqueues nothing', async () => {
    const first = await start({ demoChat: true });
    const second = await start();
    expect([first.queueKind, second.queueKind]).toEqual(['bullmq', 'bullmq']);
    const critical = sampleAlert('bull', 'critical', { chatid: first.demoChatId });
    const warning = sampleAlert('bull', 'warning');
    const created = await Promise.all([postAlert(first.url, critical), postAlert(second.url, warning)]);
    expect(created.map((answer) => answer.status)).toEqual([202, 202]);
    const repeated = await Promise.all([postAlert(second.url, critical), postAlert(first.url, warning)]);
    expect(repeated.map((answer) => [answer.status, answer.body.duplicate])).toEqual([
      [200, true],
      [200, true],
    ]);
    expect(repeated[0].body.deliveryId).toBe(created[0].body.deliveryId);

    const criticalDelivery = await waitForDelivery(second.url, critical.id);
    const warningDelivery = await waitForDelivery(first.url, warning.id);
    expect(criticalDelivery.channels.map((channel) => [channel.channel, channel.state, channel.attempts.length])).toEqual([
      ['voice', 'sent', 1],
      ['sms', 'sent', 1],
      ['wework', 'sent', 1],
    ]);
    expect(warningDelivery.channels.map((channel) => [channel.channel, channel.state])).toEqual([
      ['mail', 'sent'],
      ['weixin', 'sent'],
    ]);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(
      sandboxTraces(sandbox, critical.id)
        .outbox.map((message) => message.channel)
        .sort(),
    ).toEqual(['appchat', 'sms', 'voice']);
    expect(
      sandboxTraces(sandbox, warning.id)
        .outbox.map((message) => message.channel)
        .sort(),
    ).toEqual(['mail', 'weixin']);
  });

  it('retries a 503 through BullMQ’s delayed set, then sends once; an ambiguous reset is not resent', async () => {
    const relay = await start();
    sandbox.inject({ kind: 'status', status: 503, route: 'send_mail', times: 1 });
    sandbox.inject({ kind: 'reset', route: 'send_weixin', times: 1 });
    const alert = sampleAlert('bull-faults', 'warning');
    await postAlert(relay.url, alert);
    const delivery = await waitForDelivery(relay.url, alert.id);
    expect(delivery.channels[0]).toMatchObject({
      channel: 'mail',
      state: 'sent',
      attempts: [{ outcome: 'retry', error: { status: 503 } }, { outcome: 'sent' }],
    });
    expect(delivery.channels[1]).toMatchObject({ channel: 'weixin', state: 'failed', reason: 'ambiguous', attempts: [{ outcome: 'failed' }] });
    const { outbox, calls } = sandboxTraces(sandbox, alert.id);
    expect(outbox.map((message) => message.channel)).toEqual(['mail']);
    expect(calls.filter((call) => call.route === 'cmsi.send_weixin')).toHaveLength(1);
  });

  it('stops with jobs pending, and a new instance completes every delivery exactly once', async () => {
    sandbox.inject({ kind: 'latency', ms: 150 });
    const first = await start({ concurrency: 1 });
    const alerts = ['warning', 'warning', 'warning', 'info'].map((severity) => sampleAlert('bull-restart', severity));
    const before = sandbox.outbox.length;
    for (const alert of alerts) await postAlert(first.url, alert);
    await expect.poll(() => sandbox.outbox.length, { timeout: 5_000 }).toBeGreaterThan(before);
    await first.close();
    const sentWhileStopping = sandbox.outbox.length - before;
    expect(sentWhileStopping).toBeLessThan(7);

    sandbox.clearFaults();
    const second = await start();
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
    expect(sandbox.outbox.length - before).toBe(7);
  });
});
