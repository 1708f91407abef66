import { createHook } from 'node:async_hooks';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { BkError, ValidationError } from '@x/errors';
import { rejection } from '@x/sandbox/vitest';
import { Agent } from 'undici';
import type { Dispatcher } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWework } from './wework-client.js';
import type { WeworkClient } from './wework-client.js';
import { RobotPool } from './wework-robot-pool.js';
import type { WeworkSettings } from './wework-settings.js';

/**
 * A WeCom robot webhook on 127.0.0.1 that answers `{ errcode: 0 }` to any key, counts the TCP
 * connections it accepts and can hold the answers for one key until released.
 */
function webhookServer() {
  const keys: string[] = [];
  const sockets = new Set<Socket>();
  const held = new Map<string, { readonly arrived: Promise<void>; readonly arrive: () => void; readonly release: Promise<void>; readonly open: () => void }>();
  let connections = 0;
  const server = createServer((request, response) => {
    const key = new URL(request.url ?? '/', 'http://webhook').searchParams.get('key') ?? '';
    request.resume();
    request.on('end', () => {
      keys.push(key);
      const answer = (): void => {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
      };
      const hold = held.get(key);
      if (hold === undefined) {
        answer();
        return;
      }
      hold.arrive();
      void hold.release.then(answer);
    });
  });
  server.on('connection', (socket: Socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return {
    start: async () => {
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
    },
    url: (key: string): string => `http://127.0.0.1:${(server.address() as AddressInfo).port}/cgi-bin/webhook/send?key=${key}`,
    /** The keys of the requests answered or held, in arrival order. */
    keys,
    /** TCP connections accepted since the start, and open now. */
    connections: () => ({ accepted: connections, open: sockets.size }),
    /** Holds the answers to `key`: `arrived` resolves when one arrives, `release()` answers them. */
    hold: (key: string) => {
      let arrive = (): void => undefined;
      let open = (): void => undefined;
      const arrived = new Promise<void>((resolve) => (arrive = resolve));
      const release = new Promise<void>((resolve) => (open = resolve));
      held.set(key, { arrived, arrive, release, open });
      return { arrived, release: open };
    },
    reset: () => {
      keys.length = 0;
      held.clear();
      connections = 0;
      for (const socket of sockets) socket.destroy();
    },
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

const webhook = webhookServer();
const clients: WeworkClient[] = [];
beforeAll(webhook.start);
afterEach(async () => {
  await Promise.all(clients.splice(0).map(async (client) => client.close()));
  webhook.reset();
});
afterAll(webhook.close);

function create(settings: WeworkSettings = {}): WeworkClient {
  const client = createWework({ webhookUrl: webhook.url('default'), ...settings });
  clients.push(client);
  return client;
}

async function post(wework: WeworkClient, key: string): Promise<void> {
  await expect(wework.sendRobotMarkdown({ webhookUrl: webhook.url(key), content: `to ${key}` })).resolves.toEqual({ errcode: 0, errmsg: 'ok' });
}

async function waitUntil(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('the condition did not become true in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('robot clients of a WeWork client', () => {
  it('stay at most maxRobots however many webhooks are posted to, all on one connection pool', async () => {
    const wework = create({ maxRobots: 4 });
    expect(wework.openRobots).toBe(0);
    for (let index = 0; index < 20; index += 1) {
      await post(wework, `key-${index}`);
      expect(wework.openRobots).toBe(Math.min(index + 1, 4));
    }
    expect(webhook.keys).toEqual(Array.from({ length: 20 }, (_unused, index) => `key-${index}`));
    // 20 robots in turn on one or two keep-alive connections (a pool may open a second one when the
    // next call starts before it sees the last connection free): one pool for all, not one each.
    expect(webhook.connections().accepted).toBeLessThanOrEqual(2);
  });

  it('keep 64 by default', async () => {
    const wework = create();
    for (let index = 0; index < 70; index += 1) await post(wework, `key-${index}`);
    expect(wework.openRobots).toBe(64);
    await post(wework, 'key-69');
    expect(wework.openRobots).toBe(64);
  });

  it('concurrent posts to many webhooks share one pool of maxConnections', async () => {
    const wework = create({ maxRobots: 8, maxConnections: 4 });
    await Promise.all(Array.from({ length: 32 }, async (_unused, index) => post(wework, `key-${index % 16}`)));
    expect(webhook.keys).toHaveLength(32);
    expect(wework.openRobots).toBe(8);
    // 16 webhooks, 32 calls at once, 4 connections: a pool per robot would have opened 16 or more.
    expect(webhook.connections().accepted).toBeLessThanOrEqual(4);
    const afterBurst = webhook.connections().accepted;
    for (let index = 0; index < 16; index += 1) await post(wework, `key-${index}`);
    // Robots created again after their eviction reuse the pool's open connections.
    expect(webhook.connections().accepted).toBe(afterBurst);
  });

  it('an idle robot is closed after robotIdleTimeout; the next post creates it again', async () => {
    const wework = create({ robotIdleTimeout: 150 });
    await post(wework, 'a');
    await post(wework, 'b');
    expect(wework.openRobots).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 60));
    await post(wework, 'b');
    // `a` goes idle first; `b`, used again, stays until its own idle period passes.
    await waitUntil(() => wework.openRobots === 1);
    await waitUntil(() => wework.openRobots === 0);
    await post(wework, 'a');
    expect(wework.openRobots).toBe(1);
    expect(webhook.keys).toEqual(['a', 'b', 'b', 'a']);
  });

  it('a robot busy with a call is not closed by the idle timer', async () => {
    const wework = create({ robotIdleTimeout: 30 });
    const slow = webhook.hold('slow');
    const sending = post(wework, 'slow');
    await slow.arrived;
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(wework.openRobots).toBe(1);
    slow.release();
    await sending;
    await waitUntil(() => wework.openRobots === 0);
  });

  it('the idle timer never keeps the process alive', async () => {
    // Every timer the call leaves pending (the idle sweep, an hour ahead) must be unref()ed.
    const pending = new Map<number, NodeJS.Timeout>();
    const hook = createHook({
      init: (id, type, _trigger, resource) => {
        if (type === 'Timeout') pending.set(id, resource as NodeJS.Timeout);
      },
      destroy: (id) => pending.delete(id),
    });
    const wework = create({ robotIdleTimeout: 3_600_000 });
    hook.enable();
    try {
      await post(wework, 'a');
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      hook.disable();
    }
    expect(wework.openRobots).toBe(1);
    expect(pending.size).toBeGreaterThan(0);
    expect([...pending.values()].filter((timer) => timer.hasRef())).toEqual([]);
  });

  it('a call in flight on an evicted robot still succeeds; the robot closes after it', async () => {
    const wework = create({ maxRobots: 1 });
    const slow = webhook.hold('slow');
    const sending = post(wework, 'slow');
    await slow.arrived;
    await post(wework, 'fast');
    // `slow` was evicted by `fast` but still finishes its call: two robots open until it settles.
    expect(wework.openRobots).toBe(2);
    slow.release();
    await sending;
    expect(wework.openRobots).toBe(1);
    expect(webhook.keys).toEqual(['slow', 'fast']);
  });

  it('close() closes every robot and the pool; a robot call after it fails and sends nothing', async () => {
    const wework = create({ robotIdleTimeout: 3_600_000 });
    for (const key of ['a', 'b', 'c']) await post(wework, key);
    expect(wework.openRobots).toBe(3);
    expect(webhook.connections().open).toBeGreaterThan(0);
    await wework.close();
    expect(wework.openRobots).toBe(0);
    await waitUntil(() => webhook.connections().open === 0);
    const error = await rejection(wework.sendRobotMarkdown({ webhookUrl: webhook.url('late'), content: 'x' }));
    expect(BkError.isInstance(error)).toBe(true);
    expect((error as BkError).message).toBe('The client is closed; wework.robot_send was not called');
    expect(webhook.keys).toEqual(['a', 'b', 'c']);
  });

  it('close() also closes a robot evicted while its call was in flight', async () => {
    const wework = create({ maxRobots: 1 });
    const slow = webhook.hold('slow');
    const sending = wework.sendRobotMarkdown({ webhookUrl: webhook.url('slow'), content: 'x' });
    await slow.arrived;
    await post(wework, 'fast');
    const closing = wework.close();
    expect(wework.openRobots).toBe(0);
    slow.release();
    await Promise.allSettled([sending]);
    await closing;
  });

  it('robots send through a given dispatcher, which close() leaves open for its owner', async () => {
    let dispatched = 0;
    class CountingAgent extends Agent {
      override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
        dispatched += 1;
        return super.dispatch(options, handler);
      }
    }
    const agent = new CountingAgent();
    try {
      const wework = create({ dispatcher: agent });
      for (const key of ['a', 'b', 'a']) await post(wework, key);
      expect(dispatched).toBe(3);
      await wework.close();
      expect(agent.closed).toBe(false);
      expect(webhook.connections().open).toBeGreaterThan(0);
    } finally {
      await agent.close();
    }
  });

  it.each([
    [{ maxRobots: 0 }, 'maxRobots'],
    [{ maxRobots: 2.5 }, 'maxRobots'],
    [{ maxRobots: Number.NaN }, 'maxRobots'],
    [{ robotIdleTimeout: 0 }, 'robotIdleTimeout'],
    [{ robotIdleTimeout: -1 }, 'robotIdleTimeout'],
    [{ robotIdleTimeout: Number.POSITIVE_INFINITY }, 'robotIdleTimeout'],
    [{ robotIdleTimeout: 2 ** 31 }, 'robotIdleTimeout'],
  ])('%j is a ValidationError naming %s at the first robot call, and nothing is sent', async (settings, field) => {
    const wework = create(settings);
    const error = await rejection(wework.sendRobotMarkdown({ content: 'x' }));
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).fields).toEqual([field]);
    expect(webhook.keys).toEqual([]);
  });
});

describe('RobotPool', () => {
  function robot() {
    const state = { closed: 0 };
    return { state, close: async () => void (state.closed += 1) };
  }

  it('closes an evicted robot only once its last call settles', async () => {
    const pool = new RobotPool<ReturnType<typeof robot>>({ maxRobots: 1, idleTimeout: 60_000 });
    const first = robot();
    let finish = (): void => undefined;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const busy = pool.use(
      'a',
      () => first,
      async (used) => {
        await finished;
        return used.state.closed;
      },
    );
    await pool.use('b', robot, async () => 'b');
    await pool.use('c', robot, async () => 'c');
    expect(first.state.closed).toBe(0);
    finish();
    // Not closed while the call ran; closed after it, once.
    await expect(busy).resolves.toBe(0);
    await waitUntil(() => first.state.closed === 1);
    expect(pool.size).toBe(1);
    await pool.close();
  });

  it('evicts the least recently used robot, and reuses the kept ones', async () => {
    const pool = new RobotPool<ReturnType<typeof robot>>({ maxRobots: 2, idleTimeout: 60_000 });
    const created = new Map<string, ReturnType<typeof robot>>();
    const use = async (url: string): Promise<void> =>
      pool.use(
        url,
        () => {
          const made = robot();
          created.set(url, made);
          return made;
        },
        async () => undefined,
      );
    for (const url of ['a', 'b', 'a', 'c']) await use(url);
    await waitUntil(() => created.get('b')?.state.closed === 1);
    expect(created.get('a')?.state.closed).toBe(0);
    const a = created.get('a');
    await use('a');
    expect(created.get('a')).toBe(a);
    expect(pool.size).toBe(2);
    await pool.close();
    expect([...created.values()].map((made) => made.state.closed)).toEqual([1, 1, 1]);
  });

  it('a failing call settles its robot like a successful one', async () => {
    const pool = new RobotPool<ReturnType<typeof robot>>({ maxRobots: 1, idleTimeout: 20 });
    const only = robot();
    await expect(
      pool.use(
        'a',
        () => only,
        async () => Promise.reject(new Error('upstream down')),
      ),
    ).rejects.toThrow('upstream down');
    await waitUntil(() => only.state.closed === 1);
    expect(pool.size).toBe(0);
    await pool.close();
  });
});
