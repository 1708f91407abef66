import { Agent, request as httpRequest } from 'node:http';

/** A minimal keep-alive JSON client on node:http: the floor every other line is compared to. */
export interface RawHttpClient {
  get(path: string): Promise<unknown>;
  post(path: string, body: unknown): Promise<unknown>;
  close(): void;
}

/**
 * node:http with a keep-alive Agent (64 sockets, one request per socket at a time). Reads the body,
 * parses JSON and checks the status: what any client must do at the least.
 */
export function createRawHttpClient(origin: string, maxSockets = 64): RawHttpClient {
  const { hostname, port } = new URL(origin);
  const agent = new Agent({ keepAlive: true, maxSockets, keepAliveMsecs: 30_000, scheduling: 'lifo' });
  const send = (method: string, path: string, payload: string | undefined): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { accept: 'application/json' };
      if (payload !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(payload);
      }
      const request = httpRequest({ hostname, port, path, method, agent, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          if (response.statusCode !== 200) {
            reject(new Error(`HTTP ${String(response.statusCode)} for ${path}`));
            return;
          }
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
      });
      request.on('error', reject);
      request.end(payload);
    });
  return {
    get: (path) => send('GET', path, undefined),
    post: (path, body) => send('POST', path, JSON.stringify(body)),
    close: () => {
      agent.destroy();
    },
  };
}
