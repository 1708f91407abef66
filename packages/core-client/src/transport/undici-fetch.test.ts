import { readdirSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, unusedPort, type RecordedRequest, type TestServer } from '../test-support/start-test-server.js';
import { createUndiciTransport, type Transport } from './undici-fetch.js';

let server: TestServer;
let other: TestServer;
let transport: Transport;

beforeAll(async () => {
  server = await startTestServer();
  other = await startTestServer();
  transport = createUndiciTransport({ tls: {}, maxConnections: 8 });
});
afterAll(async () => {
  await transport.close();
  await server.close();
  await other.close();
});
afterEach(() => {
  server.reset();
  other.reset();
});

function text(body: string, headers: Record<string, string | string[]> = {}, status = 200): (request: RecordedRequest, response: ServerResponse) => void {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
    response.end(body);
  };
}

/** An answer that never ends on its own: 64 KiB chunks until the client goes away. */
function endless(closed: { value: boolean; bytes: number }): (request: RecordedRequest, response: ServerResponse) => void {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/octet-stream' });
    const chunk = Buffer.alloc(64 * 1024, 120);
    response.on('close', () => {
      closed.value = true;
    });
    const pump = (): void => {
      while (!response.destroyed && closed.bytes < 256 * 1024 * 1024) {
        closed.bytes += chunk.length;
        if (!response.write(chunk)) {
          response.once('drain', pump);
          return;
        }
      }
    };
    pump();
  };
}

async function waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('the default transport as a fetch', () => {
  it('loads undici on the first call only', async () => {
    const fresh = createUndiciTransport({ tls: {}, maxConnections: 1 });
    await fresh.close();
    const preparing = fresh.prepare();
    expect(preparing).toBeInstanceOf(Promise);
    await preparing;
    expect(fresh.prepare()).toBeUndefined();
    await fresh.close();
  });

  it('answers a global Response with the status, status text, every header and the body', async () => {
    server.queue(text('created', { 'x-custom': 'one', 'set-cookie': ['a=1', 'b=2'] }, 201));
    const response = await transport.fetch(`${server.url}/thing?q=1`, { headers: { accept: 'application/json' } });
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(201);
    expect(response.statusText).toBe('Created');
    expect(response.ok).toBe(true);
    expect(response.headers.get('x-custom')).toBe('one');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(response.body).toBeInstanceOf(ReadableStream);
    expect(await response.text()).toBe('created');
    expect(server.requests[0]).toMatchObject({ method: 'GET', url: '/thing?q=1' });
  });

  it('sends the same request headers as undici’s fetch did', async () => {
    const agent = new Agent();
    const headers = { 'user-agent': 'x-core-client/test', 'x-request-id': 'r-1', 'content-type': 'application/json' };
    server.fallback(text('ok'));
    await (await undiciFetch(`${server.url}/a`, { method: 'POST', headers, body: '{"a":1}', dispatcher: agent })).text();
    await (await transport.fetch(new Request(`${server.url}/a`, { method: 'POST', headers, body: '{"a":1}' }))).text();
    await (await undiciFetch(`${server.url}/b`, { dispatcher: agent })).text();
    await (await transport.fetch(`${server.url}/b`)).text();
    await (await undiciFetch(`${server.url}/c`, { headers: { range: 'bytes=0-1' }, dispatcher: agent })).text();
    await (await transport.fetch(`${server.url}/c`, { headers: { range: 'bytes=0-1' } })).text();
    await agent.close();
    const [viaFetch, viaTransport, bareFetch, bareTransport, rangeFetch, rangeTransport] = server.requests;
    expect(bareTransport?.headers).toEqual(bareFetch?.headers);
    expect(rangeTransport?.headers).toEqual(rangeFetch?.headers);
    expect(viaTransport?.headers).toEqual(viaFetch?.headers);
    expect(viaTransport?.headers).toMatchObject({
      'accept-encoding': 'gzip, deflate',
      'accept-language': '*',
      'sec-fetch-mode': 'cors',
      accept: '*/*',
      'content-length': '7',
    });
    expect(viaTransport?.body).toBe('{"a":1}');
  });

  it('sends a multipart body whole, with its boundary and length', async () => {
    const form = new FormData();
    form.append('name', 'value');
    form.append('file', new Blob(['file body']), 'f.txt');
    server.queue(text('ok'));
    await (await transport.fetch(`${server.url}/upload`, { method: 'POST', body: form })).text();
    const [request] = server.requests;
    expect(request?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(request?.headers['transfer-encoding']).toBeUndefined();
    expect(Number(request?.headers['content-length'])).toBe(Buffer.byteLength(request?.body ?? ''));
    expect(request?.body).toContain('file body');
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['deflate', deflateRawSync],
    ['br', brotliCompressSync],
  ] as const)('decodes a %s body', async (encoding, compress) => {
    const original = JSON.stringify({ data: 'é'.repeat(5000) });
    server.queue((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding });
      response.end(compress(Buffer.from(original)));
    });
    const response = await transport.fetch(`${server.url}/compressed`);
    expect(response.headers.get('content-encoding')).toBe(encoding);
    expect(await response.text()).toBe(original);
  });

  it('gives statuses without a body, and HEAD, a null body', async () => {
    server.queue(text('', {}, 204), text('ignored'));
    const noContent = await transport.fetch(`${server.url}/none`, { method: 'DELETE' });
    expect(noContent.status).toBe(204);
    expect(noContent.body).toBeNull();
    const head = await transport.fetch(`${server.url}/head`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
    expect(head.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });

  it('streams the body: a reader that stops early closes the connection, nothing more is read', async () => {
    const sent = { value: false, bytes: 0 };
    server.queue(endless(sent));
    const response = await transport.fetch(`${server.url}/endless`);
    const reader = response.body?.getReader();
    const first = (await reader?.read()) as { value?: Uint8Array } | undefined;
    expect(first?.value?.byteLength).toBeGreaterThan(0);
    await reader?.cancel();
    await waitFor(() => sent.value);
    expect(sent.value).toBe(true);
    // Paused while nobody read: the server could only fill the socket buffers.
    expect(sent.bytes).toBeLessThan(64 * 1024 * 1024);
  });

  it('follows redirects within the origin as fetch does, and none to another origin', async () => {
    // 302 after a POST: the next request is a GET without the body and its headers.
    server.queue(text('', { location: '/target' }, 302), text('arrived'));
    const moved = await transport.fetch(`${server.url}/start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(await moved.text()).toBe('arrived');
    expect(server.requests.map((request) => [request.method, request.path, request.body, request.headers['content-type']])).toEqual([
      ['POST', '/start', '{"a":1}', 'application/json'],
      ['GET', '/target', '', undefined],
    ]);
    server.reset();
    // 307 keeps the method and the body.
    server.queue(text('', { location: '/again' }, 307), text('kept'));
    const kept = await transport.fetch(`${server.url}/start`, { method: 'POST', body: 'payload' });
    expect(await kept.text()).toBe('kept');
    expect(server.requests.map((request) => [request.method, request.body])).toEqual([
      ['POST', 'payload'],
      ['POST', 'payload'],
    ]);
    server.reset();
    // Leaving the origin is not followed: the 3xx itself is the answer, and the other host hears nothing.
    server.queue(text('', { location: `${other.url}/elsewhere` }, 301));
    const away = await transport.fetch(`${server.url}/start`, { headers: { authorization: 'Bearer t', 'x-bkapi-authorization': '{"bk_app_code":"a"}' } });
    expect(away.status).toBe(301);
    expect(away.headers.get('location')).toBe(`${other.url}/elsewhere`);
    await away.body?.cancel();
    expect(other.requests).toHaveLength(0);
    server.reset();
    // `redirect: 'manual'` hands the redirect over.
    server.queue(text('', { location: '/x' }, 302));
    const manual = await transport.fetch(`${server.url}/start`, { redirect: 'manual' });
    expect(manual.status).toBe(302);
    await manual.body?.cancel();
  });

  it('gives up after 20 redirects with fetch’s network error', async () => {
    server.fallback(text('', { location: '/loop' }, 302));
    const error = await transport.fetch(`${server.url}/loop`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe('fetch failed');
    expect(((error as TypeError).cause as Error).message).toBe('redirect count exceeded');
    expect(server.requests).toHaveLength(21);
  });

  it('fails as fetch does: a network error names its cause, an abort rejects with its reason', async () => {
    const refused = await transport.fetch(`http://127.0.0.1:${await unusedPort()}/`).catch((caught: unknown) => caught);
    expect(refused).toBeInstanceOf(TypeError);
    expect((refused as TypeError).message).toBe('fetch failed');
    expect(((refused as TypeError).cause as { code?: string }).code).toBe('ECONNREFUSED');

    const early = new AbortController();
    early.abort(new Error('stop before'));
    await expect(transport.fetch(`${server.url}/`, { signal: early.signal })).rejects.toThrow('stop before');

    server.queue((_request, response) => {
      setTimeout(() => {
        response.end('late');
      }, 2000).unref();
    });
    const waiting = new AbortController();
    const pending = transport.fetch(`${server.url}/slow`, { signal: waiting.signal });
    setTimeout(() => {
      waiting.abort(new Error('stop waiting'));
    }, 50);
    await expect(pending).rejects.toThrow('stop waiting');

    const sent = { value: false, bytes: 0 };
    server.queue(endless(sent));
    const reading = new AbortController();
    const response = await transport.fetch(`${server.url}/endless`, { signal: reading.signal });
    const reader = response.body?.getReader();
    await reader?.read();
    reading.abort(new Error('stop reading'));
    await expect(reader?.read()).rejects.toThrow('stop reading');
    await waitFor(() => sent.value);
    expect(sent.value).toBe(true);
  });

  it('reuses its connections', async () => {
    server.fallback(text('ok'));
    const before = server.connections();
    for (let index = 0; index < 10; index += 1) await (await transport.fetch(`${server.url}/${index}`)).text();
    expect(server.connections() - before).toBeLessThanOrEqual(1);
  });
});

describe('cold import', () => {
  it('never loads ky or undici when the package is imported (only `import type` and `import()`)', () => {
    const root = new URL('..', import.meta.url).pathname;
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter(
      (file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.test-d.ts') && !file.includes('test-support'),
    );
    const eager = files.filter((file) => /^import\s+(?!type\b)[^;]*from\s+'(ky|undici)'/m.test(readFileSync(join(root, file), 'utf8')));
    expect(eager).toEqual([]);
    expect(files.length).toBeGreaterThan(30);
  });
});
