import { startSandbox } from '@x/sandbox';
import type { Sandbox } from '@x/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startNotifyRelay } from '../src/notify-relay.js';
import type { NotifyRelay } from '../src/notify-relay.js';
import { getAlert, postAlert, sampleAlert, sandboxTraces, waitForDelivery } from './support.js';

// The relay against the embedded sandbox over real HTTP: what reaches the gateway, and how
// injected faults turn into retries or ambiguous failures without duplicate messages.
describe('delivery through the sandbox', () => {
  let sandbox: Sandbox;
  let relay: NotifyRelay;
  beforeAll(async () => {
    sandbox = await startSandbox({ recordCount: 10 });
    relay = await startNotifyRelay({
      port: 0,
      dbPath: ':memory:',
      sandbox,
      demoChat: true,
      pollIntervalMs: 10,
      // Generous for loaded CI machines; the timeout test holds a request well past it.
      sendTimeoutMs: 2_000,
      retry: { maxAttempts: 4, initialDelayMs: 20, maxDelayMs: 60 },
    });
  });
  afterEach(() => {
    sandbox.clearFaults();
  });
  afterAll(async () => {
    await relay.close();
    await sandbox.close();
  });

  it.each([
    ['critical', ['voice', 'sms', 'wework'], ['voice', 'sms', 'appchat']],
    ['warning', ['mail', 'weixin'], ['mail', 'weixin']],
    ['info', ['mail'], ['mail']],
  ])('fans a %s alert out to %j, each message exactly once', async (severity, channels, outboxChannels) => {
    const alert = sampleAlert(severity, severity, severity === 'critical' ? { chatid: relay.demoChatId } : {});
    const answer = await postAlert(relay.url, alert);
    expect(answer.status).toBe(202);
    expect(answer.body.channels).toEqual(channels);
    const delivery = await waitForDelivery(relay.url, alert.id);
    expect(delivery.channels.map((channel) => [channel.channel, channel.state, channel.attempts.length])).toEqual(
      channels.map((channel) => [channel, 'sent', 1]),
    );
    const { outbox, calls } = sandboxTraces(sandbox, alert.id);
    expect(outbox.map((message) => message.channel).sort()).toEqual([...outboxChannels].sort());
    for (const message of outbox) {
      if (message.channel === 'appchat') expect(message.receivers).toEqual(['admin', 'oncall']);
      else expect(message.receivers).toEqual(['admin', 'oncall']);
    }
    // Each recorded attempt names the request id that left the relay.
    for (const channel of delivery.channels) {
      const requestId = channel.attempts[0]?.requestId;
      expect(calls.filter((call) => call.headers['x-request-id'] === requestId)).toHaveLength(1);
    }
  });

  it('sends what each channel expects', async () => {
    const alert = sampleAlert('shape', 'critical', { chatid: relay.demoChatId, content: 'line 1\n<b>line 2</b>' });
    await postAlert(relay.url, alert);
    await waitForDelivery(relay.url, alert.id);
    const byRoute = Object.fromEntries(sandboxTraces(sandbox, alert.id).calls.map((call) => [call.route, call]));
    expect(byRoute['cmsi.send_voice_msg']?.body).toMatchObject({
      receiver__username: 'admin,oncall',
      auto_read_message: `critical alert. Disk full ${alert.id}. line 1\n<b>line 2</b>`,
    });
    expect(byRoute['cmsi.send_sms']?.body).toMatchObject({
      receiver__username: 'admin,oncall',
      content: `[CRITICAL] Disk full ${alert.id}: line 1\n<b>line 2</b>`,
    });
    expect(byRoute['wework.send_appchat']?.body).toMatchObject({
      chatid: 'notifyRelayDemo',
      msgtype: 'markdown',
      markdown: { content: `**[CRITICAL] Disk full ${alert.id}**\nline 1\n<b>line 2</b>\n> alert ${alert.id} · to admin, oncall` },
    });
    expect(byRoute['cmsi.send_sms']?.headers['user-agent']).toMatch(/^notify-relay\/0\.0\.0 x-cmsi\//);
    const mail = sampleAlert('mail-shape', 'info', { content: 'a <b>bold</b> & "quoted" claim' });
    await postAlert(relay.url, mail);
    await waitForDelivery(relay.url, mail.id);
    expect(sandboxTraces(sandbox, mail.id).calls[0]?.body).toMatchObject({
      title: `[INFO] Disk full ${mail.id}`,
      content: `<p>a &#60;b&#62;bold&#60;/b&#62; &#38; &#34;quoted&#34; claim</p><p style="color:#888">alert ${mail.id} · severity info</p>`,
      body_format: 'Html',
    });
  });

  it('shows each channel state and attempts without secrets', async () => {
    const alert = sampleAlert('status', 'warning');
    const accepted = await postAlert(relay.url, alert);
    const delivery = await waitForDelivery(relay.url, alert.id);
    expect(delivery).toMatchObject({ deliveryId: accepted.body.deliveryId, alertId: alert.id, severity: 'warning' });
    expect(Date.parse(delivery.createdAt)).not.toBeNaN();
    for (const channel of delivery.channels) {
      expect(channel.idempotencyKey).toBe(`${alert.id}/${channel.channel}`);
      expect(channel.attempts).toEqual([
        {
          number: 1,
          startedAt: expect.any(String) as string,
          finishedAt: expect.any(String) as string,
          outcome: 'sent',
          requestId: expect.any(String) as string,
        },
      ]);
    }
    const raw = await getAlert(relay.url, alert.id);
    expect(JSON.stringify(raw.body)).not.toContain(sandbox.credentials.appSecret);
  });

  it('answers repeated and concurrent POSTs of one alert with one delivery and sends nothing twice', async () => {
    const alert = sampleAlert('repeat', 'warning');
    const answers = await Promise.all([postAlert(relay.url, alert), postAlert(relay.url, alert), postAlert(relay.url, alert)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 202]);
    expect(new Set(answers.map((answer) => answer.body.deliveryId)).size).toBe(1);
    await waitForDelivery(relay.url, alert.id);
    const later = await postAlert(relay.url, alert);
    expect(later).toMatchObject({ status: 200, body: { duplicate: true } });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(
      sandboxTraces(sandbox, alert.id)
        .outbox.map((message) => message.channel)
        .sort(),
    ).toEqual(['mail', 'weixin']);
  });

  it('retries a 503 the gateway answers before processing, then sends once', async () => {
    sandbox.inject({ kind: 'status', status: 503, route: 'send_sms', times: 2 });
    const alert = sampleAlert('unavailable', 'critical', { chatid: relay.demoChatId });
    await postAlert(relay.url, alert);
    const delivery = await waitForDelivery(relay.url, alert.id);
    const sms = delivery.channels.find((channel) => channel.channel === 'sms');
    expect(sms).toMatchObject({
      state: 'sent',
      attempts: [{ outcome: 'retry', error: { status: 503 } }, { outcome: 'retry', error: { status: 503 } }, { outcome: 'sent' }],
    });
    expect(sms?.attempts[0]?.error?.message).toMatch(/^the gateway answered 503 before processing, will retry: /);
    const { outbox, calls } = sandboxTraces(sandbox, alert.id);
    expect(calls.filter((call) => call.route === 'cmsi.send_sms')).toHaveLength(3);
    expect(outbox.filter((message) => message.channel === 'sms')).toHaveLength(1);
    expect(outbox).toHaveLength(3);
  });

  it('retries a 429 rate limit, then sends once', async () => {
    sandbox.inject({ kind: 'rate-limit', route: 'send_mail', times: 1, retryAfterSeconds: 0 });
    const alert = sampleAlert('limited', 'info');
    await postAlert(relay.url, alert);
    const delivery = await waitForDelivery(relay.url, alert.id);
    expect(delivery.channels[0]).toMatchObject({ state: 'sent', attempts: [{ outcome: 'retry', error: { status: 429 } }, { outcome: 'sent' }] });
    expect(sandboxTraces(sandbox, alert.id).outbox).toHaveLength(1);
  });

  it('gives up after the allowed attempts when the gateway stays unavailable', async () => {
    sandbox.inject({ kind: 'status', status: 503, route: 'send_mail' });
    const alert = sampleAlert('exhausted', 'info');
    await postAlert(relay.url, alert);
    const delivery = await waitForDelivery(relay.url, alert.id);
    expect(delivery.channels[0]).toMatchObject({ state: 'failed', reason: 'exhausted' });
    expect(delivery.channels[0]?.attempts.map((attempt) => attempt.outcome)).toEqual(['retry', 'retry', 'retry', 'failed']);
    expect(sandboxTraces(sandbox, alert.id).outbox).toHaveLength(0);
  });

  it('does not resend after a reset once the request was sent, and marks the channel ambiguous', async () => {
    // The gateway processes the send, then the connection drops before the answer.
    sandbox.inject({ kind: 'reset-after-processing', route: 'send_mail', times: 1 });
    const alert = sampleAlert('reset', 'warning');
    await postAlert(relay.url, alert);
    const delivery = await waitForDelivery(relay.url, alert.id);
    const mail = delivery.channels.find((channel) => channel.channel === 'mail');
    expect(mail).toMatchObject({ state: 'failed', reason: 'ambiguous', attempts: [{ number: 1, outcome: 'failed' }] });
    expect(mail?.attempts[0]?.error?.message).toMatch(/^outcome unknown: /);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(sandboxTraces(sandbox, alert.id).calls.filter((call) => call.route === 'cmsi.send_mail')).toHaveLength(1);
    // It was delivered once; a resend would have made it twice.
    expect(sandboxTraces(sandbox, alert.id).outbox.filter((message) => message.channel === 'mail')).toHaveLength(1);
    expect(delivery.channels.find((channel) => channel.channel === 'weixin')?.state).toBe('sent');
  });

  it('does not resend after a timeout: the gateway still delivers the message once', async () => {
    // The gateway holds the request past the relay's 2 s timeout, then processes it.
    sandbox.inject({ kind: 'latency', ms: 4_000, route: 'send_weixin', times: 1 });
    const alert = sampleAlert('timeout', 'warning');
    await postAlert(relay.url, alert);
    const delivery = await waitForDelivery(relay.url, alert.id);
    const weixin = delivery.channels.find((channel) => channel.channel === 'weixin');
    expect(weixin).toMatchObject({ state: 'failed', reason: 'ambiguous', attempts: [{ number: 1, outcome: 'failed' }] });
    expect(weixin?.attempts[0]?.error?.message).toMatch(/^outcome unknown: no answer in time/);
    // Had the relay retried, this message would have gone out twice.
    await expect.poll(() => sandboxTraces(sandbox, alert.id).outbox.filter((message) => message.channel === 'weixin').length, { timeout: 10_000 }).toBe(1);
    expect(sandboxTraces(sandbox, alert.id).calls.filter((call) => call.route === 'cmsi.send_weixin')).toHaveLength(1);
  });

  it('treats a 502 HTML page from the gateway as ambiguous and a failed result as rejected', async () => {
    sandbox.inject({ kind: 'html', status: 502, route: 'send_mail', times: 1 });
    sandbox.inject({ kind: 'result-false', route: 'send_weixin', times: 1 });
    const alert = sampleAlert('mixed', 'warning');
    await postAlert(relay.url, alert);
    const delivery = await waitForDelivery(relay.url, alert.id);
    expect(delivery.channels.map((channel) => [channel.channel, channel.state, channel.reason, channel.attempts.length])).toEqual([
      ['mail', 'failed', 'ambiguous', 1],
      ['weixin', 'failed', 'rejected', 1],
    ]);
    expect(delivery.channels[1]?.attempts[0]?.error?.code).toBe('1650500');
  });

  it('rejects the wework channel for a chat the gateway does not know, without retrying', async () => {
    const alert = sampleAlert('nochat', 'critical', { chatid: 'missingChat' });
    await postAlert(relay.url, alert);
    const delivery = await waitForDelivery(relay.url, alert.id);
    expect(delivery.channels.find((channel) => channel.channel === 'wework')).toMatchObject({
      state: 'failed',
      reason: 'rejected',
      attempts: [{ error: { code: '86003' } }],
    });
    expect(delivery.channels.filter((channel) => channel.state === 'sent').map((channel) => channel.channel)).toEqual(['voice', 'sms']);
  });
});
