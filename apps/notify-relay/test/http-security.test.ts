import { request } from 'node:http';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startNotifyRelay } from '../src/notify-relay.js';
import type { NotifyRelay } from '../src/notify-relay.js';
import { RelayConfigError } from '../src/relay-config-error.js';
import { alertId, bearer, getAlert, postAlert, recordingSenders, waitForDelivery } from './support.js';

// Hostile HTTP against a real relay on 127.0.0.1: who may send, what may be sent, and how long a
// slow client may hold a connection.
const TOKEN = 'relay-token-5b1f0c9e7d2a4f68';

interface RawAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** A request through node:http, which (unlike fetch) lets a test set Host and Origin. */
async function raw(url: string, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<RawAnswer> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) });
      });
    });
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

const alert = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: alertId('sec'),
  severity: 'warning',
  title: 'Disk almost full',
  content: '/data at 91%',
  receivers: ['admin'],
  ...overrides,
});

describe('authentication and origin checks', () => {
  const { senders, sent } = recordingSenders();
  let relay: NotifyRelay;
  beforeAll(async () => {
    relay = await startNotifyRelay({ port: 0, dbPath: ':memory:', senders, token: TOKEN, pollIntervalMs: 10 });
  });
  afterAll(async () => {
    await relay.close();
  });

  it('requires the bearer token on every route but /healthz', async () => {
    const body = alert();
    const missing = await postAlert(relay.url, body);
    expect(missing.status).toBe(401);
    expect(missing.body.error).toBe('unauthorized');
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await postAlert(relay.url, body, bearer(`${TOKEN}x`))).status).toBe(401);
    expect((await postAlert(relay.url, body, { authorization: `Basic ${Buffer.from(`u:${TOKEN}`).toString('base64')}` })).status).toBe(401);
    expect((await getAlert(relay.url, String(body.id))).status).toBe(401);
    expect((await fetch(`${relay.url}/healthz`)).status).toBe(200);

    const accepted = await postAlert(relay.url, body, bearer(TOKEN));
    expect(accepted.status).toBe(202);
    const delivery = await waitForDelivery(relay.url, String(body.id), undefined, undefined, bearer(TOKEN));
    expect(delivery.channels.map((channel) => channel.state)).toEqual(['sent', 'sent']);
  });

  it('accepts only application/json bodies (415): text/plain and form posts are what a web page can send cross-site', async () => {
    const body = alert();
    const headers = bearer(TOKEN);
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const answer = await postAlert(relay.url, JSON.stringify(body), { ...headers, 'content-type': contentType });
      expect([contentType, answer.status, answer.body.error]).toEqual([contentType, 415, 'unsupported_media_type']);
    }
    const none = await raw(relay.url, { method: 'POST', path: '/alerts', headers: { ...headers, host: '127.0.0.1' }, body: JSON.stringify(body) });
    expect(none.status).toBe(415);
    expect((await getAlert(relay.url, String(body.id), headers)).status).toBe(404);
    expect((await postAlert(relay.url, body, { ...headers, 'content-type': 'application/json; charset=utf-8' })).status).toBe(202);
  });

  it('answers only to allowed Host names and refuses other origins (DNS rebinding, CSRF)', async () => {
    const body = JSON.stringify(alert());
    const headers = { ...bearer(TOKEN), 'content-type': 'application/json' };
    const rebound = await raw(relay.url, { method: 'POST', path: '/alerts', headers: { ...headers, host: 'attacker.example' }, body });
    expect([rebound.status, rebound.body.error]).toEqual([403, 'host_not_allowed']);
    const rebound80 = await raw(relay.url, { path: '/healthz', headers: { host: 'attacker.example:80' } });
    expect(rebound80.status).toBe(403);
    const crossSite = await raw(relay.url, {
      method: 'POST',
      path: '/alerts',
      headers: { ...headers, host: `127.0.0.1:${relay.port}`, origin: 'https://evil.example' },
      body,
    });
    expect([crossSite.status, crossSite.body.error]).toEqual([403, 'origin_not_allowed']);
    for (const host of [`localhost:${relay.port}`, `127.0.0.1:${relay.port}`, `[::1]:${relay.port}`]) {
      expect([host, (await raw(relay.url, { path: '/healthz', headers: { host } })).status]).toEqual([host, 200]);
    }
    const sameOrigin = await raw(relay.url, {
      method: 'POST',
      path: '/alerts',
      headers: { ...headers, host: `localhost:${relay.port}`, origin: `http://localhost:${relay.port}` },
      body,
    });
    expect(sameOrigin.status).toBe(202);
  });

  it('refuses CR/LF and other control characters in title, receivers and chatid with a 400 naming the field; nothing is sent', async () => {
    const before = sent.length;
    const cases: [Record<string, unknown>, string][] = [
      [{ title: 'Disk full\r\nBcc: attacker@evil.example' }, 'title'],
      [{ title: 'Disk\u0000full' }, 'title'],
      [{ title: 'Disk\u2028full' }, 'title'],
      [{ receivers: ['admin', 'oncall\r\nBcc: attacker'] }, 'receivers.1'],
      [{ severity: 'critical', chatid: 'chat\nx' }, 'chatid'],
    ];
    for (const [overrides, field] of cases) {
      const answer = await postAlert<{ error: string; message: string; issues: { field: string; message: string }[] }>(
        relay.url,
        alert(overrides),
        bearer(TOKEN),
      );
      expect(answer.status).toBe(400);
      expect(answer.body.issues).toContainEqual({ field, message: 'must not contain control characters (CR, LF, tab, NUL...)' });
      expect(answer.body.message).toContain(`${field}: must not contain control characters`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sent.length).toBe(before);
  });
});

describe('where the relay may listen', () => {
  it('binds to 127.0.0.1 by default, and refuses a non-loopback address without a token', async () => {
    const { senders } = recordingSenders();
    await expect(startNotifyRelay({ port: 0, dbPath: ':memory:', senders, host: '0.0.0.0' })).rejects.toThrow(RelayConfigError);
    await expect(startNotifyRelay({ port: 0, dbPath: ':memory:', senders, host: '0.0.0.0' })).rejects.toThrow(
      /refusing to listen on 0\.0\.0\.0 without a token.*NOTIFY_RELAY_TOKEN/,
    );
    await expect(startNotifyRelay({ port: 0, dbPath: ':memory:', senders, token: 'short' })).rejects.toThrow(/at least 16 characters/);
    const local = await startNotifyRelay({ port: 0, dbPath: ':memory:', senders });
    try {
      expect(local.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await local.close();
    }
    const exposed = await startNotifyRelay({
      port: 0,
      dbPath: ':memory:',
      senders,
      host: '0.0.0.0',
      token: TOKEN,
      allowedHosts: ['relay.internal', '127.0.0.1'],
    });
    try {
      const url = `http://127.0.0.1:${exposed.port}`;
      expect((await postAlert(url, alert())).status).toBe(401);
      expect((await postAlert(url, alert(), bearer(TOKEN))).status).toBe(202);
      expect((await raw(url, { path: '/healthz', headers: { host: `relay.internal:${exposed.port}` } })).status).toBe(200);
      expect((await raw(url, { path: '/healthz', headers: { host: `localhost:${exposed.port}` } })).status).toBe(403);
    } finally {
      await exposed.close();
    }
  });
});

describe('connection limits', () => {
  const sockets: Socket[] = [];
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.destroy();
  });

  async function open(port: number): Promise<{ socket: Socket; closed: Promise<{ afterMs: number; data: string }> }> {
    const socket = connect({ host: '127.0.0.1', port });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const opened = Date.now();
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString('utf8')));
    socket.on('error', () => undefined);
    const closed = new Promise<{ afterMs: number; data: string }>((resolve) => {
      socket.once('close', () => {
        resolve({ afterMs: Date.now() - opened, data });
      });
    });
    return { socket, closed };
  }

  it('closes a connection whose headers trickle in slower than headersTimeoutMs (408)', async () => {
    const { senders } = recordingSenders();
    const relay = await startNotifyRelay({ port: 0, dbPath: ':memory:', senders, headersTimeoutMs: 1_000, requestTimeoutMs: 2_000 });
    try {
      const { socket, closed } = await open(relay.port);
      socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      // One header byte every 100 ms: the connection is never idle, the headers never finish.
      const trickle = setInterval(() => {
        if (!socket.destroyed) socket.write('X');
      }, 100);
      const result = await closed;
      clearInterval(trickle);
      expect(result.afterMs).toBeGreaterThanOrEqual(900);
      expect(result.afterMs).toBeLessThan(3_000);
      expect(result.data).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      await relay.close();
    }
  });

  it('closes a body that arrives slower than requestTimeoutMs', async () => {
    const { senders, sent } = recordingSenders();
    const relay = await startNotifyRelay({ port: 0, dbPath: ':memory:', senders, headersTimeoutMs: 500, requestTimeoutMs: 1_500 });
    try {
      const { socket, closed } = await open(relay.port);
      socket.write('POST /alerts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
      const trickle = setInterval(() => {
        if (!socket.destroyed) socket.write(' ');
      }, 100);
      const result = await closed;
      clearInterval(trickle);
      expect(result.afterMs).toBeGreaterThanOrEqual(1_400);
      expect(result.afterMs).toBeLessThan(4_000);
      expect(result.data).toMatch(/^HTTP\/1\.1 408/);
      expect(sent).toHaveLength(0);
    } finally {
      await relay.close();
    }
  });

  it('caps concurrent connections at maxConnections; the next one is closed at once', async () => {
    const { senders } = recordingSenders();
    const relay = await startNotifyRelay({ port: 0, dbPath: ':memory:', senders, maxConnections: 2 });
    try {
      await open(relay.port);
      await open(relay.port);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const third = await open(relay.port);
      third.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      const result = await third.closed;
      expect(result.afterMs).toBeLessThan(1_000);
      expect(result.data).toBe('');
      for (const socket of sockets.splice(0)) socket.destroy();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await fetch(`${relay.url}/healthz`)).status).toBe(200);
    } finally {
      await relay.close();
    }
  });
});
