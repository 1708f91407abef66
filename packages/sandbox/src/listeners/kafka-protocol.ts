/** Kafka's api key of ApiVersions. */
export const API_VERSIONS_KEY = 18;
/** The ApiVersions versions the listener speaks. */
export const API_VERSIONS_MIN = 0;
export const API_VERSIONS_MAX = 3;
/** Kafka's UNSUPPORTED_VERSION error code. */
export const UNSUPPORTED_VERSION = 35;

/** One entry of an ApiVersions answer. */
export interface SupportedApi {
  readonly apiKey: number;
  readonly minVersion: number;
  readonly maxVersion: number;
}

/** What a Kafka 3.x broker advertises for the common APIs (ApiVersions limited to what we speak). */
export const SUPPORTED_APIS: readonly SupportedApi[] = [
  { apiKey: 0, minVersion: 0, maxVersion: 9 }, // Produce
  { apiKey: 1, minVersion: 0, maxVersion: 13 }, // Fetch
  { apiKey: 2, minVersion: 0, maxVersion: 7 }, // ListOffsets
  { apiKey: 3, minVersion: 0, maxVersion: 12 }, // Metadata
  { apiKey: 8, minVersion: 0, maxVersion: 8 }, // OffsetCommit
  { apiKey: 9, minVersion: 0, maxVersion: 8 }, // OffsetFetch
  { apiKey: 10, minVersion: 0, maxVersion: 4 }, // FindCoordinator
  { apiKey: 11, minVersion: 0, maxVersion: 9 }, // JoinGroup
  { apiKey: 12, minVersion: 0, maxVersion: 4 }, // Heartbeat
  { apiKey: 13, minVersion: 0, maxVersion: 5 }, // LeaveGroup
  { apiKey: 14, minVersion: 0, maxVersion: 5 }, // SyncGroup
  { apiKey: 15, minVersion: 0, maxVersion: 5 }, // DescribeGroups
  { apiKey: 16, minVersion: 0, maxVersion: 4 }, // ListGroups
  { apiKey: 17, minVersion: 0, maxVersion: 1 }, // SaslHandshake
  { apiKey: API_VERSIONS_KEY, minVersion: API_VERSIONS_MIN, maxVersion: API_VERSIONS_MAX }, // ApiVersions
  { apiKey: 19, minVersion: 0, maxVersion: 7 }, // CreateTopics
  { apiKey: 20, minVersion: 0, maxVersion: 6 }, // DeleteTopics
  { apiKey: 22, minVersion: 0, maxVersion: 4 }, // InitProducerId
  { apiKey: 32, minVersion: 0, maxVersion: 4 }, // DescribeConfigs
  { apiKey: 36, minVersion: 0, maxVersion: 2 }, // SaslAuthenticate
  { apiKey: 37, minVersion: 0, maxVersion: 3 }, // CreatePartitions
  { apiKey: 60, minVersion: 0, maxVersion: 0 }, // DescribeCluster
];

/** The fields of a request header the listener needs. */
export interface RequestHeader {
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly clientId: string | null;
}

/** Reads an unsigned varint at `offset`; returns the value and the next offset. */
export function readUnsignedVarint(buffer: Buffer, offset: number): { value: number; next: number } {
  let value = 0;
  let shift = 0;
  let position = offset;
  for (;;) {
    if (position >= buffer.length) throw new RangeError('truncated varint');
    const byte = buffer.readUInt8(position);
    position += 1;
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return { value, next: position };
    shift += 7;
    if (shift > 28) throw new RangeError('varint too long');
  }
}

/** Encodes an unsigned varint. */
export function unsignedVarint(value: number): Buffer {
  const bytes: number[] = [];
  let remaining = value;
  while (remaining >= 0x80) {
    bytes.push((remaining & 0x7f) | 0x80);
    remaining = Math.floor(remaining / 128);
  }
  bytes.push(remaining);
  return Buffer.from(bytes);
}

function skipTaggedFields(buffer: Buffer, offset: number): number {
  const count = readUnsignedVarint(buffer, offset);
  let position = count.next;
  for (let index = 0; index < count.value; index += 1) {
    const tag = readUnsignedVarint(buffer, position);
    const size = readUnsignedVarint(buffer, tag.next);
    position = size.next + size.value;
  }
  return position;
}

/**
 * Parses a request header: v1 (api key, version, correlation id, nullable client id) and, for
 * flexible versions (ApiVersions >= 3), v2's tagged fields after it.
 */
export function parseRequestHeader(payload: Buffer): RequestHeader & { bodyOffset: number } {
  const apiKey = payload.readInt16BE(0);
  const apiVersion = payload.readInt16BE(2);
  const correlationId = payload.readInt32BE(4);
  const clientIdLength = payload.readInt16BE(8);
  const clientId = clientIdLength < 0 ? null : payload.toString('utf8', 10, 10 + clientIdLength);
  let bodyOffset = 10 + Math.max(0, clientIdLength);
  if (apiKey === API_VERSIONS_KEY && apiVersion >= 3) bodyOffset = skipTaggedFields(payload, bodyOffset);
  return { apiKey, apiVersion, correlationId, clientId, bodyOffset };
}

/** Reads the v3+ ApiVersions body (client software name and version). */
export function parseApiVersionsBody(payload: Buffer, offset: number): { clientSoftwareName: string; clientSoftwareVersion: string } {
  const readCompactString = (at: number): { value: string; next: number } => {
    const length = readUnsignedVarint(payload, at);
    const size = Math.max(0, length.value - 1);
    return { value: payload.toString('utf8', length.next, length.next + size), next: length.next + size };
  };
  const name = readCompactString(offset);
  const version = readCompactString(name.next);
  return { clientSoftwareName: name.value, clientSoftwareVersion: version.value };
}

function int16(value: number): Buffer {
  const buffer = Buffer.alloc(2);
  buffer.writeInt16BE(value);
  return buffer;
}

function int32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32BE(value);
  return buffer;
}

/**
 * Builds a framed ApiVersions response. The response header is always v0 (correlation id only),
 * even for the flexible v3 body: clients must parse it before they know the broker's versions.
 * An unsupported version gets error 35 with the v0 body listing ApiVersions' own range, as Kafka does.
 */
export function buildApiVersionsResponse(header: RequestHeader): Buffer {
  const unsupported = header.apiVersion < API_VERSIONS_MIN || header.apiVersion > API_VERSIONS_MAX;
  const version = unsupported ? 0 : header.apiVersion;
  const apis = unsupported ? SUPPORTED_APIS.filter((api) => api.apiKey === API_VERSIONS_KEY) : SUPPORTED_APIS;
  const parts: Buffer[] = [int32(header.correlationId), int16(unsupported ? UNSUPPORTED_VERSION : 0)];
  if (version >= 3) {
    parts.push(unsignedVarint(apis.length + 1));
    for (const api of apis) parts.push(int16(api.apiKey), int16(api.minVersion), int16(api.maxVersion), unsignedVarint(0));
    parts.push(int32(0), unsignedVarint(0));
  } else {
    parts.push(int32(apis.length));
    for (const api of apis) parts.push(int16(api.apiKey), int16(api.minVersion), int16(api.maxVersion));
    if (version >= 1) parts.push(int32(0));
  }
  const payload = Buffer.concat(parts);
  return Buffer.concat([int32(payload.length), payload]);
}
