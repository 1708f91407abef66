import { createClient, type BkClient, type FetchFunction } from '@x/core-client';
import ky from 'ky';
import { Agent } from 'undici';
import { getMessageTypes } from './bench-endpoints.ts';
import { benchCredentials, checkData, checkEnvelope, cmsiRoot, messageTypePath, type BenchLine, type PayloadSize } from './bench-line.ts';
import { createCmsiLine } from './cmsi-line.ts';
import { createRawHttpClient } from './raw-http.ts';
import { axiosLine, gotLine, undiciRequestLine } from './peer-lines.ts';
import { createRequestFetch } from './request-fetch.ts';

/** The keep-alive pool of the tuned undici lines: as many connections as the concurrent runs use. */
export function createTunedAgent(): Agent {
  return new Agent({ connections: 64, pipelining: 1, keepAliveTimeout: 60_000, keepAliveMaxTimeout: 600_000 });
}

/** Node's global fetch (undici inside Node) sent through `agent` instead of the global dispatcher. */
export function fetchThrough(agent: Agent): FetchFunction {
  // Node's fetch accepts undici's `dispatcher` init field; the npm undici Agent implements the
  // same Dispatcher interface as the copy inside Node, though its types come from another
  // version of undici-types than @types/node's.
  return (input, init) => fetch(input, { ...init, dispatcher: agent } as unknown as RequestInit);
}

function rawHttpLine(origin: string): BenchLine {
  const client = createRawHttpClient(origin);
  return {
    id: 'http',
    label: 'node:http (keep-alive)',
    description: 'node:http with a keep-alive Agent (64 sockets): request, read the body, JSON.parse, check the envelope. The floor.',
    call: async (size) => {
      checkEnvelope(await client.get(messageTypePath(size, 'http')), size);
    },
    close: () => {
      client.close();
      return Promise.resolve();
    },
  };
}

function fetchLine(origin: string): BenchLine {
  return {
    id: 'fetch',
    label: 'global fetch',
    description: "Node's global fetch with its default dispatcher: fetch, response.json(), check the envelope.",
    call: async (size) => {
      const response = await fetch(`${origin}${messageTypePath(size, 'fetch')}`, { headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      checkEnvelope(await response.json(), size);
    },
    close: () => Promise.resolve(),
  };
}

function kyLine(origin: string): BenchLine {
  return {
    id: 'ky',
    label: 'ky (global fetch)',
    description: 'Bare ky 2 with its defaults (retry, timeout) over the global fetch: ky.get(url).json(), check the envelope.',
    call: async (size) => {
      checkEnvelope(await ky.get(`${origin}${messageTypePath(size, 'ky')}`).json(), size);
    },
    close: () => Promise.resolve(),
  };
}

function kyUndiciLine(origin: string): BenchLine {
  const agent = createTunedAgent();
  const pooledFetch = fetchThrough(agent);
  return {
    id: 'ky-undici',
    label: 'ky (undici pool)',
    description: "Bare ky 2 with `fetch` = Node's fetch over an undici Agent (64 keep-alive connections, 60 s idle).",
    call: async (size) => {
      checkEnvelope(await ky.get(`${origin}${messageTypePath(size, 'ky-undici')}`, { fetch: pooledFetch }).json(), size);
    },
    close: async () => {
      await agent.close();
    },
  };
}

function kyRequestLine(origin: string): BenchLine {
  const agent = createTunedAgent();
  const requestFetch = createRequestFetch(agent);
  return {
    id: 'ky-request',
    label: 'ky (undici.request fetch)',
    description: 'Bare ky 2 with `fetch` built on `undici.request` over the same tuned Agent: no WHATWG fetch under ky, the body buffered into a Response.',
    call: async (size) => {
      checkEnvelope(await ky.get(`${origin}${messageTypePath(size, 'ky-request')}`, { fetch: requestFetch }).json(), size);
    },
    close: async () => {
      await agent.close();
    },
  };
}

function coreLine(id: string, label: string, description: string, clients: Record<PayloadSize, BkClient>): BenchLine {
  return {
    id,
    label,
    description,
    call: async (size) => {
      checkData(await clients[size].call(getMessageTypes), size);
    },
    close: async () => {
      await Promise.all([clients.small.close(), clients.large.close()]);
    },
  };
}

function coreClients(origin: string, line: string, fetchFunction: FetchFunction | undefined): Record<PayloadSize, BkClient> {
  const settings = (size: PayloadSize) => ({
    ...benchCredentials,
    baseUrl: cmsiRoot(origin, size, line),
    cache: false as const,
    ...(fetchFunction === undefined ? {} : { fetch: fetchFunction }),
  });
  return { small: createClient(settings('small')), large: createClient(settings('large')) };
}

/** A factory of one line, given the server's origin. */
export interface LineFactory {
  readonly id: string;
  readonly create: (origin: string) => Promise<BenchLine | undefined>;
}

/**
 * The lines, in report order. `http` is line 1 (the floor every ratio is to) and `undici-request`
 * the leanest client (the second ratio); then the peers a user compares us with (`axios`, `got`),
 * fetch and ky; the extra lines (`ky-undici`, `ky-request`, `core-fetch`) show what the transport
 * under ky costs.
 */
export const lineFactories: readonly LineFactory[] = [
  { id: 'http', create: (origin) => Promise.resolve(rawHttpLine(origin)) },
  { id: 'undici-request', create: (origin) => Promise.resolve(undiciRequestLine(origin)) },
  { id: 'axios', create: (origin) => Promise.resolve(axiosLine(origin)) },
  { id: 'got', create: (origin) => Promise.resolve(gotLine(origin)) },
  { id: 'fetch', create: (origin) => Promise.resolve(fetchLine(origin)) },
  { id: 'ky', create: (origin) => Promise.resolve(kyLine(origin)) },
  { id: 'ky-undici', create: (origin) => Promise.resolve(kyUndiciLine(origin)) },
  { id: 'ky-request', create: (origin) => Promise.resolve(kyRequestLine(origin)) },
  {
    id: 'core',
    create: (origin) =>
      Promise.resolve(
        coreLine(
          'core',
          '@x/core-client call',
          'client.call(endpoint): input copy, addEsbInfo, X-Bkapi-Authorization/tenant/request-id headers, ky with retries, byte-capped body read, envelope check, zod output, log record (silent logger). Default transport: its undici pool.',
          coreClients(origin, 'core', undefined),
        ),
      ),
  },
  {
    id: 'core-fetch',
    create: (origin) =>
      Promise.resolve(
        coreLine(
          'core-fetch',
          '@x/core-client (global fetch)',
          'The same call with `fetch: globalThis.fetch` in the settings instead of the default undici transport.',
          coreClients(origin, 'core-fetch', globalThis.fetch),
        ),
      ),
  },
  {
    id: 'core-request',
    create: (origin) => {
      const agent = createTunedAgent();
      const clients = coreClients(origin, 'core-request', createRequestFetch(agent));
      const line = coreLine(
        'core-request',
        '@x/core-client (undici.request fetch)',
        'The same call with `fetch` = the undici.request-based fetch of the ky (undici.request fetch) line: what the core costs over a lean transport.',
        clients,
      );
      return Promise.resolve({
        ...line,
        close: async () => {
          await line.close();
          await agent.close();
        },
      });
    },
  },
  { id: 'cmsi', create: createCmsiLine },
];
