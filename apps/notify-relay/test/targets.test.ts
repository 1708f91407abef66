import { createServer } from 'node:net';
import { startSandbox } from '@x/sandbox';
import type { Sandbox } from '@x/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNotifyRelay } from '../src/notify-relay.js';
import { RelayConfigError } from '../src/relay-config-error.js';
import { MISSING_TARGET_MESSAGE } from '../src/relay-target.js';
import { postAlert, sampleAlert, sandboxTraces, waitForDelivery } from './support.js';

/** A port nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        resolve(typeof address === 'object' && address !== null ? address.port : 1);
      });
    });
  });
}

describe('where messages go', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ recordCount: 10 });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('refuses to start when nothing is configured: no silent sandbox', async () => {
    await expect(startNotifyRelay({ port: 0, dbPath: ':memory:' })).rejects.toThrow(RelayConfigError);
    await expect(startNotifyRelay({ port: 0, dbPath: ':memory:' })).rejects.toThrow(MISSING_TARGET_MESSAGE);
  });

  it('starts and closes its own sandbox with a demo chat for sandbox: true', async () => {
    const relay = await startNotifyRelay({ port: 0, dbPath: ':memory:', pollIntervalMs: 10, sandbox: true });
    const own = relay.sandbox;
    expect(relay.target.kind).toBe('sandbox');
    expect(relay.demoChatId).toBe('notifyRelayDemo');
    const alert = sampleAlert('own', 'critical', { chatid: relay.demoChatId });
    await postAlert(relay.url, alert);
    const delivery = await relay.waitForDelivery(alert.id, 10_000);
    expect(delivery.channels.map((channel) => channel.state)).toEqual(['sent', 'sent', 'sent']);
    expect(await relay.getDelivery(alert.id)).toEqual(delivery);
    await expect(relay.waitForDelivery('never-posted', 50)).rejects.toThrow('delivery of alert never-posted not finished after 50 ms (unknown alert)');
    expect(own?.outbox.map((message) => message.channel).sort()).toEqual(['appchat', 'sms', 'voice']);
    await relay.close();
    await relay.close();
    await expect(fetch(`${own?.url ?? ''}/healthz`)).rejects.toThrow();
    await expect(fetch(`${relay.url}/healthz`)).rejects.toThrow();
  });

  it('uses legacy ESB paths on a BlueKing deployment without the API gateway', async () => {
    const relay = await startNotifyRelay({
      port: 0,
      dbPath: ':memory:',
      pollIntervalMs: 10,
      blueking: {
        apiHost: sandbox.apiHost,
        appCode: sandbox.credentials.appCode,
        appSecret: sandbox.credentials.appSecret,
        gatewayMode: 'legacy',
        username: 'ops',
      },
    });
    try {
      expect(relay.target).toMatchObject({ kind: 'blueking', apiHost: sandbox.apiHost, demoChatId: undefined });
      const alert = sampleAlert('legacy', 'warning');
      await postAlert(relay.url, alert);
      await waitForDelivery(relay.url, alert.id);
      const { calls } = sandboxTraces(sandbox, alert.id);
      expect(calls.map((call) => call.path).sort()).toEqual(['/api/c/compapi/v2/cmsi/send_mail/', '/api/c/compapi/v2/cmsi/send_weixin']);
      expect(calls[0]?.body).toMatchObject({ bk_username: 'ops', operator: 'ops' });
      expect(JSON.parse(calls[0]?.headers['x-bkapi-authorization'] ?? '{}')).toMatchObject({ bk_app_code: 'bk_sandbox' });
    } finally {
      await relay.close();
    }
  });

  it('retries sends that never reached a server (connection refused) and gives up after the allowed attempts', async () => {
    const port = await closedPort();
    const relay = await startNotifyRelay({
      port: 0,
      dbPath: ':memory:',
      pollIntervalMs: 10,
      retry: { maxAttempts: 3, initialDelayMs: 10, maxDelayMs: 20 },
      blueking: { apiHost: `http://127.0.0.1:${port}`, appCode: 'bk_app', appSecret: 'not-a-real-secret', gatewayMode: 'gateway' },
    });
    try {
      const alert = sampleAlert('refused', 'info');
      await postAlert(relay.url, alert);
      const delivery = await waitForDelivery(relay.url, alert.id);
      expect(delivery.channels[0]).toMatchObject({ state: 'failed', reason: 'exhausted' });
      expect(delivery.channels[0]?.attempts.map((attempt) => attempt.outcome)).toEqual(['retry', 'retry', 'failed']);
      expect(delivery.channels[0]?.attempts[0]?.error?.message).toMatch(/^not sent \(ECONNREFUSED\), will retry: /);
    } finally {
      await relay.close();
    }
  });

  it('rejects without retrying when the gateway refuses the app, and never records the secret', async () => {
    const relay = await startNotifyRelay({
      port: 0,
      dbPath: ':memory:',
      pollIntervalMs: 10,
      blueking: { apiHost: sandbox.apiHost, appCode: sandbox.credentials.appCode, appSecret: 'wrong-secret-value', gatewayMode: 'gateway' },
    });
    try {
      const alert = sampleAlert('forbidden', 'info');
      await postAlert(relay.url, alert);
      const delivery = await waitForDelivery(relay.url, alert.id);
      expect(delivery.channels[0]).toMatchObject({ state: 'failed', reason: 'rejected', attempts: [{ number: 1, error: { status: 403 } }] });
      expect(JSON.stringify(delivery)).not.toContain('wrong-secret-value');
      expect(sandboxTraces(sandbox, alert.id).calls).toHaveLength(1);
    } finally {
      await relay.close();
    }
  });
});
