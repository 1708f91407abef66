import { Agent, fetch as undiciFetch } from 'undici';
import type { FetchFunction, TlsSettings } from '../client/client-settings.js';

/** The default transport: undici's fetch over one keep-alive connection pool. */
export interface Transport {
  readonly fetch: FetchFunction;
  /** Closes the pool's connections. */
  close(): Promise<void>;
}

/** Options of the default transport. */
export interface TransportOptions {
  readonly tls: TlsSettings;
  readonly maxConnections: number;
}

/**
 * undici's `fetch` with an `Agent`: connections are kept alive and reused across calls, at most
 * `maxConnections` per origin, one request per connection at a time (`pipelining: 1`, safe with
 * any server). TLS certificates are verified unless `tls.rejectUnauthorized` is `false`.
 */
export function createUndiciTransport(options: TransportOptions): Transport {
  let agent: Agent | undefined;
  const getAgent = (): Agent => {
    agent ??= new Agent({
      connections: options.maxConnections,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 10 * 60_000,
      connect: {
        rejectUnauthorized: options.tls.rejectUnauthorized ?? true,
        ...(options.tls.ca === undefined ? {} : { ca: typeof options.tls.ca === 'string' || Buffer.isBuffer(options.tls.ca) ? options.tls.ca : [...options.tls.ca] }),
      },
    });
    return agent;
  };

  const fetch: FetchFunction = async (input, init) => {
    // ky hands over a global Request, which undici's own fetch does not accept: pass its parts.
    const request = input instanceof Request ? input : new Request(input, init);
    const body = request.body === null ? undefined : await request.arrayBuffer();
    const response = await undiciFetch(request.url, {
      method: request.method,
      headers: [...request.headers],
      ...(body === undefined ? {} : { body }),
      signal: request.signal,
      redirect: request.redirect,
      dispatcher: getAgent(),
    });
    // Re-wrapped as a global Response: ky and callers check `instanceof Response`.
    return new Response(response.body as ReadableStream<Uint8Array> | null, { status: response.status, statusText: response.statusText, headers: [...response.headers] });
  };

  return {
    fetch,
    close: async () => {
      const current = agent;
      agent = undefined;
      await current?.close();
    },
  };
}
