import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import { closeServer, listen } from './listen.js';
import { API_VERSIONS_KEY, buildApiVersionsResponse, parseApiVersionsBody, parseRequestHeader } from './kafka-protocol.js';

/** A running Kafka ApiVersions listener. */
export interface KafkaListener {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

/** The largest frame the listener accepts; a bigger size means the peer does not speak Kafka. */
const MAX_FRAME_BYTES = 1_048_576;

function serve(socket: Socket): void {
  let pending = Buffer.alloc(0);
  socket.on('error', () => {
    // A peer that vanishes mid-frame is not the listener's problem.
  });
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 4) {
      const size = pending.readInt32BE(0);
      if (size < 10 || size > MAX_FRAME_BYTES) {
        socket.destroy();
        return;
      }
      if (pending.length < 4 + size) return;
      const payload = pending.subarray(4, 4 + size);
      pending = pending.subarray(4 + size);
      try {
        const header = parseRequestHeader(payload);
        if (header.apiKey !== API_VERSIONS_KEY) {
          // Only ApiVersions is spoken; a broker would not understand us beyond it either.
          socket.destroy();
          return;
        }
        if (header.apiVersion === 3) parseApiVersionsBody(payload, header.bodyOffset);
        socket.write(buildApiVersionsResponse(header));
      } catch {
        socket.destroy();
        return;
      }
    }
  });
}

/**
 * Starts a TCP listener that answers Kafka's ApiVersions request (api key 18, versions 0 to 3;
 * other versions get UNSUPPORTED_VERSION), enough for a connectivity probe to recognise a broker.
 * Any other request closes the connection.
 */
export async function startKafkaListener(options: { readonly host: string }): Promise<KafkaListener> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serve(socket);
  });
  const port = await listen(server, 0, options.host);
  return {
    host: options.host,
    port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await closeServer(server);
    },
  };
}
