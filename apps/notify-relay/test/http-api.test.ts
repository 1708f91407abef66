import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNotifyRelay } from '../src/notify-relay.js';
import type { NotifyRelay } from '../src/notify-relay.js';
import { alertId, getAlert, postAlert, recordingSenders, waitForDelivery } from './support.js';

// The HTTP contract with in-process senders: input validation, status codes, idempotent POSTs.
describe('HTTP API', () => {
  const { senders, sent } = recordingSenders();
  let relay: NotifyRelay;
  beforeAll(async () => {
    relay = await startNotifyRelay({ port: 0, dbPath: ':memory:', senders, maxContentLength: 100, pollIntervalMs: 10 });
  });
  afterAll(async () => {
    await relay.close();
  });

  const alert = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    id: alertId('http'),
    severity: 'warning',
    title: 'Disk almost full',
    content: '/data at 91%',
    receivers: ['admin'],
    ...overrides,
  });

  it('answers 202 with the delivery id and channels, then shows each channel sent', async () => {
    const body = alert();
    const answer = await postAlert(relay.url, body);
    expect(answer.status).toBe(202);
    expect(answer.body.deliveryId).toMatch(/^dlv_[0-9a-f-]{36}$/);
    expect(answer.body).toEqual({
      deliveryId: answer.body.deliveryId,
      alertId: body.id,
      channels: ['mail', 'weixin'],
      duplicate: false,
      statusUrl: `/alerts/${String(body.id)}`,
    });
    expect(answer.headers.get('location')).toBe(`/alerts/${String(body.id)}`);
    const delivery = await waitForDelivery(relay.url, String(body.id));
    expect(delivery).toMatchObject({ deliveryId: answer.body.deliveryId, alertId: body.id, severity: 'warning' });
    expect(delivery.channels.map((channel) => [channel.channel, channel.state, channel.attempts.map((attempt) => attempt.outcome)])).toEqual([
      ['mail', 'sent', ['sent']],
      ['weixin', 'sent', ['sent']],
    ]);
    expect(
      sent
        .filter((request) => request.alert.id === body.id)
        .map((request) => request.idempotencyKey)
        .sort(),
    ).toEqual([`${String(body.id)}/mail`, `${String(body.id)}/weixin`]);
  });

  it('answers a repeated POST with the existing delivery and enqueues nothing again', async () => {
    const body = alert({ severity: 'info' });
    const first = await postAlert(relay.url, body);
    await waitForDelivery(relay.url, String(body.id));
    const again = await postAlert(relay.url, body);
    const meanwhile = await postAlert(relay.url, body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ deliveryId: first.body.deliveryId, duplicate: true, channels: ['mail'] });
    expect(meanwhile.body.deliveryId).toBe(first.body.deliveryId);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sent.filter((request) => request.alert.id === body.id)).toHaveLength(1);
  });

  it('refuses a different alert reusing an id with 409', async () => {
    const body = alert({ severity: 'info' });
    await postAlert(relay.url, body);
    const conflict = await postAlert(relay.url, { ...body, title: 'Something else' });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({
      error: 'alert_id_conflict',
      message: `alert id ${String(body.id)} was already used by a different alert; use a new id`,
    });
  });

  it.each([
    ['missing receivers', alert({ receivers: undefined }), 'receivers: is required'],
    ['empty receivers', alert({ receivers: [] }), 'receivers: must list at least one receiver'],
    ['unknown severity', alert({ severity: 'fatal' }), 'severity: must be one of critical, warning, info'],
    ['oversized content', alert({ content: 'x'.repeat(101) }), 'content: must be at most 100 characters'],
    ['a wrong type', alert({ title: 42 }), 'title: Invalid input: expected string, received number'],
    ['receivers as a string', alert({ receivers: 'admin' }), 'receivers: Invalid input: expected array, received string'],
    ['critical without chatid', alert({ severity: 'critical' }), 'chatid: is required: severity critical is routed to the wework channel'],
    ['not an object', [1, 2], 'Invalid input: expected object, received array'],
  ])('answers 400 naming the field for %s', async (_name, body, message) => {
    const answer = await postAlert(relay.url, body);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'invalid_alert', message });
    expect((answer.body.issues as { field: string; message: string }[]).length).toBeGreaterThan(0);
  });

  it('answers 400 for a body that is not JSON, or empty', async () => {
    const broken = await postAlert(relay.url, '{"id": "a-1", ');
    expect(broken.status).toBe(400);
    expect(broken.body.error).toBe('invalid_json');
    expect(broken.body.message).toMatch(/^the body is not valid JSON: /);
    const empty = await postAlert(relay.url, '');
    expect(empty.body).toMatchObject({ error: 'invalid_json', message: 'the body is not valid JSON: the body is empty' });
  });

  it('answers 413 for a body far beyond the content limit', async () => {
    const answer = await postAlert(relay.url, alert({ content: 'x'.repeat(100 * 4 + 70 * 1024) }));
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ error: 'body_too_large' });
  });

  it('answers 404 for an unknown alert and an unknown route', async () => {
    const unknown = await getAlert(relay.url, 'never-posted');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: 'not_found', message: 'no alert with id never-posted' });
    const route = await fetch(`${relay.url}/nope`);
    expect(route.status).toBe(404);
  });

  it('reports health', async () => {
    const response = await fetch(`${relay.url}/healthz`);
    expect(await response.json()).toEqual({ status: 'ok', queue: 'sqlite' });
  });
});
