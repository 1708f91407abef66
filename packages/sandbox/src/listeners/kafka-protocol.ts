// The server side of the Kafka wire protocol, as much as a client needs to connect, authenticate
// and read the cluster: ApiVersions (18), SaslHandshake (17), SaslAuthenticate (36), Metadata (3).
// Layouts from the Apache Kafka protocol guide (https://kafka.apache.org/protocol#protocol_messages)
// and the message definitions in apache/kafka `clients/src/main/resources/common/message/*.json`
// (ApiVersionsRequest/Response, SaslHandshakeRequest/Response, SaslAuthenticateRequest/Response,
// MetadataRequest/Response). Flexible versions (KIP-482) use compact types and tagged fields.

/** Kafka's api keys spoken here. */
export const API_KEYS = { metadata: 3, saslHandshake: 17, apiVersions: 18, saslAuthenticate: 36 } as const;
/** The ApiVersions versions the listener speaks. */
export const API_VERSIONS_MIN = 0;
export const API_VERSIONS_MAX = 3;

/** Kafka error codes (`org.apache.kafka.common.protocol.Errors`) the listener answers. */
export const KAFKA_ERRORS = {
  none: 0,
  unknownTopicOrPartition: 3,
  unsupportedSaslMechanism: 33,
  illegalSaslState: 34,
  unsupportedVersion: 35,
  saslAuthenticationFailed: 58,
} as const;
/** Kafka's UNSUPPORTED_VERSION error code. */
export const UNSUPPORTED_VERSION = KAFKA_ERRORS.unsupportedVersion;

/** One entry of an ApiVersions answer. */
export interface SupportedApi {
  readonly apiKey: number;
  readonly minVersion: number;
  readonly maxVersion: number;
}

/**
 * What the listener advertises: a Kafka 3.x broker's ranges for the common APIs. ApiVersions,
 * SaslHandshake, SaslAuthenticate and Metadata are answered; the others are advertised as a broker
 * does but close the connection when asked (the sandbox stores no records). SaslHandshake starts
 * at v1: v0 means the pre-KIP-152 flow of raw SASL tokens, which this listener does not speak.
 */
export const SUPPORTED_APIS: readonly SupportedApi[] = [
  { apiKey: 0, minVersion: 0, maxVersion: 9 }, // Produce
  { apiKey: 1, minVersion: 0, maxVersion: 13 }, // Fetch
  { apiKey: 2, minVersion: 0, maxVersion: 7 }, // ListOffsets
  { apiKey: API_KEYS.metadata, minVersion: 0, maxVersion: 12 }, // Metadata
  { apiKey: 8, minVersion: 0, maxVersion: 8 }, // OffsetCommit
  { apiKey: 9, minVersion: 0, maxVersion: 8 }, // OffsetFetch
  { apiKey: 10, minVersion: 0, maxVersion: 4 }, // FindCoordinator
  { apiKey: 11, minVersion: 0, maxVersion: 9 }, // JoinGroup
  { apiKey: 12, minVersion: 0, maxVersion: 4 }, // Heartbeat
  { apiKey: 13, minVersion: 0, maxVersion: 5 }, // LeaveGroup
  { apiKey: 14, minVersion: 0, maxVersion: 5 }, // SyncGroup
  { apiKey: 15, minVersion: 0, maxVersion: 5 }, // DescribeGroups
  { apiKey: 16, minVersion: 0, maxVersion: 4 }, // ListGroups
  { apiKey: API_KEYS.saslHandshake, minVersion: 1, maxVersion: 1 }, // SaslHandshake
  { apiKey: API_KEYS.apiVersions, minVersion: API_VERSIONS_MIN, maxVersion: API_VERSIONS_MAX }, // ApiVersions
  { apiKey: 19, minVersion: 0, maxVersion: 7 }, // CreateTopics
  { apiKey: 20, minVersion: 0, maxVersion: 6 }, // DeleteTopics
  { apiKey: 22, minVersion: 0, maxVersion: 4 }, // InitProducerId
  { apiKey: 32, minVersion: 0, maxVersion: 4 }, // DescribeConfigs
  { apiKey: API_KEYS.saslAuthenticate, minVersion: 0, maxVersion: 2 }, // SaslAuthenticate
  { apiKey: 37, minVersion: 0, maxVersion: 3 }, // CreatePartitions
  { apiKey: 60, minVersion: 0, maxVersion: 0 }, // DescribeCluster
];

/** Whether a request of this api and version uses the flexible (KIP-482) layout. */
export function isFlexible(apiKey: number, apiVersion: number): boolean {
  if (apiKey === API_KEYS.apiVersions) return apiVersion >= 3;
  if (apiKey === API_KEYS.metadata) return apiVersion >= 9;
  if (apiKey === API_KEYS.saslAuthenticate) return apiVersion >= 2;
  return false;
}

/** A malformed request: the listener closes the connection, as a broker does. */
export class KafkaRequestError extends RangeError {
  override readonly name = 'KafkaRequestError';
}

/** Reads Kafka's primitive types from a request payload; every overrun is a KafkaRequestError. */
export class KafkaReader {
  offset: number;
  readonly #buffer: Buffer;

  constructor(buffer: Buffer, offset = 0) {
    this.#buffer = buffer;
    this.offset = offset;
  }

  #need(bytes: number): void {
    if (bytes < 0 || this.offset + bytes > this.#buffer.length) throw new KafkaRequestError(`truncated request at byte ${this.offset}`);
  }

  int8(): number {
    this.#need(1);
    const value = this.#buffer.readInt8(this.offset);
    this.offset += 1;
    return value;
  }

  int16(): number {
    this.#need(2);
    const value = this.#buffer.readInt16BE(this.offset);
    this.offset += 2;
    return value;
  }

  int32(): number {
    this.#need(4);
    const value = this.#buffer.readInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  unsignedVarint(): number {
    let value = 0;
    for (let shift = 0; shift <= 28; shift += 7) {
      this.#need(1);
      const byte = this.#buffer.readUInt8(this.offset);
      this.offset += 1;
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
    }
    throw new KafkaRequestError('varint longer than 5 bytes');
  }

  bytes(length: number): Buffer {
    this.#need(length);
    const value = this.#buffer.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }

  /** STRING / NULLABLE_STRING, or COMPACT_(NULLABLE_)STRING when `compact`. */
  string(compact: boolean): string | null {
    const length = compact ? this.unsignedVarint() - 1 : this.int16();
    if (length < 0) return null;
    return this.bytes(length).toString('utf8');
  }

  /** BYTES, or COMPACT_BYTES when `compact`. */
  byteArray(compact: boolean): Buffer {
    const length = compact ? this.unsignedVarint() - 1 : this.int32();
    if (length < 0) throw new KafkaRequestError('null bytes where bytes are required');
    return this.bytes(length);
  }

  /** ARRAY / COMPACT_ARRAY; `null` for a null array (length -1). */
  array<T>(compact: boolean, item: (reader: KafkaReader) => T): T[] | null {
    const length = compact ? this.unsignedVarint() - 1 : this.int32();
    if (length < 0) return null;
    if (length > this.#buffer.length - this.offset) throw new KafkaRequestError(`array length ${length} does not fit the request`);
    const items: T[] = [];
    for (let index = 0; index < length; index += 1) items.push(item(this));
    return items;
  }

  taggedFields(): void {
    const count = this.unsignedVarint();
    for (let index = 0; index < count; index += 1) {
      this.unsignedVarint();
      this.bytes(this.unsignedVarint());
    }
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

/** Reads an unsigned varint at `offset`; returns the value and the next offset. */
export function readUnsignedVarint(buffer: Buffer, offset: number): { value: number; next: number } {
  const reader = new KafkaReader(buffer, offset);
  const value = reader.unsignedVarint();
  return { value, next: reader.offset };
}

/** Builds a response body from Kafka's primitive types. */
export class KafkaWriter {
  readonly #parts: Buffer[] = [];

  constructor(readonly compact: boolean) {}

  int16(value: number): this {
    const buffer = Buffer.alloc(2);
    buffer.writeInt16BE(value);
    this.#parts.push(buffer);
    return this;
  }

  int32(value: number): this {
    const buffer = Buffer.alloc(4);
    buffer.writeInt32BE(value);
    this.#parts.push(buffer);
    return this;
  }

  int64(value: bigint): this {
    const buffer = Buffer.alloc(8);
    buffer.writeBigInt64BE(value);
    this.#parts.push(buffer);
    return this;
  }

  boolean(value: boolean): this {
    this.#parts.push(Buffer.from([value ? 1 : 0]));
    return this;
  }

  raw(bytes: Buffer): this {
    this.#parts.push(bytes);
    return this;
  }

  string(value: string | null): this {
    if (value === null) return this.compact ? this.raw(unsignedVarint(0)) : this.int16(-1);
    const bytes = Buffer.from(value, 'utf8');
    return (this.compact ? this.raw(unsignedVarint(bytes.length + 1)) : this.int16(bytes.length)).raw(bytes);
  }

  byteArray(value: Buffer): this {
    return (this.compact ? this.raw(unsignedVarint(value.length + 1)) : this.int32(value.length)).raw(value);
  }

  array<T>(items: readonly T[], item: (writer: this, value: T) => void): this {
    if (this.compact) this.raw(unsignedVarint(items.length + 1));
    else this.int32(items.length);
    for (const value of items) item(this, value);
    return this;
  }

  /** An empty tag buffer, written only in flexible versions. */
  taggedFields(): this {
    return this.compact ? this.raw(unsignedVarint(0)) : this;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.#parts);
  }
}

/** The fields of a request header the listener needs. */
export interface RequestHeader {
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly clientId: string | null;
}

/**
 * Parses a request header: v1 (api key, version, correlation id, nullable client id — never a
 * compact string) and, for flexible versions, v2's tagged fields after it.
 */
export function parseRequestHeader(payload: Buffer): RequestHeader & { bodyOffset: number } {
  const reader = new KafkaReader(payload);
  const apiKey = reader.int16();
  const apiVersion = reader.int16();
  const correlationId = reader.int32();
  const clientId = reader.string(false);
  if (isFlexible(apiKey, apiVersion)) reader.taggedFields();
  return { apiKey, apiVersion, correlationId, clientId, bodyOffset: reader.offset };
}

/**
 * Frames a response: size, correlation id, then for flexible versions response header v1's tagged
 * fields. ApiVersions keeps header v0 in every version (a client reads it before it knows what
 * the broker speaks; KIP-511).
 */
export function frameResponse(header: RequestHeader, body: Buffer): Buffer {
  const flexibleHeader = header.apiKey !== API_KEYS.apiVersions && isFlexible(header.apiKey, header.apiVersion);
  const head = Buffer.alloc(4);
  head.writeInt32BE(header.correlationId);
  const payload = Buffer.concat(flexibleHeader ? [head, unsignedVarint(0), body] : [head, body]);
  const size = Buffer.alloc(4);
  size.writeInt32BE(payload.length);
  return Buffer.concat([size, payload]);
}

// ---- ApiVersions (KIP-35; v3: KIP-511) ---------------------------------------------------------

/** Reads the v3+ ApiVersions body (client software name and version). */
export function parseApiVersionsBody(payload: Buffer, offset: number): { clientSoftwareName: string; clientSoftwareVersion: string } {
  const reader = new KafkaReader(payload, offset);
  const clientSoftwareName = reader.string(true) ?? '';
  const clientSoftwareVersion = reader.string(true) ?? '';
  reader.taggedFields();
  return { clientSoftwareName, clientSoftwareVersion };
}

/**
 * Builds a framed ApiVersions response. An unsupported version gets error 35 with the v0 body
 * listing ApiVersions' own range, as Kafka does (KIP-511).
 */
export function buildApiVersionsResponse(header: RequestHeader): Buffer {
  const unsupported = header.apiVersion < API_VERSIONS_MIN || header.apiVersion > API_VERSIONS_MAX;
  const version = unsupported ? 0 : header.apiVersion;
  const apis = unsupported ? SUPPORTED_APIS.filter((api) => api.apiKey === API_KEYS.apiVersions) : SUPPORTED_APIS;
  const writer = new KafkaWriter(version >= 3);
  writer.int16(unsupported ? UNSUPPORTED_VERSION : 0);
  writer.array(apis, (w, api) => w.int16(api.apiKey).int16(api.minVersion).int16(api.maxVersion).taggedFields());
  if (version >= 1) writer.int32(0);
  writer.taggedFields();
  return frameResponse(header, writer.toBuffer());
}

// ---- SaslHandshake (KIP-43; v1: KIP-152) -------------------------------------------------------

/** Reads the mechanism a SaslHandshake asks for. */
export function parseSaslHandshakeBody(payload: Buffer, offset: number): string {
  return new KafkaReader(payload, offset).string(false) ?? '';
}

/** Builds a framed SaslHandshake response: error code and the enabled mechanisms. */
export function buildSaslHandshakeResponse(header: RequestHeader, errorCode: number, mechanisms: readonly string[]): Buffer {
  const writer = new KafkaWriter(false).int16(errorCode).array(mechanisms, (w, mechanism) => w.string(mechanism));
  return frameResponse(header, writer.toBuffer());
}

// ---- SaslAuthenticate (KIP-152; v1: KIP-368 session lifetime; v2 flexible) ---------------------

/** Reads the SASL token of a SaslAuthenticate request. */
export function parseSaslAuthenticateBody(payload: Buffer, offset: number, apiVersion: number): Buffer {
  return new KafkaReader(payload, offset).byteArray(apiVersion >= 2);
}

/** Builds a framed SaslAuthenticate response. */
export function buildSaslAuthenticateResponse(header: RequestHeader, answer: { errorCode: number; errorMessage: string | null; authBytes: Buffer }): Buffer {
  const writer = new KafkaWriter(header.apiVersion >= 2).int16(answer.errorCode).string(answer.errorMessage).byteArray(answer.authBytes);
  // 0: no re-authentication required (KIP-368).
  if (header.apiVersion >= 1) writer.int64(0n);
  writer.taggedFields();
  return frameResponse(header, writer.toBuffer());
}

// ---- Metadata ----------------------------------------------------------------------------------

/** What the listener reports about its cluster. */
export interface KafkaClusterDescription {
  readonly clusterId: string;
  readonly controllerId: number;
  readonly brokers: readonly { readonly nodeId: number; readonly host: string; readonly port: number; readonly rack: string | null }[];
}

/**
 * Reads the topic names a Metadata request asks for: `null` = every topic (v1+ null array; v0's
 * empty array), `[]` = none. v10+ name topics by id or name; v4+ add allow_auto_topic_creation,
 * v8–v10 include_cluster_authorized_operations, v8+ include_topic_authorized_operations.
 */
export function parseMetadataBody(payload: Buffer, offset: number, apiVersion: number): string[] | null {
  const compact = apiVersion >= 9;
  const reader = new KafkaReader(payload, offset);
  const topics = reader.array(compact, (r) => {
    if (apiVersion >= 10) r.bytes(16);
    const name = r.string(compact);
    if (compact) r.taggedFields();
    return name;
  });
  if (apiVersion >= 4) reader.int8();
  if (apiVersion >= 8 && apiVersion <= 10) reader.int8();
  if (apiVersion >= 8) reader.int8();
  if (compact) reader.taggedFields();
  if (topics === null || (apiVersion === 0 && topics.length === 0)) return null;
  return topics.filter((name): name is string => name !== null);
}

const ZERO_UUID = Buffer.alloc(16);

/**
 * Builds a framed Metadata response for a cluster without topics: every topic asked for is
 * UNKNOWN_TOPIC_OR_PARTITION (3) with no partitions. Fields by version as MetadataResponse.json:
 * rack and controller_id (v1+), is_internal (v1+), cluster_id (v2+), throttle_time_ms (v3+),
 * topic_id (v10+), topic_authorized_operations (v8+), cluster_authorized_operations (v8–v10).
 */
export function buildMetadataResponse(header: RequestHeader, cluster: KafkaClusterDescription, topics: readonly string[]): Buffer {
  const version = header.apiVersion;
  const writer = new KafkaWriter(version >= 9);
  if (version >= 3) writer.int32(0);
  writer.array(cluster.brokers, (w, broker) => {
    w.int32(broker.nodeId).string(broker.host).int32(broker.port);
    if (version >= 1) w.string(broker.rack);
    w.taggedFields();
  });
  if (version >= 2) writer.string(cluster.clusterId);
  if (version >= 1) writer.int32(cluster.controllerId);
  writer.array(topics, (w, name) => {
    w.int16(KAFKA_ERRORS.unknownTopicOrPartition).string(name);
    if (version >= 10) w.raw(ZERO_UUID);
    if (version >= 1) w.boolean(false);
    w.array([], () => undefined);
    // -2147483648: authorized operations not requested (KIP-430).
    if (version >= 8) w.int32(-2_147_483_648);
    w.taggedFields();
  });
  if (version >= 8 && version <= 10) writer.int32(-2_147_483_648);
  writer.taggedFields();
  return frameResponse(header, writer.toBuffer());
}
