// Small local servers for probe outcomes the sandbox does not cover. Test-only (excluded from the build).
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';

/** A running test server. */
export interface TestServer {
  readonly host: string;
  readonly port: number;
  /** Sockets accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
}

const fixtures = new URL('./__fixtures__/', import.meta.url);
/** A self-signed certificate for `localhost`, `127.0.0.1` and `::1`. */
export const testCertificate = readFileSync(new URL('test-cert.pem', fixtures), 'utf8');
const testKey = readFileSync(new URL('test-key.pem', fixtures), 'utf8');

async function track(server: Server, host: string): Promise<TestServer> {
  const sockets = new Set<Socket>();
  let connections = 0;
  server.on('connection', (socket: Socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    host,
    port,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(host = '127.0.0.1'): Promise<number> {
  const server = await track(createNetServer(), host);
  await server.close();
  return server.port;
}

/** Accepts connections and never answers: for timeouts. */
export function startSilentServer(host = '127.0.0.1'): Promise<TestServer> {
  return track(
    createNetServer((socket) => {
      socket.resume();
    }),
    host,
  );
}

/** Answers every connection with `reply(received bytes)` once data arrives. */
export function startRawServer(reply: (data: Buffer, socket: Socket) => void, host = '127.0.0.1'): Promise<TestServer> {
  return track(
    createNetServer((socket) => {
      socket.on('data', (data: Buffer) => {
        reply(data, socket);
      });
    }),
    host,
  );
}

/** An HTTP (or HTTPS with the test certificate) server. */
export function startHttpServer(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
  options: { host?: string; tls?: boolean } = {},
): Promise<TestServer> {
  const listener = (request: IncomingMessage, response: ServerResponse): void => {
    request.resume();
    handler(request, response);
  };
  const server: HttpServer = options.tls === true ? createHttpsServer({ cert: testCertificate, key: testKey }, listener) : createHttpServer(listener);
  return track(server, options.host ?? '127.0.0.1');
}

/** Writes a JSON answer the way Elasticsearch does (HEAD gets the headers only). */
export function sendJson(request: IncomingMessage, response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': String(Buffer.byteLength(text)), ...headers });
  response.end(request.method === 'HEAD' ? undefined : text);
}

/** A classic Elasticsearch root document. */
export function rootDocument(version: string | undefined, clusterName = 'test-es'): Record<string, unknown> {
  return {
    name: 'node-1',
    cluster_name: clusterName,
    cluster_uuid: 'uuid-1',
    version: version === undefined ? { build_flavor: 'default' } : { number: version },
    tagline: 'You Know, for Search',
  };
}

/** An Elasticsearch-like server with basic auth, counting its requests. */
export async function startFakeElasticsearch(
  options: { host?: string; username?: string; password?: string; version?: string; tls?: boolean } = {},
): Promise<TestServer & { readonly requests: string[] }> {
  const requests: string[] = [];
  const expected =
    options.password === undefined ? undefined : `Basic ${Buffer.from(`${options.username ?? 'elastic'}:${options.password}`).toString('base64')}`;
  const server = await startHttpServer(
    (request, response) => {
      requests.push(`${request.method ?? 'GET'} ${request.url ?? '/'}`);
      if (expected !== undefined && request.headers.authorization !== expected) {
        sendJson(request, response, 401, { error: { type: 'security_exception' }, status: 401 }, { 'x-elastic-product': 'Elasticsearch' });
        return;
      }
      sendJson(request, response, 200, rootDocument(options.version ?? '8.15.0'), { 'x-elastic-product': 'Elasticsearch' });
    },
    { ...(options.host === undefined ? {} : { host: options.host }), ...(options.tls === undefined ? {} : { tls: options.tls }) },
  );
  return Object.assign(server, { requests });
}

async function canListen(host: string): Promise<boolean> {
  const server = createNetServer();
  return new Promise((resolve) => {
    server.once('error', () => {
      resolve(false);
    });
    server.listen(0, host, () => {
      server.close(() => {
        resolve(true);
      });
    });
  });
}

/** Whether this machine has IPv6 loopback (some CI containers do not); IPv6 tests skip without it. */
export const ipv6Available = await canListen('::1');
