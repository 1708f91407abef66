import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { Socket } from 'node:net';

/** Counts the client sockets this process opens while tracking (undici connects through `net`). */
export interface SocketTracker {
  /** Sockets opened so far. */
  readonly opened: () => number;
  /** Sockets opened and not closed yet. */
  readonly open: () => number;
  readonly stop: () => void;
}

/**
 * Follows `net.client.socket`, the channel every `net.connect` publishes on. Only counts are kept:
 * holding the sockets themselves would keep every closed connection (and its pool) alive.
 */
export function trackClientSockets(): SocketTracker {
  let opened = 0;
  let open = 0;
  const onSocket = (message: unknown): void => {
    const socket = (message as { socket?: Socket }).socket;
    if (socket === undefined) return;
    opened += 1;
    open += 1;
    socket.once('close', () => {
      open -= 1;
    });
  };
  subscribe('net.client.socket', onSocket);
  return {
    opened: () => opened,
    open: () => open,
    stop: () => {
      unsubscribe('net.client.socket', onSocket);
    },
  };
}
