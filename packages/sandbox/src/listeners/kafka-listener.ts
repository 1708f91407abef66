// A Kafka broker for connecting clients: ApiVersions, SaslHandshake, SaslAuthenticate, Metadata.
// Sources: the Apache Kafka protocol guide (https://kafka.apache.org/protocol, "SASL
// Authentication Sequence"), KIP-35 (ApiVersions), KIP-43 (SaslHandshake), KIP-152
// (SaslAuthenticate), KIP-511 (ApiVersions v3), and the broker's own state machine in apache/kafka
// `SaslServerAuthenticator` (which requests it allows before authentication, and when it closes).
import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import { closeServer, listen } from './listen.js';
import {
  API_KEYS,
  buildApiVersionsResponse,
  buildMetadataResponse,
  buildSaslAuthenticateResponse,
  buildSaslHandshakeResponse,
  KAFKA_ERRORS,
  parseApiVersionsBody,
  parseMetadataBody,
  parseRequestHeader,
  parseSaslAuthenticateBody,
  parseSaslHandshakeBody,
  SUPPORTED_APIS,
} from './kafka-protocol.js';
import type { KafkaClusterDescription, RequestHeader } from './kafka-protocol.js';
import { createSaslServer, SANDBOX_KAFKA_SASL_MECHANISMS } from './kafka-sasl.js';
import type { SandboxKafkaSaslMechanism, SaslServer } from './kafka-sasl.js';

/** A running Kafka listener. */
export interface KafkaListener {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

/** SASL settings of the listener. */
export interface KafkaListenerSasl {
  /** `true`: a `SASL_PLAINTEXT` listener; `false`: `PLAINTEXT` (SaslHandshake is ILLEGAL_SASL_STATE). */
  readonly required: boolean;
  readonly mechanisms: readonly SandboxKafkaSaslMechanism[];
  /** User name → password. */
  readonly users: ReadonlyMap<string, string>;
}

/** Options of {@link startKafkaListener}. */
export interface KafkaListenerOptions {
  readonly host: string;
  readonly sasl?: KafkaListenerSasl | undefined;
}

/** The cluster id the listener reports (Kafka's form: 16 bytes, URL-safe base64 without padding). */
export const SANDBOX_KAFKA_CLUSTER_ID = 'c2FuZGJveC1rYWZrYS0xAA';
/** The node id of the listener's only broker, which is also the controller. */
export const SANDBOX_KAFKA_NODE_ID = 1;

/** The largest frame the listener accepts; a bigger size means the peer does not speak Kafka. */
const MAX_FRAME_BYTES = 1_048_576;

const supported = new Map(SUPPORTED_APIS.map((api) => [api.apiKey, api]));

type Phase =
  // SaslServerAuthenticator: ApiVersions and SaslHandshake only, anything else closes.
  | { readonly name: 'handshake' }
  // After a successful SaslHandshake v1: SaslAuthenticate only.
  | { readonly name: 'authenticate'; readonly server: SaslServer }
  | { readonly name: 'ready' };

interface Answer {
  readonly frame?: Buffer | undefined;
  /** Close after writing `frame` (Kafka closes after a failed authentication). */
  readonly close?: boolean | undefined;
}

function inRange(header: RequestHeader): boolean {
  const api = supported.get(header.apiKey);
  return api !== undefined && header.apiVersion >= api.minVersion && header.apiVersion <= api.maxVersion;
}

function handle(
  payload: Buffer,
  header: RequestHeader & { bodyOffset: number },
  phase: { current: Phase },
  sasl: KafkaListenerSasl | undefined,
  cluster: KafkaClusterDescription,
): Answer {
  const { apiKey, apiVersion, bodyOffset } = header;
  // ApiVersions is always allowed, before and after authentication (KIP-35, KIP-43).
  if (apiKey === API_KEYS.apiVersions) {
    if (apiVersion === 3) parseApiVersionsBody(payload, bodyOffset);
    if (phase.current.name === 'authenticate') return { close: true };
    return { frame: buildApiVersionsResponse(header) };
  }
  if (!inRange(header)) return { close: true };
  const current = phase.current;
  if (current.name === 'handshake') {
    if (sasl === undefined || apiKey !== API_KEYS.saslHandshake) return { close: true };
    const mechanism = parseSaslHandshakeBody(payload, bodyOffset);
    const enabled = (sasl.mechanisms as readonly string[]).includes(mechanism);
    if (!enabled) return { frame: buildSaslHandshakeResponse(header, KAFKA_ERRORS.unsupportedSaslMechanism, sasl.mechanisms), close: true };
    phase.current = { name: 'authenticate', server: createSaslServer(mechanism as SandboxKafkaSaslMechanism, sasl.users) };
    return { frame: buildSaslHandshakeResponse(header, KAFKA_ERRORS.none, sasl.mechanisms) };
  }
  if (current.name === 'authenticate') {
    if (apiKey !== API_KEYS.saslAuthenticate) return { close: true };
    const step = current.server.step(parseSaslAuthenticateBody(payload, bodyOffset, apiVersion));
    if (step.kind === 'failed') {
      return {
        frame: buildSaslAuthenticateResponse(header, {
          errorCode: KAFKA_ERRORS.saslAuthenticationFailed,
          errorMessage: step.message,
          authBytes: Buffer.alloc(0),
        }),
        close: true,
      };
    }
    if (step.kind === 'done') phase.current = { name: 'ready' };
    return { frame: buildSaslAuthenticateResponse(header, { errorCode: KAFKA_ERRORS.none, errorMessage: null, authBytes: step.token }) };
  }
  // Authenticated, or a PLAINTEXT listener. KafkaApis answers SASL requests here with ILLEGAL_SASL_STATE.
  if (apiKey === API_KEYS.saslHandshake) return { frame: buildSaslHandshakeResponse(header, KAFKA_ERRORS.illegalSaslState, []) };
  if (apiKey === API_KEYS.saslAuthenticate) {
    return {
      frame: buildSaslAuthenticateResponse(header, {
        errorCode: KAFKA_ERRORS.illegalSaslState,
        errorMessage: 'SaslAuthenticate request received after successful authentication',
        authBytes: Buffer.alloc(0),
      }),
    };
  }
  if (apiKey === API_KEYS.metadata) {
    const topics = parseMetadataBody(payload, bodyOffset, apiVersion);
    return { frame: buildMetadataResponse(header, cluster, topics ?? []) };
  }
  // Advertised as a broker does, but the sandbox stores no records or groups.
  return { close: true };
}

function serve(socket: Socket, sasl: KafkaListenerSasl | undefined, cluster: KafkaClusterDescription): void {
  let pending = Buffer.alloc(0);
  const phase: { current: Phase } = { current: sasl?.required === true ? { name: 'handshake' } : { name: 'ready' } };
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
      let answer: Answer;
      try {
        answer = handle(payload, parseRequestHeader(payload), phase, sasl, cluster);
      } catch {
        socket.destroy();
        return;
      }
      if (answer.close === true) {
        if (answer.frame === undefined) socket.destroy();
        else socket.end(answer.frame);
        return;
      }
      if (answer.frame !== undefined) socket.write(answer.frame);
    }
  });
}

/**
 * Starts a TCP listener that answers as a single Kafka 3.x broker (node 1, also the controller):
 * ApiVersions v0–v3 (other versions get UNSUPPORTED_VERSION), Metadata v0–v12 (no topics: each
 * topic asked for is UNKNOWN_TOPIC_OR_PARTITION), and with `sasl.required` the SASL sequence
 * (SaslHandshake v1, SaslAuthenticate v0–v2, PLAIN and SCRAM-SHA-256/512). Requests a broker
 * refuses at that point, and the other APIs, close the connection.
 */
export async function startKafkaListener(options: KafkaListenerOptions): Promise<KafkaListener> {
  const sockets = new Set<Socket>();
  const sasl =
    options.sasl === undefined
      ? undefined
      : { ...options.sasl, mechanisms: options.sasl.mechanisms.filter((mechanism) => SANDBOX_KAFKA_SASL_MECHANISMS.includes(mechanism)) };
  // The broker lists itself: known once the port is bound, which is before any connection.
  const cluster: { description?: KafkaClusterDescription } = {};
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    if (cluster.description === undefined) socket.destroy();
    else serve(socket, sasl, cluster.description);
  });
  const port = await listen(server, 0, options.host);
  cluster.description = {
    clusterId: SANDBOX_KAFKA_CLUSTER_ID,
    controllerId: SANDBOX_KAFKA_NODE_ID,
    brokers: [{ nodeId: SANDBOX_KAFKA_NODE_ID, host: options.host, port, rack: null }],
  };
  return {
    host: options.host,
    port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await closeServer(server);
    },
  };
}
