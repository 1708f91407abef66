import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { UnifyQuerySettings } from '../unify-query-settings.js';

/** A recorded upstream answer: where it comes from and the body the real server sent. */
export interface UpstreamFixture<Body = unknown> {
  readonly source: string;
  readonly note: string;
  readonly body: Body;
}

/** Reads `src/__fixtures__/upstream/<name>.json`. */
export function upstreamFixture<Body = unknown>(name: string): UpstreamFixture<Body> {
  return JSON.parse(readFileSync(new URL(`../__fixtures__/upstream/${name}.json`, import.meta.url), 'utf8')) as UpstreamFixture<Body>;
}

/** One request the server received. */
export interface UpstreamRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Record<string, unknown>;
}

/** What the server answers a request with. */
export interface UpstreamAnswer {
  readonly status?: number;
  readonly body: unknown;
}

/** A `node:http` server on 127.0.0.1 that answers what `answer` says and records every request. */
export interface UpstreamServer {
  readonly url: string;
  readonly requests: UpstreamRequest[];
  /** Client settings for this server (no retries). */
  readonly settings: (overrides?: UnifyQuerySettings) => UnifyQuerySettings;
  readonly close: () => Promise<void>;
}

/** Starts a server that answers each request with `answer(request)`. */
export async function startUpstreamServer(answer: (request: UpstreamRequest) => UpstreamAnswer): Promise<UpstreamServer> {
  const requests: UpstreamRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const request: UpstreamRequest = {
        method: incoming.method ?? '',
        path: incoming.url ?? '',
        headers: incoming.headers,
        body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
      };
      requests.push(request);
      const { status = 200, body } = answer(request);
      outgoing.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      outgoing.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    requests,
    settings: (overrides = {}) => ({ baseUrl: url, appCode: 'bk_upstream_test', appSecret: 'upstream-secret', username: 'admin', retry: false, ...overrides }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
      }),
  };
}
