import { Agent as HttpAgent } from 'node:http';
import axios from 'axios';
import got from 'got';
import { Pool, request as undiciRequest } from 'undici';
import { checkEnvelope, messageTypePath, type BenchLine } from './bench-line.ts';

// The HTTP layers a user compares us with (issue 20), each set up as its docs advise for a
// service calling one API: a keep-alive pool of 64 connections (as many as the concurrent runs
// use), its own JSON parsing, its defaults otherwise.

/** node:http's keep-alive Agent with the pool of the `http` line, for axios and got. */
function keepAliveAgent(): HttpAgent {
  return new HttpAgent({ keepAlive: true, maxSockets: 64, keepAliveMsecs: 30_000, scheduling: 'lifo' });
}

/** `undici.request` on a `Pool` of the server's origin: the leanest client here, the true floor. */
export function undiciRequestLine(origin: string): BenchLine {
  const pool = new Pool(origin, { connections: 64, pipelining: 1, keepAliveTimeout: 60_000, keepAliveMaxTimeout: 600_000 });
  return {
    id: 'undici-request',
    label: 'undici.request (Pool)',
    description:
      "undici's `request()` with `dispatcher` = a Pool of the origin (64 connections, pipelining 1): status check, `body.json()`, check the envelope. No WHATWG Request/Response.",
    call: async (size) => {
      const response = await undiciRequest(`${origin}${messageTypePath(size, 'undici-request')}`, {
        dispatcher: pool,
        headers: { accept: 'application/json' },
      });
      if (response.statusCode !== 200) {
        await response.body.dump();
        throw new Error(`HTTP ${response.statusCode}`);
      }
      checkEnvelope(await response.body.json(), size);
    },
    close: async () => {
      await pool.close();
    },
  };
}

/** axios 1 (its Node `http` adapter) with a keep-alive `httpAgent`. */
export function axiosLine(origin: string): BenchLine {
  const agent = keepAliveAgent();
  const instance = axios.create({ adapter: 'http', httpAgent: agent, headers: { accept: 'application/json' } });
  return {
    id: 'axios',
    label: 'axios (keep-alive agent)',
    description:
      'axios 1 with its http adapter and a keep-alive node:http Agent (64 sockets): `instance.get(url)` (axios parses the JSON), check the envelope.',
    call: async (size) => {
      const response = await instance.get<unknown>(`${origin}${messageTypePath(size, 'axios')}`);
      checkEnvelope(response.data, size);
    },
    close: () => {
      agent.destroy();
      return Promise.resolve();
    },
  };
}

/** got with a keep-alive `agent.http`, its defaults (retry included) otherwise. */
export function gotLine(origin: string): BenchLine {
  const agent = keepAliveAgent();
  const client = got.extend({ agent: { http: agent } });
  return {
    id: 'got',
    label: 'got (keep-alive agent)',
    description:
      'got with `agent.http` = a keep-alive node:http Agent (64 sockets) and its defaults otherwise (retry): `client.get(url).json()`, check the envelope.',
    call: async (size) => {
      checkEnvelope(await client.get(`${origin}${messageTypePath(size, 'got')}`).json(), size);
    },
    close: () => {
      agent.destroy();
      return Promise.resolve();
    },
  };
}
