import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../index.js';
import type { Sandbox } from '../index.js';
import { readUnsignedVarint, unsignedVarint } from './kafka-protocol.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ recordCount: 10 });
});
afterAll(async () => {
  await sandbox.close();
});

/** An ApiVersions request as a Kafka client frames it: header v1 (v0-2) or v2 with tagged fields (v3+). */
function apiVersionsRequest(version: number, correlationId: number, clientId = 'probe'): Buffer {
  const header = Buffer.alloc(10);
  header.writeInt16BE(18, 0);
  header.writeInt16BE(version, 2);
  header.writeInt32BE(correlationId, 4);
  header.writeInt16BE(clientId.length, 8);
  const parts: Buffer[] = [header, Buffer.from(clientId)];
  if (version >= 3) {
    parts.push(unsignedVarint(0));
    for (const text of ['bk-integrations', '1.0.0']) parts.push(unsignedVarint(text.length + 1), Buffer.from(text));
    parts.push(unsignedVarint(0));
  }
  const payload = Buffer.concat(parts);
  const size = Buffer.alloc(4);
  size.writeInt32BE(payload.length);
  return Buffer.concat([size, payload]);
}

function open(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(sandbox.kafkaAddress.port, sandbox.kafkaAddress.host, () => {
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Reads `count` framed responses from the socket. */
function readFrames(socket: Socket, count: number): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    let pending = Buffer.alloc(0);
    const frames: Buffer[] = [];
    const onData = (chunk: Buffer): void => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
        const size = pending.readInt32BE(0);
        frames.push(pending.subarray(4, 4 + size));
        pending = pending.subarray(4 + size);
      }
      if (frames.length >= count) {
        socket.off('data', onData);
        resolve(frames);
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
}

interface Decoded {
  correlationId: number;
  errorCode: number;
  apis: [number, number, number][];
  throttleTimeMs?: number;
}

/** Decodes an ApiVersions response: header v0, then the v0-2 or the flexible v3 body. */
function decode(frame: Buffer, version: number): Decoded {
  const correlationId = frame.readInt32BE(0);
  const errorCode = frame.readInt16BE(4);
  const apis: [number, number, number][] = [];
  let offset = 6;
  if (version >= 3) {
    const length = readUnsignedVarint(frame, offset);
    offset = length.next;
    for (let index = 0; index < length.value - 1; index += 1) {
      apis.push([frame.readInt16BE(offset), frame.readInt16BE(offset + 2), frame.readInt16BE(offset + 4)]);
      const tags = readUnsignedVarint(frame, offset + 6);
      expect(tags.value).toBe(0);
      offset = tags.next;
    }
    const throttleTimeMs = frame.readInt32BE(offset);
    const tags = readUnsignedVarint(frame, offset + 4);
    expect(tags.value).toBe(0);
    expect(tags.next).toBe(frame.length);
    return { correlationId, errorCode, apis, throttleTimeMs };
  }
  const count = frame.readInt32BE(offset);
  offset += 4;
  for (let index = 0; index < count; index += 1) {
    apis.push([frame.readInt16BE(offset), frame.readInt16BE(offset + 2), frame.readInt16BE(offset + 4)]);
    offset += 6;
  }
  if (version >= 1) {
    const throttleTimeMs = frame.readInt32BE(offset);
    offset += 4;
    expect(offset).toBe(frame.length);
    return { correlationId, errorCode, apis, throttleTimeMs };
  }
  expect(offset).toBe(frame.length);
  return { correlationId, errorCode, apis };
}

describe('Kafka listener: ApiVersions', () => {
  it.each([0, 1, 2, 3])('answers ApiVersions v%i with the matching body layout', async (version) => {
    const socket = await open();
    try {
      socket.write(apiVersionsRequest(version, 1000 + version));
      const [frame] = await readFrames(socket, 1);
      const decoded = decode(frame!, version);
      expect(decoded.correlationId).toBe(1000 + version);
      expect(decoded.errorCode).toBe(0);
      expect(decoded.apis).toContainEqual([18, 0, 3]);
      expect(decoded.apis).toContainEqual([0, 0, 9]);
      expect(decoded.apis).toContainEqual([3, 0, 12]);
      expect(decoded.apis.length).toBeGreaterThan(15);
      if (version >= 1) expect(decoded.throttleTimeMs).toBe(0);
    } finally {
      socket.destroy();
    }
  });

  it('answers an unsupported version with UNSUPPORTED_VERSION (35) in the v0 layout', async () => {
    const socket = await open();
    try {
      socket.write(apiVersionsRequest(4, 77));
      const [frame] = await readFrames(socket, 1);
      expect(decode(frame!, 0)).toEqual({ correlationId: 77, errorCode: 35, apis: [[18, 0, 3]] });
    } finally {
      socket.destroy();
    }
  });

  it('answers pipelined requests in order, split across writes', async () => {
    const socket = await open();
    try {
      const both = Buffer.concat([apiVersionsRequest(0, 1), apiVersionsRequest(3, 2)]);
      socket.write(both.subarray(0, 7));
      socket.write(both.subarray(7));
      const [first, second] = await readFrames(socket, 2);
      expect(decode(first!, 0).correlationId).toBe(1);
      expect(decode(second!, 3).correlationId).toBe(2);
    } finally {
      socket.destroy();
    }
  });

  it('closes the connection on an API it advertises but does not serve (Produce)', async () => {
    const socket = await open();
    const closed = new Promise<void>((resolve) =>
      socket.once('close', () => {
        resolve();
      }),
    );
    const produce = apiVersionsRequest(0, 5);
    produce.writeInt16BE(0, 4);
    socket.write(produce);
    await closed;
    expect(socket.destroyed).toBe(true);
  });
});
