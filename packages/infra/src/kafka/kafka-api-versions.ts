// A minimal codec for Kafka's ApiVersions exchange (api key 18), enough for a connectivity probe.
// kafkajs is unmaintained and the maintained clients do not expose a raw ApiVersions call, so the
// probe speaks the wire protocol itself: https://kafka.apache.org/protocol#The_Messages_ApiVersions

/** Kafka's api key of ApiVersions. */
export const API_VERSIONS_KEY = 18;
/** Kafka's error code UNSUPPORTED_VERSION: the broker does not speak the requested version. */
export const UNSUPPORTED_VERSION = 35;
/** The ApiVersions versions this codec speaks. */
export type ApiVersionsVersion = 0 | 1 | 2 | 3;
/**
 * The largest response frame read. A broker's ApiVersions answer is a few hundred bytes; a bigger
 * size means the peer does not speak Kafka (`HTTP` read as a size is 1.2 GB), and reading it
 * would let a hostile peer exhaust memory.
 */
export const DEFAULT_MAX_FRAME_BYTES = 1_048_576;

/** A malformed or unexpected frame; the probe reports it as a `protocol` failure. */
export class KafkaDecodeError extends RangeError {
  override readonly name = 'KafkaDecodeError';
}

/** Names of Kafka's api keys, for readable probe results. */
export const KAFKA_API_NAMES: Readonly<Record<number, string>> = {
  0: 'Produce', 1: 'Fetch', 2: 'ListOffsets', 3: 'Metadata', 4: 'LeaderAndIsr', 5: 'StopReplica', 6: 'UpdateMetadata',
  7: 'ControlledShutdown', 8: 'OffsetCommit', 9: 'OffsetFetch', 10: 'FindCoordinator', 11: 'JoinGroup', 12: 'Heartbeat',
  13: 'LeaveGroup', 14: 'SyncGroup', 15: 'DescribeGroups', 16: 'ListGroups', 17: 'SaslHandshake', 18: 'ApiVersions',
  19: 'CreateTopics', 20: 'DeleteTopics', 21: 'DeleteRecords', 22: 'InitProducerId', 23: 'OffsetForLeaderEpoch',
  24: 'AddPartitionsToTxn', 25: 'AddOffsetsToTxn', 26: 'EndTxn', 27: 'WriteTxnMarkers', 28: 'TxnOffsetCommit',
  29: 'DescribeAcls', 30: 'CreateAcls', 31: 'DeleteAcls', 32: 'DescribeConfigs', 33: 'AlterConfigs',
  34: 'AlterReplicaLogDirs', 35: 'DescribeLogDirs', 36: 'SaslAuthenticate', 37: 'CreatePartitions',
  38: 'CreateDelegationToken', 39: 'RenewDelegationToken', 40: 'ExpireDelegationToken', 41: 'DescribeDelegationToken',
  42: 'DeleteGroups', 43: 'ElectLeaders', 44: 'IncrementalAlterConfigs', 45: 'AlterPartitionReassignments',
  46: 'ListPartitionReassignments', 47: 'OffsetDelete', 48: 'DescribeClientQuotas', 49: 'AlterClientQuotas',
  50: 'DescribeUserScramCredentials', 51: 'AlterUserScramCredentials', 52: 'Vote', 53: 'BeginQuorumEpoch',
  54: 'EndQuorumEpoch', 55: 'DescribeQuorum', 56: 'AlterPartition', 57: 'UpdateFeatures', 58: 'Envelope',
  59: 'FetchSnapshot', 60: 'DescribeCluster', 61: 'DescribeProducers', 62: 'BrokerRegistration', 63: 'BrokerHeartbeat',
  64: 'UnregisterBroker', 65: 'DescribeTransactions', 66: 'ListTransactions', 67: 'AllocateProducerIds',
  68: 'ConsumerGroupHeartbeat', 69: 'ConsumerGroupDescribe', 70: 'ControllerRegistration', 71: 'GetTelemetrySubscriptions',
  72: 'PushTelemetry', 73: 'AssignReplicasToDirs', 74: 'ListClientMetricsResources', 75: 'DescribeTopicPartitions',
};

/** One api a broker supports, and its version range. */
export interface KafkaApiVersionRange {
  readonly apiKey: number;
  /** The api's name, when known. */
  readonly name: string | undefined;
  readonly minVersion: number;
  readonly maxVersion: number;
}

/** A decoded ApiVersions response. */
export interface ApiVersionsResponse {
  readonly correlationId: number;
  /** 0 on success; 35 (UNSUPPORTED_VERSION) asks for an older request version. */
  readonly errorCode: number;
  /** The version the body was decoded as (an UNSUPPORTED_VERSION answer is always v0). */
  readonly bodyVersion: ApiVersionsVersion;
  readonly apis: readonly KafkaApiVersionRange[];
  /** v1+ only. */
  readonly throttleTimeMs: number | undefined;
}

/** What goes into an ApiVersions request. */
export interface ApiVersionsRequest {
  readonly version: ApiVersionsVersion;
  readonly correlationId: number;
  /** The request header's client id; `null` sends a null string. */
  readonly clientId: string | null;
  /** v3+: must match `[a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?` or the broker answers INVALID_REQUEST. */
  readonly clientSoftwareName?: string | undefined;
  /** v3+: same pattern as the name. */
  readonly clientSoftwareVersion?: string | undefined;
}

// ---- primitives -------------------------------------------------------------------------------

/** Encodes an unsigned varint (Kafka's flexible-version lengths and tag counts). */
export function encodeUnsignedVarint(value: number): Buffer {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff_ffff) throw new RangeError(`varint out of range: ${value}`);
  const bytes: number[] = [];
  let remaining = value;
  while (remaining >= 0x80) {
    bytes.push((remaining % 0x80) | 0x80);
    remaining = Math.floor(remaining / 0x80);
  }
  bytes.push(remaining);
  return Buffer.from(bytes);
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

function nullableString(value: string | null): Buffer {
  if (value === null) return int16(-1);
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length > 0x7fff) throw new RangeError('string too long');
  return Buffer.concat([int16(bytes.length), bytes]);
}

function compactString(value: string): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  return Buffer.concat([encodeUnsignedVarint(bytes.length + 1), bytes]);
}

const emptyTaggedFields = encodeUnsignedVarint(0);

/** Reads a bounded, big-endian buffer; every overrun is a KafkaDecodeError. */
class Reader {
  #offset = 0;
  readonly #buffer: Buffer;

  constructor(buffer: Buffer) {
    this.#buffer = buffer;
  }

  get remaining(): number {
    return this.#buffer.length - this.#offset;
  }

  #need(bytes: number, what: string): void {
    if (this.remaining < bytes) throw new KafkaDecodeError(`truncated response: ${what} needs ${bytes} bytes, ${this.remaining} left`);
  }

  int16(what: string): number {
    this.#need(2, what);
    const value = this.#buffer.readInt16BE(this.#offset);
    this.#offset += 2;
    return value;
  }

  int32(what: string): number {
    this.#need(4, what);
    const value = this.#buffer.readInt32BE(this.#offset);
    this.#offset += 4;
    return value;
  }

  unsignedVarint(what: string): number {
    let value = 0;
    for (let shift = 0; shift <= 28; shift += 7) {
      this.#need(1, what);
      const byte = this.#buffer.readUInt8(this.#offset);
      this.#offset += 1;
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
    }
    throw new KafkaDecodeError(`${what}: varint longer than 5 bytes`);
  }

  skip(bytes: number, what: string): void {
    this.#need(bytes, what);
    this.#offset += bytes;
  }

  skipTaggedFields(what: string): void {
    const count = this.unsignedVarint(`${what} tag count`);
    for (let index = 0; index < count; index += 1) {
      this.unsignedVarint(`${what} tag`);
      const size = this.unsignedVarint(`${what} tag size`);
      this.skip(size, `${what} tag value`);
    }
  }
}

// ---- request ----------------------------------------------------------------------------------

/**
 * Encodes a framed (size-prefixed) ApiVersions request. v0–v2 use request header v1 (api key,
 * version, correlation id, nullable client id) and an empty body; v3 is flexible: request header
 * v2 adds tagged fields after the (still non-compact) client id, and the body carries compact
 * strings `client_software_name` / `client_software_version` and its own tagged fields.
 */
export function encodeApiVersionsRequest(request: ApiVersionsRequest): Buffer {
  const parts: Buffer[] = [int16(API_VERSIONS_KEY), int16(request.version), int32(request.correlationId), nullableString(request.clientId)];
  if (request.version >= 3) {
    parts.push(emptyTaggedFields, compactString(request.clientSoftwareName ?? ''), compactString(request.clientSoftwareVersion ?? ''), emptyTaggedFields);
  }
  const payload = Buffer.concat(parts);
  return Buffer.concat([int32(payload.length), payload]);
}

// ---- response ---------------------------------------------------------------------------------

function readApi(reader: Reader, index: number): KafkaApiVersionRange {
  const apiKey = reader.int16(`api_keys[${index}].api_key`);
  const minVersion = reader.int16(`api_keys[${index}].min_version`);
  const maxVersion = reader.int16(`api_keys[${index}].max_version`);
  if (apiKey < 0 || minVersion < 0 || maxVersion < minVersion) throw new KafkaDecodeError(`api_keys[${index}] is not a version range: ${apiKey} ${minVersion}..${maxVersion}`);
  return { apiKey, name: KAFKA_API_NAMES[apiKey], minVersion, maxVersion };
}

/**
 * Decodes an ApiVersions response payload (the frame without its size). The response header is
 * v0 (correlation id only) for every version, v3 included, because a client must read it before
 * it knows what the broker speaks. The body follows the requested version, except that an
 * UNSUPPORTED_VERSION answer is always a v0 body. Throws KafkaDecodeError on anything malformed.
 */
export function decodeApiVersionsResponse(payload: Buffer, requestedVersion: ApiVersionsVersion): ApiVersionsResponse {
  const reader = new Reader(payload);
  const correlationId = reader.int32('correlation_id');
  const errorCode = reader.int16('error_code');
  const bodyVersion: ApiVersionsVersion = errorCode === UNSUPPORTED_VERSION ? 0 : requestedVersion;
  const apis: KafkaApiVersionRange[] = [];
  if (bodyVersion >= 3) {
    const encodedLength = reader.unsignedVarint('api_keys length');
    const count = encodedLength - 1;
    // 7 bytes per entry at least (three int16 and an empty tag buffer): a larger count is a lie.
    if (count < 0 || count * 7 > reader.remaining) throw new KafkaDecodeError(`api_keys length ${count} does not fit the frame`);
    for (let index = 0; index < count; index += 1) {
      apis.push(readApi(reader, index));
      reader.skipTaggedFields(`api_keys[${index}]`);
    }
  } else {
    const count = reader.int32('api_keys length');
    if (count < 0 || count * 6 > reader.remaining) throw new KafkaDecodeError(`api_keys length ${count} does not fit the frame`);
    for (let index = 0; index < count; index += 1) apis.push(readApi(reader, index));
  }
  const throttleTimeMs = bodyVersion >= 1 ? reader.int32('throttle_time_ms') : undefined;
  // v3's trailing tagged fields (supported/finalized features) are not needed for a probe.
  if (bodyVersion >= 3) reader.skipTaggedFields('response');
  return { correlationId, errorCode, bodyVersion, apis, throttleTimeMs };
}

/**
 * Collects the bytes of one size-prefixed frame from a stream of chunks. Refuses a declared size
 * outside 4..`maxFrameBytes` as soon as the four size bytes arrive, so nothing large is buffered.
 */
export class KafkaFrameReader {
  #pending: Buffer = Buffer.alloc(0);
  readonly #maxFrameBytes: number;

  constructor(maxFrameBytes = DEFAULT_MAX_FRAME_BYTES) {
    this.#maxFrameBytes = maxFrameBytes;
  }

  /** Adds a chunk; returns a complete frame's payload (without the size) once there is one. */
  push(chunk: Buffer): Buffer | undefined {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    if (this.#pending.length < 4) return undefined;
    const size = this.#pending.readInt32BE(0);
    // 4 bytes: a response is at least a correlation id.
    if (size < 4 || size > this.#maxFrameBytes) {
      throw new KafkaDecodeError(`frame size ${size} is outside 4..${this.#maxFrameBytes}: the peer does not speak Kafka`);
    }
    if (this.#pending.length < 4 + size) return undefined;
    const frame = this.#pending.subarray(4, 4 + size);
    this.#pending = this.#pending.subarray(4 + size);
    return frame;
  }

  /** Bytes received but not yet part of a returned frame. */
  get buffered(): number {
    return this.#pending.length;
  }
}
