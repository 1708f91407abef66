// A TLS terminator in front of a plain-text Kafka listener: an `SSL` / `SASL_SSL` broker for tests,
// with the self-signed test certificate. Test-only (excluded from the build).
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { createServer } from 'node:tls';

const fixtures = new URL('./__fixtures__/', import.meta.url);

export interface TlsProxy {
  readonly host: string;
  readonly port: number;
  /** TLS sessions established (handshakes that succeeded). */
  readonly sessions: number;
  close(): Promise<void>;
}

export async function startTlsProxy(target: { readonly host: string; readonly port: number }, host = '127.0.0.1'): Promise<TlsProxy> {
  const sockets = new Set<Socket>();
  let sessions = 0;
  const server = createServer({ cert: readFileSync(new URL('test-cert.pem', fixtures)), key: readFileSync(new URL('test-key.pem', fixtures)) }, (secure) => {
    sessions += 1;
    const upstream = connect(target.port, target.host);
    for (const socket of [secure, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        secure.destroy();
        upstream.destroy();
      });
    }
    secure.pipe(upstream).pipe(secure);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    host,
    port: (server.address() as AddressInfo).port,
    get sessions() {
      return sessions;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}
