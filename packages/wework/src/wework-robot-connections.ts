import type { BkClientSettings } from '@x/core-client';
import type { Agent } from 'undici';
import { robotClientClosed } from './wework-robot-pool.js';

/**
 * The one connection pool every robot of a WeWork client sends through, so that a robot is a
 * cache and a few closures, not a pool of its own: many webhooks on one host (WeCom's) share its
 * keep-alive connections, and dropping a robot closes no connection a call may be using.
 */
export interface RobotConnections {
  /**
   * The core settings that point a robot at the shared pool: `{ dispatcher }`, the pool created
   * (and undici loaded) by the first call. `{}` when the settings give a `dispatcher` (the robots
   * use it as they are) or a `fetch` (the transport of every client then).
   * @throws BkError once {@link close} has been called.
   */
  settings(): Promise<Pick<BkClientSettings, 'dispatcher'>>;
  /** Closes the pool's connections (never those of a `dispatcher` the settings gave). */
  close(): Promise<void>;
}

/** The pool's options, as `@x/core-client`'s own pool takes them from the same settings. */
function agentOptions(settings: Pick<BkClientSettings, 'tls' | 'maxConnections'>): Agent.Options {
  const { maxConnections, tls } = settings;
  return {
    connections: maxConnections !== undefined && Number.isFinite(maxConnections) && maxConnections > 0 ? maxConnections : 64,
    // One request per connection at a time, safe with any server; keep-alive as the core's pool.
    pipelining: 1,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 10 * 60_000,
    connect: {
      rejectUnauthorized: tls?.rejectUnauthorized ?? true,
      ...(tls?.ca === undefined ? {} : { ca: typeof tls.ca === 'string' || Buffer.isBuffer(tls.ca) ? tls.ca : [...tls.ca] }),
    },
  };
}

/** The robots' connections for these WeWork settings. Nothing is loaded or opened until a robot sends. */
export function createRobotConnections(settings: Pick<BkClientSettings, 'dispatcher' | 'fetch' | 'tls' | 'maxConnections'>): RobotConnections {
  const own = settings.dispatcher === undefined && settings.fetch === undefined;
  let creating: Promise<Agent> | undefined;
  let closed = false;
  // A function, not the variable: `close()` may run while `settings()` awaits the pool.
  const isClosed = (): boolean => closed;
  return {
    settings: async () => {
      if (isClosed()) throw robotClientClosed();
      if (!own) return {};
      // undici costs ~165 ms of CPU to import: paid by the first robot call, never by importing the package.
      creating ??= import('undici').then(({ Agent: AgentClass }) => new AgentClass(agentOptions(settings)));
      const created = creating;
      let agent: Agent;
      try {
        agent = await created;
      } catch (error) {
        if (creating === created) creating = undefined;
        throw error;
      }
      if (isClosed()) throw robotClientClosed();
      return { dispatcher: agent };
    },
    close: async () => {
      closed = true;
      const agent = await creating?.catch(() => undefined);
      creating = undefined;
      await agent?.close();
    },
  };
}
