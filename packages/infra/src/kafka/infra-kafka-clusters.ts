import * as z from 'zod';
import { clusterNameSchema } from '../clusters/infra-cluster-info.js';
import type { ClusterInfo } from '../clusters/infra-cluster-info.js';
import { clusterBase } from '../clusters/infra-cluster-view.js';
import type { InfraClusterBase } from '../clusters/infra-cluster-view.js';
import { fetchStoredCluster, findDuplicate, normalizeClusterHost, refuseMove } from '../clusters/infra-cluster-registry.js';
import { METADATA_CLUSTER_FIELDS } from '../clusters/infra-clusters.js';
import type { InfraCallOptions, InfraClusters } from '../clusters/infra-clusters.js';
import { KAFKA_PROBE_SASL_MECHANISMS, KAFKA_SASL_MECHANISMS, KAFKA_SECURITY_PROTOCOLS } from '../infra-constants.js';
import type { KafkaSaslMechanism, KafkaSecurityProtocol } from '../infra-constants.js';
import type { InfraProbeDefaults } from '../infra-settings.js';
import { strictInput, unknownFields } from '../infra-schema-parts.js';
import { issuesError, parseInput } from '../infra-validation.js';
import type { GetClusterParams, ListClustersOptions } from '../elasticsearch/infra-elasticsearch-clusters.js';
import { probeKafka } from './infra-kafka-probe.js';
import type { KafkaProbeResult, KafkaProbeSaslOptions } from './infra-kafka-probe.js';

const portSchema = z.number().int().min(1).max(65535);
const caSchema = z.union([z.string(), z.instanceof(Buffer), z.array(z.union([z.string(), z.instanceof(Buffer)]))]);

const connectionShape = {
  host: z.string().trim().min(1),
  port: portSchema,
  /** How clients connect. `SSL`/`SASL_SSL` brokers are probed over TLS. */
  securityProtocol: z.enum(KAFKA_SECURITY_PROTOCOLS),
  /** Required with `SASL_*`. */
  saslMechanisms: z.enum(KAFKA_SASL_MECHANISMS),
  /** SASL user (`auth_info.username`). */
  username: z.string(),
  /** SASL password (`auth_info.password`). Never in results, errors or logs. */
  password: z.string(),
  /** Verify the broker certificate on `SSL`/`SASL_SSL`; `false` is an explicit opt-out. @default true */
  sslVerify: z.boolean(),
  /** Extra trusted CA certificates (PEM) for the probe. */
  ca: caSchema,
  /** The broker version to record; ApiVersions does not reveal it. */
  version: z.string(),
  description: z.string(),
  /** Stored as `custom_option` (a JSON string); `bkBizId` goes into its `bk_biz_id`. */
  customOption: z.record(z.string(), z.unknown()),
  bkBizId: z.number().int(),
  extranetHost: z.string(),
  extranetPort: portSchema,
};

/**
 * Params of {@link InfraKafka.register}. Strict: an unknown field is a ValidationError naming it,
 * before anything is probed or sent. Metadata fields the SDK does not model go in `extra`, merged
 * into `create_cluster_info`'s params.
 */
export const registerKafkaInputSchema = strictInput(
  {
    name: clusterNameSchema,
    displayName: z.string().trim().min(1),
    ...z.object(connectionShape).partial().shape,
    host: connectionShape.host,
    port: connectionShape.port,
    securityProtocol: connectionShape.securityProtocol.default('PLAINTEXT'),
    username: connectionShape.username.default(''),
    password: connectionShape.password.default(''),
    sslVerify: connectionShape.sslVerify.default(true),
  },
  'kafka.register',
  METADATA_CLUSTER_FIELDS,
);
/** Params of {@link InfraKafka.register}. */
export type RegisterKafkaParams = z.input<typeof registerKafkaInputSchema>;

/**
 * Params of {@link InfraKafka.update}: the cluster and what changes; the rest stays. Strict, like
 * `register`; `extra` is merged into `modify_cluster_info`'s params.
 */
export const updateKafkaInputSchema = strictInput(
  {
    clusterId: z.number().int().positive(),
    displayName: z.string().trim().min(1).optional(),
    ...z.object(connectionShape).partial().shape,
  },
  'kafka.update',
  METADATA_CLUSTER_FIELDS,
);
/** Params of {@link InfraKafka.update}. Blank `username`/`password` keep the stored ones. */
export type UpdateKafkaParams = z.input<typeof updateKafkaInputSchema>;

const clusterIdSchema = (where: string) => z.strictObject({ clusterId: z.number().int().positive() }, unknownFields(where, 'it takes only clusterId'));

/**
 * A registered Kafka cluster, as `kafka.list()` and `kafka.get()` return it: camelCase, the wire
 * record as `raw`.
 * @example { clusterId: 8, clusterName: 'kafka_logs', domainName: '10.0.0.9', port: 9092, securityProtocol: 'SASL_PLAINTEXT', saslMechanisms: 'SCRAM-SHA-512', username: 'bklog', password: '', raw: { ... } }
 */
export interface KafkaCluster extends InfraClusterBase {
  readonly clusterType: 'kafka';
  /**
   * `auth_info.security_protocol`. Metadata answers its own deployment's settings for a cluster
   * with a user and password (`SASL_PLAINTEXT`), whatever was sent, and none without them.
   */
  readonly securityProtocol: KafkaSecurityProtocol | undefined;
  /** `auth_info.sasl_mechanisms` (metadata's own, e.g. `SCRAM-SHA-512`), as for `securityProtocol`. */
  readonly saslMechanisms: KafkaSaslMechanism | undefined;
  /** `cluster_config.description`, when the server answers one. */
  readonly description: string | undefined;
  /** The parsed `custom_option` (free-form; `bk_biz_id` is also `bkBizId`). */
  readonly customOption: Readonly<Record<string, unknown>>;
}

/** What {@link InfraKafka.register} and `update` return. */
export interface KafkaRegistration {
  readonly clusterId: number;
  readonly clusterName: string;
  /** The probe that preceded the registration: SASL authentication, ApiVersions, Metadata. */
  readonly probe: KafkaProbeResult;
}

/** Kafka clusters in metadata (`cluster_type: 'kafka'`), with SASL credentials. */
export interface InfraKafka {
  /**
   * Probes the broker (over TLS for `SSL`/`SASL_SSL`, authenticating with the SASL credentials for
   * `SASL_*`: a wrong password, a mechanism the broker does not enable or a broker that wants SASL
   * when none was given fails here, and nothing is registered; then ApiVersions and Metadata),
   * refuses a (host, port), name or display name already registered, then registers it with
   * `cluster_type: 'kafka'` and the SASL fields in `auth_info`.
   * @example
   * const { clusterId, probe } = await infra.kafka.register({
   *   name: 'kafka_logs', displayName: 'Log Kafka', host: '10.0.0.9', port: 9092,
   *   securityProtocol: 'SASL_PLAINTEXT', saslMechanisms: 'SCRAM-SHA-512', username: 'bklog', password: secret,
   * });
   */
  readonly register: (params: RegisterKafkaParams, options?: InfraCallOptions) => Promise<KafkaRegistration>;
  /**
   * Changes a registered Kafka cluster: fields left out stay, blank `username`/`password` keep
   * the stored credentials (always sent: metadata blanks them otherwise), the name stays; the
   * broker is probed again first, authenticating with the resulting credentials. The address
   * cannot change (metadata's modify ignores `domain_name`/`port`): a different `host` or `port`
   * is a ValidationError.
   * @example
   * await infra.kafka.update({ clusterId: 8, description: 'rack 2', securityProtocol: 'SASL_SSL' });
   */
  readonly update: (params: UpdateKafkaParams, options?: InfraCallOptions) => Promise<KafkaRegistration>;
  /**
   * Removes a registered Kafka cluster (refuses an id of another type).
   * @example
   * await infra.kafka.delete({ clusterId: 8 });
   */
  readonly delete: (params: GetClusterParams, options?: InfraCallOptions) => Promise<{ clusterId: number; clusterName: string }>;
  /**
   * Every registered Kafka cluster, camelCase (the wire record as `raw`); passwords and SASL
   * secrets are `''` unless `includeSecrets`.
   * @example
   * const defaults = (await infra.kafka.list()).filter((cluster) => cluster.isDefaultCluster === true);
   */
  readonly list: (options?: ListClustersOptions) => Promise<KafkaCluster[]>;
  /**
   * One registered Kafka cluster by id, as `list` returns it; a ValidationError naming
   * `clusterId` when there is none.
   * @example
   * const { domainName, port, securityProtocol } = await infra.kafka.get({ clusterId: 8 });
   */
  readonly get: (params: GetClusterParams, options?: ListClustersOptions) => Promise<KafkaCluster>;
}

interface KafkaSecurity {
  readonly securityProtocol: KafkaSecurityProtocol;
  readonly saslMechanisms: KafkaSaslMechanism | undefined;
  readonly username: string;
  readonly password: string;
}

function securityIssues(security: KafkaSecurity): { path: string[]; message: string }[] {
  if (!security.securityProtocol.startsWith('SASL_')) return [];
  const issues: { path: string[]; message: string }[] = [];
  if (security.saslMechanisms === undefined) issues.push({ path: ['saslMechanisms'], message: `is required with ${security.securityProtocol}` });
  if (security.saslMechanisms === 'PLAIN' || security.saslMechanisms?.startsWith('SCRAM-') === true) {
    if (security.username === '') issues.push({ path: ['username'], message: `is required with ${security.saslMechanisms}` });
    if (security.password === '') issues.push({ path: ['password'], message: `is required with ${security.saslMechanisms}` });
  } else if (security.saslMechanisms !== undefined) {
    // A registration is checked by authenticating; the probe cannot do Kerberos or OAuth.
    issues.push({
      path: ['saslMechanisms'],
      message: `${security.saslMechanisms} cannot be checked by the probe, which authenticates with ${KAFKA_PROBE_SASL_MECHANISMS.join(', ')}`,
    });
  }
  return issues;
}

function probeSasl(security: KafkaSecurity): KafkaProbeSaslOptions | undefined {
  if (!security.securityProtocol.startsWith('SASL_')) return undefined;
  const mechanism = KAFKA_PROBE_SASL_MECHANISMS.find((candidate) => candidate === security.saslMechanisms);
  return mechanism === undefined ? undefined : { mechanism, username: security.username, password: security.password };
}

function usesTls(protocol: KafkaSecurityProtocol): boolean {
  return protocol === 'SSL' || protocol === 'SASL_SSL';
}

function authInfo(security: KafkaSecurity): {
  username: string;
  password: string;
  security_protocol: KafkaSecurityProtocol;
  sasl_mechanisms?: KafkaSaslMechanism;
} {
  return {
    username: security.username,
    password: security.password,
    security_protocol: security.securityProtocol,
    ...(security.saslMechanisms === undefined ? {} : { sasl_mechanisms: security.saslMechanisms }),
  };
}

function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

/** A wire record as {@link KafkaCluster}. */
function kafkaCluster(cluster: ClusterInfo): KafkaCluster {
  const auth = cluster.auth_info;
  return {
    ...clusterBase(cluster),
    clusterType: 'kafka',
    securityProtocol: isOneOf(KAFKA_SECURITY_PROTOCOLS, auth.security_protocol) ? auth.security_protocol : undefined,
    saslMechanisms: isOneOf(KAFKA_SASL_MECHANISMS, auth.sasl_mechanisms) ? auth.sasl_mechanisms : undefined,
    description: cluster.cluster_config.description ?? undefined,
    customOption: cluster.cluster_config.custom_option,
  };
}

/** Binds the Kafka calls to the cluster API. */
export function bindInfraKafka(clusters: InfraClusters, probeDefaults: InfraProbeDefaults = {}): InfraKafka {
  const probeTiming = {
    ...(probeDefaults.timeoutMs === undefined ? {} : { timeoutMs: probeDefaults.timeoutMs }),
    ...(probeDefaults.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: probeDefaults.connectTimeoutMs }),
  };
  const listAll = (options: InfraCallOptions, includeSecrets = false): Promise<ClusterInfo[]> =>
    clusters.get({ cluster_type: 'kafka' }, { ...options, includeSecrets });
  const probe = (
    host: string,
    port: number,
    security: KafkaSecurity,
    sslVerify: boolean,
    ca: z.output<typeof caSchema> | undefined,
    signal: AbortSignal | undefined,
  ): Promise<KafkaProbeResult> =>
    probeKafka({
      ...probeTiming,
      host,
      port,
      tls: usesTls(security.securityProtocol) ? { rejectUnauthorized: sslVerify, ...(ca === undefined ? {} : { ca }) } : false,
      sasl: probeSasl(security),
      ...(signal === undefined ? {} : { signal }),
    });

  return {
    register: async (params, callOptions = {}) => {
      const endpoint = 'kafka.register';
      const input = parseInput(registerKafkaInputSchema, params, endpoint);
      const security: KafkaSecurity = {
        securityProtocol: input.securityProtocol,
        saslMechanisms: input.saslMechanisms,
        username: input.username,
        password: input.password,
      };
      const issues = securityIssues(security);
      if (issues.length > 0) throw issuesError(endpoint, issues);
      const result = await probe(input.host, input.port, security, input.sslVerify, input.ca, callOptions.signal);
      const duplicate = findDuplicate(
        await listAll(callOptions),
        { name: input.name, displayName: input.displayName, host: input.host, port: input.port },
        'kafka',
        endpoint,
      );
      if (duplicate !== undefined) throw duplicate;
      const customOption = { ...input.customOption, ...(input.bkBizId === undefined ? {} : { bk_biz_id: input.bkBizId }) };
      const clusterId = await clusters.create(
        {
          cluster_name: input.name,
          display_name: input.displayName,
          cluster_type: 'kafka',
          domain_name: normalizeClusterHost(input.host),
          port: input.port,
          auth_info: authInfo(security),
          is_ssl_verify: usesTls(input.securityProtocol) && input.sslVerify,
          custom_option: customOption,
          ...(input.version === undefined ? {} : { version: input.version }),
          ...(input.description === undefined ? {} : { description: input.description }),
          ...(input.extranetHost === undefined ? {} : { extranet_domain_name: input.extranetHost }),
          ...(input.extranetPort === undefined ? {} : { extranet_port: input.extranetPort }),
          ...(input.extra === undefined ? {} : { extra: input.extra }),
        },
        callOptions,
      );
      return { clusterId, clusterName: input.name, probe: result };
    },

    update: async (params, callOptions = {}) => {
      const endpoint = 'kafka.update';
      const input = parseInput(updateKafkaInputSchema, params, endpoint);
      const stored = await fetchStoredCluster(clusters, input.clusterId, 'kafka', endpoint, callOptions);
      refuseMove(endpoint, stored, input);
      const config = stored.cluster_config;
      const storedAuth = stored.auth_info;
      const blank = (value: string | undefined): boolean => value === undefined || value === '';
      const security: KafkaSecurity = {
        securityProtocol:
          input.securityProtocol ?? (isOneOf(KAFKA_SECURITY_PROTOCOLS, storedAuth.security_protocol) ? storedAuth.security_protocol : 'PLAINTEXT'),
        saslMechanisms: input.saslMechanisms ?? (isOneOf(KAFKA_SASL_MECHANISMS, storedAuth.sasl_mechanisms) ? storedAuth.sasl_mechanisms : undefined),
        username: blank(input.username) ? (storedAuth.username ?? '') : (input.username ?? ''),
        password: blank(input.password) ? (storedAuth.password ?? '') : (input.password ?? ''),
      };
      const issues = securityIssues(security);
      if (issues.length > 0) throw issuesError(endpoint, issues);
      // refuseMove let through only the stored address.
      const host = config.domain_name;
      const port = config.port;
      const result = await probe(host, port, security, input.sslVerify ?? true, input.ca, callOptions.signal);
      const renamed = input.displayName !== undefined && input.displayName !== config.display_name;
      if (renamed) {
        const identity = { host, port, excludeId: config.cluster_id, displayName: input.displayName };
        const duplicate = findDuplicate(await listAll(callOptions), identity, 'kafka', endpoint);
        if (duplicate !== undefined) throw duplicate;
      }
      const storedOption = config.custom_option as Record<string, unknown>;
      const customOptionChanged = input.customOption !== undefined || input.bkBizId !== undefined;
      await clusters.modify(
        {
          cluster_id: config.cluster_id,
          cluster_name: config.cluster_name,
          cluster_type: 'kafka',
          domain_name: normalizeClusterHost(host),
          port,
          ...(input.displayName === undefined ? {} : { display_name: input.displayName }),
          // Always: bkmonitor's modify blanks username and password when auth_info is left out.
          auth_info: authInfo(security),
          ...(input.sslVerify === undefined ? {} : { is_ssl_verify: usesTls(security.securityProtocol) && input.sslVerify }),
          ...(customOptionChanged
            ? { custom_option: { ...storedOption, ...input.customOption, ...(input.bkBizId === undefined ? {} : { bk_biz_id: input.bkBizId }) } }
            : {}),
          ...(input.version === undefined ? {} : { version: input.version }),
          ...(input.description === undefined ? {} : { description: input.description }),
          ...(input.extranetHost === undefined ? {} : { extranet_domain_name: input.extranetHost }),
          ...(input.extranetPort === undefined ? {} : { extranet_port: input.extranetPort }),
          ...(input.extra === undefined ? {} : { extra: input.extra }),
        },
        callOptions,
      );
      return { clusterId: config.cluster_id, clusterName: config.cluster_name, probe: result };
    },

    delete: async (params, callOptions = {}) => {
      const endpoint = 'kafka.delete';
      const { clusterId } = parseInput(clusterIdSchema(endpoint), params, endpoint);
      const stored = await fetchStoredCluster(clusters, clusterId, 'kafka', endpoint, callOptions, false);
      await clusters.delete({ cluster_id: clusterId }, callOptions);
      return { clusterId, clusterName: stored.cluster_config.cluster_name };
    },

    list: async (options = {}) => {
      const { includeSecrets = false, ...callOptions } = options;
      return (await listAll(callOptions, includeSecrets)).map(kafkaCluster);
    },

    get: async (params, options = {}) => {
      const endpoint = 'kafka.get';
      const { clusterId } = parseInput(clusterIdSchema(endpoint), params, endpoint);
      const { includeSecrets = false, ...callOptions } = options;
      return kafkaCluster(await fetchStoredCluster(clusters, clusterId, 'kafka', endpoint, callOptions, includeSecrets));
    },
  };
}
