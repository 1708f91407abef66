import { trustedMessage } from '@x/errors';
import { isIP, Socket } from 'node:net';
import type { InfraProbeKind } from './infra-probe-error.js';
import { probeError } from './infra-probe-error.js';

/** bklog's `_send_detective` gives the TCP connect two seconds. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 2000;

/** An open TCP connection and how long it took. */
export interface TcpConnection {
  readonly socket: Socket;
  /** The address connected to. */
  readonly address: string;
  /** 4 or 6. */
  readonly family: 4 | 6;
  /** Milliseconds the connect took (DNS included). */
  readonly connectMs: number;
}

/** Options of {@link connectTcp}. */
export interface TcpConnectOptions {
  readonly probe: InfraProbeKind;
  readonly host: string;
  readonly port: number;
  readonly timeoutMs: number;
  readonly startedAt: number;
  readonly signal?: AbortSignal | undefined;
}

/** `[::1]` → `::1`; a bare host stays as it is. */
export function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** A host as it goes into a URL: IPv6 literals bracketed. */
export function urlHost(host: string): string {
  const bare = stripBrackets(host);
  return isIP(bare) === 6 ? `[${bare}]` : bare;
}

// Lookup failures that mean "no address of this family", after which IPv6 is worth a try.
const familyMissCodes = new Set(['ENOTFOUND', 'ENODATA', 'EAI_ADDRFAMILY', 'EAI_NONAME', 'EAI_AGAIN']);

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'ECONNECT';
}

function connectOnce(host: string, port: number, family: 4 | 6, deadline: number, signal: AbortSignal | undefined): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    const remaining = Math.max(1, deadline - performance.now());
    const cleanup = (): void => {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('error', onError);
      signal?.removeEventListener('abort', onAbort);
    };
    const onConnect = (): void => {
      cleanup();
      resolve(socket);
    };
    const onError = (error: Error): void => {
      cleanup();
      socket.destroy();
      reject(error);
    };
    const onAbort = (): void => {
      onError(Object.assign(new Error('aborted'), { code: 'ABORT_ERR' }));
    };
    const timer = setTimeout(() => {
      onError(Object.assign(new Error(`connect timed out after ${Math.round(remaining)} ms`), { code: 'ETIMEDOUT' }));
    }, remaining);
    socket.once('connect', onConnect);
    socket.once('error', onError);
    if (signal?.aborted === true) {
      onAbort();
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.connect({ host, port, family });
  });
}

/**
 * Opens a TCP connection as bklog's connectivity check does: IPv4 first, IPv6 when the host has
 * no IPv4 address (an IPv6 literal goes straight to IPv6), all within `timeoutMs`. Failures are
 * ApiRequestErrors with `data.stage: 'tcp'`.
 */
export async function connectTcp(options: TcpConnectOptions): Promise<TcpConnection> {
  const host = stripBrackets(options.host);
  const started = performance.now();
  const deadline = started + options.timeoutMs;
  const literal = isIP(host);
  const families: readonly (4 | 6)[] = literal === 6 ? [6] : literal === 4 ? [4] : [4, 6];
  let lastError: unknown;
  for (const family of families) {
    try {
      const socket = await connectOnce(host, options.port, family, deadline, options.signal);
      return { socket, address: socket.remoteAddress ?? host, family, connectMs: performance.now() - started };
    } catch (error) {
      lastError = error;
      if (!familyMissCodes.has(errorCode(error))) break;
    }
  }
  const code = errorCode(lastError);
  const timedOut = code === 'ETIMEDOUT';
  const aborted = code === 'ABORT_ERR';
  return Promise.reject(
    probeError({
      probe: options.probe,
      stage: 'tcp',
      failure: aborted ? 'aborted' : timedOut ? 'timeout' : 'network',
      host,
      port: options.port,
      reason: code,
      message: timedOut
        ? trustedMessage`TCP connect to ${urlHost(host)}:${options.port} timed out after ${options.timeoutMs} ms`
        : trustedMessage`TCP connect to ${urlHost(host)}:${options.port} failed (${code})`,
      startedAt: options.startedAt,
      cause: lastError,
    }),
  );
}
