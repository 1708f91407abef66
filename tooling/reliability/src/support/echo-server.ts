import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server, ServerResponse } from 'node:http';

/** One request a {@link TestServer} received. */
export interface ReceivedRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** What the handler answers; a handler may also write `response` itself and return undefined. */
export interface Answer {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** An object is sent as JSON; a string as it is. */
  readonly body?: unknown;
}

export type Handler = (request: ReceivedRequest, response: ServerResponse) => Answer | undefined | Promise<Answer | undefined>;

/** A plain `node:http` server on 127.0.0.1, for behaviour the sandbox does not have. */
export interface TestServer {
  readonly url: string;
  readonly port: number;
  readonly requests: ReceivedRequest[];
  readonly server: Server;
  close(): Promise<void>;
}

export async function startTestServer(handler: Handler): Promise<TestServer> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const request: ReceivedRequest = {
        method: incoming.method ?? 'GET',
        url: incoming.url ?? '/',
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      void (async () => {
        const answer = await handler(request, response);
        if (answer === undefined || response.headersSent) return;
        const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? null);
        response.writeHead(answer.status ?? 200, { 'content-type': 'application/json; charset=utf-8', ...answer.headers });
        response.end(text);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    server,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
}

/** A BlueKing success envelope. */
export function envelope(data: unknown): Answer {
  return { body: { result: true, code: 0, message: 'OK', data } };
}

/** The `bk_username`/tokens of a request's `X-Bkapi-Authorization` header. */
export function authOf(request: ReceivedRequest): Record<string, string> {
  const header = request.headers['x-bkapi-authorization'];
  if (typeof header !== 'string') return {};
  try {
    return JSON.parse(header) as Record<string, string>;
  } catch {
    return {};
  }
}
