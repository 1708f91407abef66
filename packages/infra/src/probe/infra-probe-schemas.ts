// The zod schemas of the probes: their options as validated and the Elasticsearch root document.
// Loaded by the first probe (and by `@x/infra/endpoints`), so importing `@x/infra` does not load zod.
import * as z from 'zod';
import { KAFKA_PROBE_SASL_MECHANISMS } from '../infra-constants.js';
import { unknownFields } from '../infra-schema-parts.js';
import { DEFAULT_CONNECT_TIMEOUT_MS } from './infra-tcp-connect.js';

/**
 * The largest answer frame a Kafka probe reads. A broker's ApiVersions and Metadata answers are a
 * few kilobytes; a bigger size means the peer does not speak Kafka (`HTTP` read as a size is
 * 1.2 GB), and reading it would let a hostile peer exhaust memory.
 */
export const DEFAULT_MAX_FRAME_BYTES = 1_048_576;

const caSchema = z.union([z.string(), z.instanceof(Buffer), z.array(z.union([z.string(), z.instanceof(Buffer)]))]);

/** Options of `probeElasticsearch`, as validated: strict, so a misspelt option is refused, never ignored. */
export const elasticsearchProbeOptionsSchema = z.strictObject(
  {
    host: z.string().trim().min(1, 'host is required'),
    port: z.number().int().min(1).max(65535),
    schema: z.enum(['http', 'https']).default('http'),
    username: z.string().optional(),
    password: z.string().optional(),
    sslVerify: z.boolean().default(true),
    ca: caSchema.optional(),
    timeoutMs: z.number().int().positive().default(10_000),
    connectTimeoutMs: z.number().int().positive().default(DEFAULT_CONNECT_TIMEOUT_MS),
    signal: z.instanceof(AbortSignal).optional(),
  },
  unknownFields('probe_elasticsearch', 'it takes host, port, schema, username, password, sslVerify, ca, timeoutMs, connectTimeoutMs and signal'),
);

/** What `probeElasticsearch` reads from `GET /`: every field optional, unknown ones kept. */
export const elasticsearchRootInfoSchema = z
  .object({
    cluster_name: z.string().nullish(),
    cluster_uuid: z.string().nullish(),
    tagline: z.string().nullish(),
    version: z.object({ number: z.string().nullish(), distribution: z.string().nullish() }).loose().nullish(),
  })
  .loose();
/** The Elasticsearch root document, as the probe reads it. */
export type ElasticsearchRootInfo = z.infer<typeof elasticsearchRootInfoSchema>;

const tlsSchema = z.union([
  z.boolean(),
  z.strictObject(
    { rejectUnauthorized: z.boolean().optional(), ca: caSchema.optional(), servername: z.string().min(1).optional() },
    unknownFields('tls', 'tls has rejectUnauthorized, ca and servername'),
  ),
]);
const saslSchema = z.strictObject(
  {
    mechanism: z.enum(KAFKA_PROBE_SASL_MECHANISMS, {
      error: `must be one of ${KAFKA_PROBE_SASL_MECHANISMS.join(', ')} (the mechanisms the probe authenticates with)`,
    }),
    username: z.string().min(1, 'is required with SASL'),
    password: z.string().min(1, 'is required with SASL'),
  },
  unknownFields('sasl', 'sasl has mechanism, username and password'),
);

/** Options of `probeKafka`, as validated. */
export const kafkaProbeOptionsSchema = z.strictObject(
  {
    host: z.string().trim().min(1, 'host is required'),
    port: z.number().int().min(1).max(65535),
    tls: tlsSchema.default(false),
    sasl: saslSchema.optional(),
    clientId: z.string().max(200).default('x-infra'),
    timeoutMs: z.number().int().positive().default(10_000),
    connectTimeoutMs: z.number().int().positive().default(DEFAULT_CONNECT_TIMEOUT_MS),
    maxFrameBytes: z
      .number()
      .int()
      .min(64)
      .max(DEFAULT_MAX_FRAME_BYTES * 16)
      .default(DEFAULT_MAX_FRAME_BYTES),
    signal: z.instanceof(AbortSignal).optional(),
  },
  unknownFields('probe_kafka', 'it takes host, port, tls, sasl, clientId, timeoutMs, connectTimeoutMs, maxFrameBytes and signal'),
);
