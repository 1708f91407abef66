// A fake Kafka broker answering ApiVersions (and a non-flexible Metadata v1–v8 without topics), for
// behaviours the sandbox's listener does not show (an old broker without ApiVersions v3, odd
// answers). Test-only, byte by byte, independent of the client library and of the sandbox.
import { readFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';

export interface FakeBrokerRequest {
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly clientId: string | null;
  readonly raw: Buffer;
}

export interface FakeBroker {
  readonly host: string;
  readonly port: number;
  readonly requests: FakeBrokerRequest[];
  close(): Promise<void>;
}

export interface FakeBrokerOptions {
  readonly host?: string;
  /** Highest ApiVersions version answered; higher requests get error 35 with a v0 body. */
  readonly maxVersion?: number;
  readonly tls?: boolean;
  /** Replaces the answer entirely (the framed bytes written back). */
  readonly answer?: (request: FakeBrokerRequest, standard: Buffer) => Buffer | undefined;
}

const fixtures = new URL('./__fixtures__/', import.meta.url);

function varint(value: number): number[] {
  const bytes: number[] = [];
  let remaining = value;
  while (remaining >= 0x80) {
    bytes.push((remaining & 0x7f) | 0x80);
    remaining >>>= 7;
  }
  bytes.push(remaining);
  return bytes;
}

/** The apis the fake broker advertises (a Kafka 2.0-era set). */
export const FAKE_APIS: readonly [number, number, number][] = [
  [0, 0, 6],
  [1, 0, 8],
  [3, 0, 6],
  [18, 0, 2],
];

/** Builds a framed ApiVersions answer by hand, byte by byte. */
export function buildAnswer(correlationId: number, version: number, errorCode: number, apis: readonly [number, number, number][] = FAKE_APIS): Buffer {
  const bytes: number[] = [];
  const push16 = (value: number): void => {
    bytes.push((value >> 8) & 0xff, value & 0xff);
  };
  const push32 = (value: number): void => {
    bytes.push((value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
  };
  push32(correlationId);
  push16(errorCode);
  if (version >= 3) {
    bytes.push(...varint(apis.length + 1));
    for (const [key, min, max] of apis) {
      push16(key);
      push16(min);
      push16(max);
      bytes.push(0);
    }
    push32(0);
    // One tagged field unknown to ApiVersions v3 (tag 9, 2 opaque bytes) to prove it is skipped.
    bytes.push(1, 9, 2, 0xab, 0xcd);
  } else {
    push32(apis.length);
    for (const [key, min, max] of apis) {
      push16(key);
      push16(min);
      push16(max);
    }
    if (version >= 1) push32(0);
  }
  const payload = Buffer.from(bytes);
  const size = Buffer.alloc(4);
  size.writeInt32BE(payload.length);
  return Buffer.concat([size, payload]);
}

/** The cluster id the fake broker reports. */
export const FAKE_CLUSTER_ID = 'fake-cluster-0000000001';

/** Builds a framed, non-flexible Metadata answer (v1–v8) naming this broker (node 7, the controller), without topics. */
export function buildMetadataAnswer(correlationId: number, version: number, host: string, port: number): Buffer {
  const bytes: number[] = [];
  const push16 = (value: number): void => {
    bytes.push((value >> 8) & 0xff, value & 0xff);
  };
  const push32 = (value: number): void => {
    bytes.push((value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
  };
  const pushString = (value: string): void => {
    push16(value.length);
    bytes.push(...Buffer.from(value));
  };
  push32(correlationId);
  if (version >= 3) push32(0);
  push32(1);
  push32(7);
  pushString(host);
  push32(port);
  push16(0xffff); // rack: null
  if (version >= 2) pushString(FAKE_CLUSTER_ID);
  push32(7);
  push32(0); // no topics
  if (version >= 8) push32(-2_147_483_648);
  const payload = Buffer.from(bytes);
  const size = Buffer.alloc(4);
  size.writeInt32BE(payload.length);
  return Buffer.concat([size, payload]);
}

function parse(raw: Buffer): FakeBrokerRequest {
  const clientIdLength = raw.readInt16BE(8);
  return {
    apiKey: raw.readInt16BE(0),
    apiVersion: raw.readInt16BE(2),
    correlationId: raw.readInt32BE(4),
    clientId: clientIdLength < 0 ? null : raw.toString('utf8', 10, 10 + clientIdLength),
    raw,
  };
}

export async function startFakeBroker(options: FakeBrokerOptions = {}): Promise<FakeBroker> {
  const requests: FakeBrokerRequest[] = [];
  const sockets = new Set<Socket>();
  const maxVersion = options.maxVersion ?? 3;
  const host = options.host ?? '127.0.0.1';
  const onSocket = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
        const size = pending.readInt32BE(0);
        const request = parse(pending.subarray(4, 4 + size));
        pending = pending.subarray(4 + size);
        requests.push(request);
        const unsupported = request.apiVersion > maxVersion;
        const standard =
          request.apiKey === 3
            ? buildMetadataAnswer(request.correlationId, request.apiVersion, host, port())
            : buildAnswer(request.correlationId, unsupported ? 0 : request.apiVersion, unsupported ? 35 : 0, unsupported ? [[18, 0, maxVersion]] : FAKE_APIS);
        const answer = options.answer === undefined ? standard : options.answer(request, standard);
        if (answer === undefined) socket.destroy();
        else socket.write(answer);
      }
    });
  };
  const server: Server =
    options.tls === true
      ? createTlsServer({ cert: readFileSync(new URL('test-cert.pem', fixtures)), key: readFileSync(new URL('test-key.pem', fixtures)) }, onSocket)
      : createNetServer(onSocket);
  const port = (): number => (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    host,
    port: port(),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}
