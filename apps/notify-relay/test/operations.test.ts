import { startSandbox } from '@x/sandbox';
import type { Sandbox } from '@x/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../src/delivery-types.js';
import { startNotifyRelay } from '../src/notify-relay.js';
import type { NotifyRelay } from '../src/notify-relay.js';
import { bearer, postAlert, sampleAlert, sandboxTraces, waitForDelivery } from './support.js';

// What an operator does with failed deliveries: list them, and resend an ambiguous channel on
// purpose (never automatic), against the sandbox with a real SQLite queue.
const TOKEN = 'operations-token-0c4e8b2f';
const auth = bearer(TOKEN);

describe('listing deliveries and resending an ambiguous channel', () => {
  let sandbox: Sandbox;
  let relay: NotifyRelay;
  beforeAll(async () => {
    sandbox = await startSandbox({ recordCount: 10 });
    relay = await startNotifyRelay({ port: 0, dbPath: ':memory:', sandbox, token: TOKEN, pollIntervalMs: 10, retry: { initialDelayMs: 10, maxDelayMs: 20 } });
  });
  afterAll(async () => {
    await relay.close();
    await sandbox.close();
  });

  const list = async (query: string): Promise<{ status: number; body: { deliveries?: DeliveryRecord[]; error?: string; message?: string } }> => {
    const response = await fetch(`${relay.url}/alerts${query}`, { headers: auth });
    return { status: response.status, body: (await response.json()) as { deliveries?: DeliveryRecord[] } };
  };
  const resend = (id: string, channel: string): Promise<Response> =>
    fetch(`${relay.url}/alerts/${id}/channels/${channel}/resend`, { method: 'POST', headers: auth });

  it('GET /alerts?state=failed&limit= lists the deliveries with a failed channel, newest first', async () => {
    sandbox.inject({ kind: 'reset', route: 'send_weixin', times: 1 });
    const failed = sampleAlert('ops-failed', 'warning');
    await postAlert(relay.url, failed, auth);
    await waitForDelivery(relay.url, failed.id, undefined, undefined, auth);
    const fine = sampleAlert('ops-fine', 'info');
    await postAlert(relay.url, fine, auth);
    await waitForDelivery(relay.url, fine.id, undefined, undefined, auth);

    const failedOnly = await list('?state=failed&limit=10');
    expect(failedOnly.status).toBe(200);
    expect(failedOnly.body.deliveries?.map((delivery) => delivery.alertId)).toContain(failed.id);
    expect(failedOnly.body.deliveries?.map((delivery) => delivery.alertId)).not.toContain(fine.id);
    const newest = await list('?limit=1');
    expect(newest.body.deliveries?.map((delivery) => delivery.alertId)).toEqual([fine.id]);
    expect((await list('?state=lost')).body).toMatchObject({
      error: 'invalid_query',
      message: 'state: must be one of pending, sending, retrying, sent, failed',
    });
    expect((await list('?limit=0')).status).toBe(400);
    expect((await list('?limit=501')).status).toBe(400);
    expect((await fetch(`${relay.url}/alerts?state=failed`)).status).toBe(401);
  });

  it('POST /alerts/:id/channels/:channel/resend queues an ambiguous channel again, once; anything else is refused', async () => {
    sandbox.inject({ kind: 'reset', route: 'send_weixin', times: 1 });
    const alert = sampleAlert('ops-resend', 'warning');
    await postAlert(relay.url, alert, auth);
    const before = await waitForDelivery(relay.url, alert.id, undefined, undefined, auth);
    expect(before.channels[1]).toMatchObject({ channel: 'weixin', state: 'failed', reason: 'ambiguous' });
    const callsBefore = sandboxTraces(sandbox, alert.id).calls.filter((call) => call.route === 'cmsi.send_weixin').length;

    expect((await resend(alert.id, 'mail')).status).toBe(409); // sent: not resent
    expect((await resend(alert.id, 'voice')).status).toBe(404); // not a channel of this alert
    expect((await resend('no-such-alert', 'mail')).status).toBe(404);
    expect((await fetch(`${relay.url}/alerts/${alert.id}/channels/weixin/resend`, { method: 'POST' })).status).toBe(401);

    const [first, second] = await Promise.all([resend(alert.id, 'weixin'), resend(alert.id, 'weixin')]);
    expect([first.status, second.status].sort()).toEqual([202, 409]);
    const after = await waitForDelivery(relay.url, alert.id, undefined, undefined, auth);
    expect(after.channels[1]).toMatchObject({
      channel: 'weixin',
      state: 'sent',
      attempts: [
        { number: 1, outcome: 'failed' },
        { number: 2, outcome: 'sent' },
      ],
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sandboxTraces(sandbox, alert.id).calls.filter((call) => call.route === 'cmsi.send_weixin')).toHaveLength(callsBefore + 1);
  });

  it('GET /metrics: deliveries by channel and outcome, attempts, queue depth and the send latency histogram (Prometheus text)', async () => {
    sandbox.inject({ kind: 'status', status: 503, route: 'send_sms', times: 1 });
    const alert = sampleAlert('ops-metrics', 'critical', { chatid: 'no-such-chat-for-metrics' });
    await postAlert(relay.url, alert, auth);
    await waitForDelivery(relay.url, alert.id, undefined, undefined, auth);
    expect((await fetch(`${relay.url}/metrics`)).status).toBe(401);
    const response = await fetch(`${relay.url}/metrics`, { headers: auth });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    const value = (line: string): number => Number(new RegExp(`^${line.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
    expect(value('notify_relay_deliveries_total{channel="voice",outcome="sent"}')).toBeGreaterThanOrEqual(1);
    expect(value('notify_relay_deliveries_total{channel="sms",outcome="sent"}')).toBeGreaterThanOrEqual(1);
    expect(value('notify_relay_deliveries_total{channel="wework",outcome="rejected"}')).toBeGreaterThanOrEqual(1);
    expect(value('notify_relay_deliveries_total{channel="weixin",outcome="ambiguous"}')).toBeGreaterThanOrEqual(1);
    expect(value('notify_relay_attempts_total{channel="sms",outcome="retry"}')).toBeGreaterThanOrEqual(1);
    expect(value('notify_relay_send_duration_seconds_count{channel="voice"}')).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^notify_relay_send_duration_seconds_bucket\{le="0\.25",channel="voice"\} \d+$/m);
    for (const state of ['pending', 'sending', 'retrying']) expect(value(`notify_relay_queue_depth{state="${state}"}`)).toBe(0);
  });
});
