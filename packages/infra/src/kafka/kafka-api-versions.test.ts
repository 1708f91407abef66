import { describe, expect, it } from 'vitest';
import { buildAnswer } from '../test-support/fake-kafka-broker.js';
import { decodeApiVersionsResponse, encodeApiVersionsRequest, encodeUnsignedVarint, KafkaDecodeError, KafkaFrameReader, UNSUPPORTED_VERSION } from './kafka-api-versions.js';

function hex(buffer: Buffer): string {
  return buffer.toString('hex').replace(/(..)/g, '$1 ').trim();
}

function payloadOf(frame: Buffer): Buffer {
  return frame.subarray(4);
}

describe('encodeUnsignedVarint', () => {
  it.each([
    [0, '00'],
    [1, '01'],
    [127, '7f'],
    [128, '80 01'],
    [300, 'ac 02'],
    [2 ** 28, '80 80 80 80 01'],
    [0xffff_ffff, 'ff ff ff ff 0f'],
  ])('encodes %i as %s', (value, expected) => {
    expect(hex(encodeUnsignedVarint(value))).toBe(expected);
  });

  it('refuses negative and fractional values', () => {
    expect(() => encodeUnsignedVarint(-1)).toThrow(RangeError);
    expect(() => encodeUnsignedVarint(1.5)).toThrow(RangeError);
  });
});

describe('encodeApiVersionsRequest', () => {
  it('encodes v0 as request header v1 with an empty body', () => {
    const frame = encodeApiVersionsRequest({ version: 0, correlationId: 7, clientId: 'ab' });
    // size 12 | api key 18 | version 0 | correlation 7 | client id "ab"
    expect(hex(frame)).toBe('00 00 00 0c 00 12 00 00 00 00 00 07 00 02 61 62');
  });

  it('encodes a null client id as length -1', () => {
    const frame = encodeApiVersionsRequest({ version: 2, correlationId: 1, clientId: null });
    expect(hex(frame)).toBe('00 00 00 0a 00 12 00 02 00 00 00 01 ff ff');
  });

  it('encodes v3 as request header v2 (non-compact client id, tagged fields) and a flexible body', () => {
    const frame = encodeApiVersionsRequest({ version: 3, correlationId: 2, clientId: 'x', clientSoftwareName: 'x-infra', clientSoftwareVersion: '0.1.0' });
    expect(hex(frame)).toBe(
      [
        '00 00 00 1b', // size 27
        '00 12 00 03 00 00 00 02', // api key 18, version 3, correlation 2
        '00 01 78', // client id "x" (int16 length)
        '00', // header tagged fields
        '08 78 2d 69 6e 66 72 61', // compact string "x-infra" (length + 1)
        '06 30 2e 31 2e 30', // compact string "0.1.0"
        '00', // body tagged fields
      ].join(' '),
    );
    expect(frame.readInt32BE(0)).toBe(frame.length - 4);
  });
});

describe('decodeApiVersionsResponse', () => {
  it('decodes a v3 body: compact array with per-entry tags, throttle time, trailing tagged fields', () => {
    const response = decodeApiVersionsResponse(payloadOf(buildAnswer(9, 3, 0)), 3);
    expect(response).toEqual({
      correlationId: 9,
      errorCode: 0,
      bodyVersion: 3,
      throttleTimeMs: 0,
      apis: [
        { apiKey: 0, name: 'Produce', minVersion: 0, maxVersion: 6 },
        { apiKey: 1, name: 'Fetch', minVersion: 0, maxVersion: 8 },
        { apiKey: 3, name: 'Metadata', minVersion: 0, maxVersion: 6 },
        { apiKey: 18, name: 'ApiVersions', minVersion: 0, maxVersion: 2 },
      ],
    });
  });

  it('decodes v0 (no throttle time) and v1/v2 (throttle time)', () => {
    expect(decodeApiVersionsResponse(payloadOf(buildAnswer(1, 0, 0)), 0)).toMatchObject({ bodyVersion: 0, throttleTimeMs: undefined, apis: { length: 4 } });
    expect(decodeApiVersionsResponse(payloadOf(buildAnswer(1, 1, 0)), 1)).toMatchObject({ bodyVersion: 1, throttleTimeMs: 0 });
    expect(decodeApiVersionsResponse(payloadOf(buildAnswer(1, 2, 0)), 2)).toMatchObject({ bodyVersion: 2, throttleTimeMs: 0 });
  });

  it('reads an UNSUPPORTED_VERSION answer to a v3 request as a v0 body', () => {
    const response = decodeApiVersionsResponse(payloadOf(buildAnswer(4, 0, UNSUPPORTED_VERSION, [[18, 0, 2]])), 3);
    expect(response).toEqual({ correlationId: 4, errorCode: 35, bodyVersion: 0, throttleTimeMs: undefined, apis: [{ apiKey: 18, name: 'ApiVersions', minVersion: 0, maxVersion: 2 }] });
  });

  it('names unknown api keys undefined', () => {
    const response = decodeApiVersionsResponse(payloadOf(buildAnswer(1, 0, 0, [[999, 0, 1]])), 0);
    expect(response.apis[0]).toEqual({ apiKey: 999, name: undefined, minVersion: 0, maxVersion: 1 });
  });

  it('refuses truncated answers', () => {
    const payload = payloadOf(buildAnswer(1, 3, 0));
    for (const length of [0, 3, 5, 7, 12, payload.length - 6]) {
      expect(() => decodeApiVersionsResponse(payload.subarray(0, length), 3), `length ${length}`).toThrow(KafkaDecodeError);
    }
  });

  it('refuses an array length that cannot fit the frame (no large allocation)', () => {
    const v0 = Buffer.from('00000001' + '0000' + '7fffffff', 'hex');
    expect(() => decodeApiVersionsResponse(v0, 0)).toThrow(/does not fit/);
    const v3 = Buffer.from('00000001' + '0000' + 'ffffffff0f', 'hex');
    expect(() => decodeApiVersionsResponse(v3, 3)).toThrow(/does not fit/);
    const nullArray = Buffer.from('00000001' + '0000' + 'ffffffff', 'hex');
    expect(() => decodeApiVersionsResponse(nullArray, 0)).toThrow(/does not fit/);
  });

  it('refuses an inverted version range', () => {
    expect(() => decodeApiVersionsResponse(payloadOf(buildAnswer(1, 0, 0, [[1, 5, 2]])), 0)).toThrow(/not a version range/);
  });

  it('refuses an over-long varint', () => {
    const payload = Buffer.from('00000001' + '0000' + 'ffffffffff01', 'hex');
    expect(() => decodeApiVersionsResponse(payload, 3)).toThrow(/longer than 5 bytes/);
  });
});

describe('KafkaFrameReader', () => {
  it('assembles a frame from chunks and keeps what follows', () => {
    const reader = new KafkaFrameReader();
    const frame = buildAnswer(3, 0, 0);
    const twice = Buffer.concat([frame, frame]);
    expect(reader.push(twice.subarray(0, 2))).toBeUndefined();
    expect(reader.push(twice.subarray(2, 10))).toBeUndefined();
    const first = reader.push(twice.subarray(10));
    expect(first?.equals(frame.subarray(4))).toBe(true);
    expect(reader.buffered).toBe(frame.length);
    expect(reader.push(Buffer.alloc(0))?.equals(frame.subarray(4))).toBe(true);
  });

  it('refuses a declared size over the cap as soon as the size arrives', () => {
    const reader = new KafkaFrameReader(1024);
    expect(() => reader.push(Buffer.from('HTTP/1.1 400 Bad Request\r\n'))).toThrow(/frame size 1213486160 is outside 4\.\.1024/);
    expect(() => new KafkaFrameReader(1024).push(Buffer.from([0, 0, 4, 1]))).toThrow(KafkaDecodeError);
  });

  it('refuses negative and too small sizes', () => {
    expect(() => new KafkaFrameReader().push(Buffer.from([0xff, 0xff, 0xff, 0xff]))).toThrow(/-1/);
    expect(() => new KafkaFrameReader().push(Buffer.from([0, 0, 0, 2, 0, 0]))).toThrow(/frame size 2/);
  });
});
