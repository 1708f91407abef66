import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An answer recorded from a real upstream server: where it comes from (a test, an apidoc example,
 * a mock of a caller) and the body that server sent. Packages keep them as
 * `src/__fixtures__/upstream/<name>.json`, so a client is checked against what the upstream sends,
 * not only against what the sandbox emulates.
 */
export interface UpstreamFixture<Body = unknown> {
  readonly source: string;
  readonly note: string;
  readonly body: Body;
}

/**
 * A reader of the fixtures in `directory` (a `file:` URL ending in `/`): `read(name)` parses
 * `<directory><name>.json`.
 *
 * @example
 * ```ts
 * const upstreamFixture = upstreamFixtures(new URL('../__fixtures__/upstream/', import.meta.url));
 * const { body } = upstreamFixture('query-ts');
 * ```
 */
export function upstreamFixtures(directory: URL): <Body = unknown>(name: string) => UpstreamFixture<Body> {
  return <Body>(name: string) => JSON.parse(readFileSync(new URL(`${name}.json`, directory), 'utf8')) as UpstreamFixture<Body>;
}

/** One request an upstream server received. */
export interface UpstreamRequest {
  readonly method: string;
  /** The path and query string as sent (`/query/ts/?bk_biz_id=2`). */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The body as sent (`''` without one). */
  readonly text: string;
  /** The body parsed as a JSON object; `{}` when there is none or it is not a JSON object. */
  readonly body: Record<string, unknown>;
}

/** What the server answers: `body` as JSON, with `status` (200 unless given). */
export interface UpstreamAnswer {
  readonly status?: number;
  readonly body: unknown;
}

/** One answer for every request, or a function deciding each answer from its request. */
export type UpstreamAnswering = UpstreamAnswer | ((request: UpstreamRequest) => UpstreamAnswer);

/** A `node:http` server on 127.0.0.1 that answers as a test says and records every request. */
export interface UpstreamServer {
  /** Its root, `http://127.0.0.1:<port>/`. */
  readonly url: string;
  /** What it received, in order. */
  readonly requests: UpstreamRequest[];
  /** Changes how the next requests are answered. */
  answer(answering: UpstreamAnswering): void;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/** The body as an object: a client of a JSON API sends one, and tests read its fields. */
function jsonObject(text: string): Record<string, unknown> {
  if (text === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    // A form or text body: the test reads `text`.
    return {};
  }
}

/**
 * Starts a server on a free port of 127.0.0.1 answering as `answering` says. For recorded upstream
 * answers a sandbox does not give (it emulates; this replays), and for proving that nothing was sent.
 *
 * @example
 * ```ts
 * const server = await startUpstreamServer({ body: { result: true, code: 0, data: [] } });
 * await fetch(`${server.url}api/list/`);
 * server.requests[0]?.path; // '/api/list/'
 * await server.close();
 * ```
 */
export async function startUpstreamServer(answering: UpstreamAnswering): Promise<UpstreamServer> {
  let current = answering;
  const requests: UpstreamRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const request: UpstreamRequest = { method: incoming.method ?? '', path: incoming.url ?? '', headers: incoming.headers, text, body: jsonObject(text) };
      requests.push(request);
      const { status = 200, body } = typeof current === 'function' ? current(request) : current;
      outgoing.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      outgoing.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    requests,
    answer: (next) => {
      current = next;
    },
    close: async () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
        // Keep-alive sockets of a client would hold `close()` open until they time out.
        server.closeAllConnections();
      }),
  };
}
