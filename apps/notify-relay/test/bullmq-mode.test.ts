import { redisServerSkipReason, startRedisServer } from '@x/test-services';
import type { RedisServer } from '@x/test-services';
import { ApiRequestError } from '@x/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNotifyRelay } from '../src/notify-relay.js';
import type { NotifyRelay } from '../src/notify-relay.js';
import { alertId, postAlert, recordingSenders, waitForDelivery } from './support.js';

const skipReason = redisServerSkipReason();

describe.skipIf(skipReason !== undefined)(`BullMQ mode with in-process senders${skipReason === undefined ? '' : ` (skipped: ${skipReason})`}`, () => {
  let redis: RedisServer;
  const unavailableOnce = new Set<string>();
  const { senders, sent } = recordingSenders((request) => {
    // The first attempt of a `retry-*` alert meets a 503 the gateway answers before processing.
    if (request.alert.id.startsWith('retry-') && !unavailableOnce.has(request.idempotencyKey)) {
      unavailableOnce.add(request.idempotencyKey);
      return Promise.reject(new ApiRequestError({ failure: 'http-status', status: 503, message: 'HTTP 503' }));
    }
    return Promise.resolve();
  });
  const relays: NotifyRelay[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    for (let index = 0; index < 2; index += 1) {
      relays.push(await startNotifyRelay({ port: 0, redisUrl: redis.url, senders, retry: { initialDelayMs: 20, maxDelayMs: 50 } }));
    }
  });
  afterAll(async () => {
    await Promise.all(relays.map((relay) => relay.close()));
    await redis.close();
  });

  it('fans out once across two instances sharing Redis', async () => {
    const [first, second] = relays;
    if (first === undefined || second === undefined) throw new Error('relays not started');
    const id = alertId('shared');
    const body = { id, severity: 'warning', title: 'Queue lag', content: 'consumer lag 10k', receivers: ['admin'] };
    const created = await postAlert(first.url, body);
    const repeated = await postAlert(second.url, body);
    expect(first.queueKind).toBe('bullmq');
    expect(created.status).toBe(202);
    expect(repeated).toMatchObject({ status: 200, body: { deliveryId: created.body.deliveryId, duplicate: true } });
    const delivery = await waitForDelivery(second.url, id);
    expect(delivery.channels.map((channel) => [channel.channel, channel.state])).toEqual([
      ['mail', 'sent'],
      ['weixin', 'sent'],
    ]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sent.filter((request) => request.alert.id === id).map((request) => request.channel).sort()).toEqual(['mail', 'weixin']);
  });

  it('retries a 503 through the delayed set, then sends once', async () => {
    const id = alertId('retry');
    const relay = relays[0];
    if (relay === undefined) throw new Error('relay not started');
    await postAlert(relay.url, { id, severity: 'info', title: 'Retry me', content: 'once', receivers: ['admin'] });
    const delivery = await waitForDelivery(relay.url, id);
    expect(delivery.channels[0]).toMatchObject({
      state: 'sent',
      attempts: [
        { number: 1, outcome: 'retry', error: { status: 503 } },
        { number: 2, outcome: 'sent' },
      ],
    });
    expect(sent.filter((request) => request.alert.id === id)).toHaveLength(1);
  });
});
