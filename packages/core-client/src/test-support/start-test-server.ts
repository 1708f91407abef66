import { createServer as createHttpServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

/** One request the test server received. */
export interface RecordedRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The body parsed as JSON, when it is JSON. */
  readonly json: unknown;
  /** Which connection carried it (1, 2, ...). */
  readonly socket: number;
}

/** Answers one request. */
export type Handler = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

/** A node:http server on 127.0.0.1 that records requests and answers with scripted handlers. */
export interface TestServer {
  /** `http://127.0.0.1:<port>` (or https). */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** How many TCP connections were opened. */
  readonly connections: () => number;
  /** How many connections are open now. */
  readonly openConnections: () => number;
  /** The handler used when no queued one is left. */
  fallback(handler: Handler): void;
  /** Handlers used once each, in order, before the fallback. */
  queue(...handlers: Handler[]): void;
  /** Forgets recorded requests and queued handlers (between tests). */
  reset(): void;
  close(): Promise<void>;
}

/** Writes a JSON answer. */
export function sendJson(response: ServerResponse, body: unknown, status = 200, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

/** A handler that answers at once. */
export type ImmediateHandler = (request: RecordedRequest, response: ServerResponse) => void;

/** A handler answering with a JSON body. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): ImmediateHandler {
  return (_request, response) => {
    sendJson(response, body, status, headers);
  };
}

/** A handler answering with a BlueKing success envelope around `data`. */
export function envelope(data: unknown): ImmediateHandler {
  return json({ result: true, code: 0, message: 'success', data, request_id: 'remote-request-id' });
}

/** Options of {@link startTestServer}. */
export interface TestServerOptions {
  /** Serve HTTPS with this key and certificate. */
  readonly tls?: { readonly key: string; readonly cert: string };
}

/** Starts a recording server on 127.0.0.1 with an ephemeral port. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const queued: Handler[] = [];
  let fallback: Handler = envelope(null);
  let connections = 0;
  const sockets = new Set<Socket>();
  const socketIds = new WeakMap<Socket, number>();

  const listener = (incoming: IncomingMessage, response: ServerResponse): void => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let parsed: unknown;
      try {
        parsed = body === '' ? undefined : JSON.parse(body);
      } catch {
        parsed = undefined;
      }
      const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
      const request: RecordedRequest = {
        method: incoming.method ?? 'GET',
        url: incoming.url ?? '/',
        path: url.pathname,
        query: url.searchParams,
        headers: incoming.headers,
        body,
        json: parsed,
        socket: socketIds.get(incoming.socket) ?? 0,
      };
      requests.push(request);
      const handler = queued.shift() ?? fallback;
      Promise.resolve(handler(request, response)).catch((error: unknown) => {
        response.destroy(error instanceof Error ? error : undefined);
      });
    });
  };

  const server: Server = options.tls === undefined ? createHttpServer(listener) : createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, listener);
  server.on(options.tls === undefined ? 'connection' : 'secureConnection', (socket: Socket) => {
    connections += 1;
    socketIds.set(socket, connections);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`,
    requests,
    connections: () => connections,
    openConnections: () => sockets.size,
    fallback: (handler) => {
      fallback = handler;
    },
    queue: (...handlers) => {
      queued.push(...handlers);
    },
    reset: () => {
      requests.length = 0;
      queued.length = 0;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
}

/** A port on 127.0.0.1 nothing listens on (it was free a moment ago). */
export async function unusedPort(): Promise<number> {
  const server = createHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return port;
}
