import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A recorded upstream answer: where it comes from and the body the server sends. */
export interface UpstreamFixture {
  readonly source: string;
  readonly note: string;
  readonly body: unknown;
}

/** Reads `src/__fixtures__/upstream/<name>.json`. */
export async function readUpstreamFixture(name: string): Promise<UpstreamFixture> {
  return JSON.parse(await readFile(new URL(`../__fixtures__/upstream/${name}.json`, import.meta.url), 'utf8')) as UpstreamFixture;
}

/** One request the server received. */
export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** A `node:http` server on 127.0.0.1 whose answers a test decides. */
export interface FixtureServer {
  readonly url: string;
  readonly requests: ReceivedRequest[];
  /** The JSON body (status 200) every following request is answered with. */
  answer(body: unknown): void;
  /** Decides each answer from the request instead. */
  handle(handler: (request: ReceivedRequest) => unknown): void;
  close(): Promise<void>;
}

/** Starts a server on an ephemeral port of 127.0.0.1. */
export async function startFixtureServer(): Promise<FixtureServer> {
  const requests: ReceivedRequest[] = [];
  let handler: (request: ReceivedRequest) => unknown = () => ({ result: true, code: 0, message: 'OK', data: null });
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const received = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(received);
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify(handler(received)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/c/compapi/v2/cmsi/`,
    requests,
    answer: (body) => {
      handler = () => body;
    },
    handle: (next) => {
      handler = next;
    },
    close: async () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
        server.closeAllConnections();
      }),
  };
}
