import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BkdataSettings } from '../bkdata-settings.js';

/** A recorded upstream answer: where it comes from and the body the server sent. */
export interface UpstreamFixture {
  readonly source: string;
  readonly note: string;
  readonly body: unknown;
}

/** Reads `src/__fixtures__/upstream/<name>.json`. */
export function upstreamFixture(name: string): UpstreamFixture {
  return JSON.parse(readFileSync(new URL(`../__fixtures__/upstream/${name}.json`, import.meta.url), 'utf8')) as UpstreamFixture;
}

/** One request the server received. */
export interface UpstreamRequest {
  readonly method: string;
  readonly url: string;
  readonly body: unknown;
}

/** A `node:http` server on 127.0.0.1 that answers every request with one fixture body. */
export interface UpstreamServer {
  /** Client settings whose roots all point at this server (gateway mode, stage prod, no retries). */
  readonly settings: BkdataSettings;
  /** What it received, in order. */
  readonly requests: UpstreamRequest[];
  /** Changes the body of the next answers. */
  answer(body: unknown): void;
  close(): Promise<void>;
}

/** Starts a server answering `body` (HTTP 200, JSON) to any request. */
export async function startUpstreamServer(body: unknown): Promise<UpstreamServer> {
  let current = JSON.stringify(body);
  const requests: UpstreamRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: request.method ?? '', url: request.url ?? '', body: text === '' ? undefined : (JSON.parse(text) as unknown) });
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      response.end(current);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    settings: { apiHost: `http://127.0.0.1:${port}`, gatewayMode: 'gateway', stage: 'prod', appCode: 'bk_log_search', appSecret: 'upstream-secret', username: 'admin', retry: false, cache: false },
    requests,
    answer: (next) => {
      current = JSON.stringify(next);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
        server.closeAllConnections();
      }),
  };
}
