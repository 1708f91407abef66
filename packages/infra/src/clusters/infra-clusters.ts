import { addEsbInfo, defineEndpoint } from '@x/core-client';
import type { BeforeRequestContext, BkClient, CallOptions, GatewayMode, WireParams } from '@x/core-client';
import * as z from 'zod';
import { strictInput, strictPart } from '../infra-schema-parts.js';
import { mergeExtra } from '../infra-validation.js';
import { CLUSTER_TYPES, KAFKA_SASL_MECHANISMS, KAFKA_SECURITY_PROTOCOLS } from '../infra-constants.js';
import { clusterInfoSchema, clusterNameSchema, parseAuthInfo, parseClusterInfoEnvelope, parseCustomOption, redactClusterInfo } from './infra-cluster-info.js';
import type { ClusterInfo } from './infra-cluster-info.js';

// ---------------------------------------------------------------------------------------------
// Schemas

const operatorShape = {
  /** Acting user; defaults to the context user, else the client's `username`. */
  bk_username: z.string().optional(),
  /** Acting user metadata records; defaults to `bk_username`. */
  operator: z.string().optional(),
};

const portSchema = z.number().int().min(1).max(65535);

/**
 * Credentials sent to metadata. Kafka clusters may add the SASL fields (metadata keeps only
 * `username` and `password`; bklog sends the other two).
 */
export const clusterAuthInfoInputSchema = strictPart(
  {
    username: z.string(),
    password: z.string(),
    sasl_mechanisms: z.enum(KAFKA_SASL_MECHANISMS).optional(),
    security_protocol: z.enum(KAFKA_SECURITY_PROTOCOLS).optional(),
  },
  'auth_info',
);

/**
 * `custom_option` as the caller gives it: an object (sent as a JSON string) or a JSON text. It is
 * metadata's free-form JSON field, so its keys are the caller's.
 */
export const customOptionInputSchema = z.union([
  z.record(z.string(), z.unknown()),
  z.string().refine((text) => {
    try {
      const parsed = JSON.parse(text) as unknown;
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
    } catch {
      return false;
    }
  }, 'must be a JSON object'),
]);

const clusterFieldsShape = {
  ...operatorShape,
  display_name: z.string().optional(),
  domain_name: z.string().trim().min(1),
  port: portSchema,
  description: z.string().optional(),
  /** Sent only when given: without it metadata keeps (or leaves empty) the stored credentials. */
  auth_info: clusterAuthInfoInputSchema.optional(),
  version: z.string().optional(),
  /** An object; sent as a JSON string, as metadata stores it. */
  custom_option: customOptionInputSchema.optional(),
  /** How metadata's consumers connect: `http` or `https` (ClusterInfo.schema). */
  schema: z.enum(['http', 'https']).optional(),
  is_ssl_verify: z.boolean().optional(),
  ssl_verification_mode: z.string().optional(),
  ssl_certificate_authorities: z.string().optional(),
  ssl_certificate: z.string().optional(),
  ssl_certificate_key: z.string().optional(),
  ssl_insecure_skip_verify: z.boolean().optional(),
  extranet_domain_name: z.string().optional(),
  extranet_port: portSchema.optional(),
};

/**
 * Params of `create_cluster_info`. Strict: an unknown field is a ValidationError naming it;
 * metadata fields the SDK does not model (`label`, `default_settings`...) go in `extra`.
 */
export const createClusterInfoInputSchema = strictInput(
  {
    ...clusterFieldsShape,
    /**
     * Checked against the server's regex before sending. Required: CreateClusterInfoResource
     * declares it a required RegexField (TencentBlueKing/bk-monitor bkmonitor/metadata/resources/cluster.py),
     * so metadata refuses a missing or empty name.
     */
    cluster_name: clusterNameSchema,
    cluster_type: z.enum(CLUSTER_TYPES),
  },
  'create_cluster_info',
);
/** Params of {@link InfraClusters.create}. */
export type CreateClusterInfoParams = z.input<typeof createClusterInfoInputSchema>;

const identifyClusterShape = {
  cluster_id: z.number().int().positive().optional(),
  cluster_name: clusterNameSchema.optional(),
};

function identifiesCluster(params: { cluster_id?: number | undefined; cluster_name?: string | undefined }): boolean {
  return params.cluster_id !== undefined || params.cluster_name !== undefined;
}

const identifyMessage = { message: 'give cluster_id or cluster_name', path: ['cluster_id'] };

/**
 * Params of `modify_cluster_info`: the cluster (id or name) and the fields to change. Strict;
 * unmodelled fields (`custom_label`...) go in `extra`.
 */
export const modifyClusterInfoInputSchema = strictInput(
  {
    ...clusterFieldsShape,
    ...identifyClusterShape,
    domain_name: z.string().trim().min(1).optional(),
    port: portSchema.optional(),
    cluster_type: z.enum(CLUSTER_TYPES).optional(),
  },
  'modify_cluster_info',
).refine(identifiesCluster, identifyMessage);
/** Params of {@link InfraClusters.modify}. */
export type ModifyClusterInfoParams = z.input<typeof modifyClusterInfoInputSchema>;

/** Params of `delete_cluster_info`. Strict; unmodelled fields go in `extra`. */
export const deleteClusterInfoInputSchema = strictInput({ ...operatorShape, ...identifyClusterShape }, 'delete_cluster_info').refine(
  identifiesCluster,
  identifyMessage,
);
/** Params of {@link InfraClusters.delete}. */
export type DeleteClusterInfoParams = z.input<typeof deleteClusterInfoInputSchema>;

/** Params of `get_cluster_info` (all optional filters). Strict; unmodelled filters go in `extra`. */
export const getClusterInfoInputSchema = strictInput(
  {
    ...operatorShape,
    cluster_id: z.number().int().positive().optional(),
    cluster_name: z.string().optional(),
    cluster_type: z.enum(CLUSTER_TYPES).optional(),
    /** `false` (metadata's default): `auth_info` comes base64-encoded; it is decoded either way. */
    is_plain_text: z.boolean().optional(),
  },
  'get_cluster_info',
);
/** Params of {@link InfraClusters.get}. */
export type GetClusterInfoParams = z.input<typeof getClusterInfoInputSchema>;

/** Every wire field of create and modify (what the helpers send): never from a helper's `extra`. */
export const METADATA_CLUSTER_FIELDS: readonly string[] = [
  ...new Set([...Object.keys(createClusterInfoInputSchema.shape), ...Object.keys(modifyClusterInfoInputSchema.shape)]),
].filter((key) => key !== 'extra');

// Answers of bkmonitor's metadata (TencentBlueKing/bk-monitor bkmonitor/metadata/resources/cluster.py).
/** `create_cluster_info` answers the new cluster's id (`cluster.cluster_id`). */
export const createClusterInfoOutputSchema = z.number().int();
/**
 * `modify_cluster_info` answers the cluster's `consul_config` — with the password in plain text,
 * which `clusters.modify` blanks. Informational: nothing in it is relied on.
 */
export const modifyClusterInfoOutputSchema = z.unknown();
/** `delete_cluster_info` answers `null` (the resource returns nothing). */
export const deleteClusterInfoOutputSchema = z.unknown();
/**
 * `get_cluster_info` answers a list of `consul_config` objects (QueryClusterInfoResource); what
 * each must hold is in {@link clusterInfoSchema}.
 */
export const getClusterInfoOutputSchema = z.array(clusterInfoSchema);

// ---------------------------------------------------------------------------------------------
// before hooks

/**
 * bklog's `create_cluster_info_before`: esb info (`bk_username`, `operator`), `custom_option` as a
 * JSON string, and no `auth_info` unless the caller gave one. (bklog's web variant injects the
 * user's cookie `auth_info`, then removes it again when the caller had none; this SDK never
 * injects it.) Beware: bkmonitor's modify reads a missing `auth_info` as `{}` and sets username
 * and password to `''` (ModifyClusterInfoResource), so `es.update`/`kafka.update` always send it.
 */
export function createClusterInfoBefore(params: WireParams, context: BeforeRequestContext): WireParams {
  const callerGaveAuthInfo = params.auth_info !== undefined && params.auth_info !== null;
  const result: WireParams = addEsbInfo(mergeExtra(params), context);
  if (!callerGaveAuthInfo) delete result.auth_info;
  if (result.custom_option !== undefined && typeof result.custom_option !== 'string') result.custom_option = JSON.stringify(result.custom_option);
  return result;
}

/** `extra` next to the modelled params, then bklog's esb info (`bk_username`, `operator`). */
function extraThenEsbInfo(params: WireParams, context: BeforeRequestContext): WireParams {
  return addEsbInfo(mergeExtra(params), context);
}

// ---------------------------------------------------------------------------------------------
// Endpoints

const endpointPaths = {
  legacy: {
    create: 'metadata_create_cluster_info/',
    modify: 'metadata_modify_cluster_info/',
    delete: 'metadata_delete_cluster_info/',
    get: 'metadata_get_cluster_info/',
  },
  gateway: {
    create: 'create_cluster_info/',
    modify: 'modify_cluster_info/',
    // The gateway keeps the `metadata_` prefix for delete only (bklog's transfer.py, spec §8.9).
    delete: 'metadata_delete_cluster_info/',
    get: 'get_cluster_info/',
  },
} as const;

function defineMetadataEndpoints(mode: GatewayMode) {
  const paths = endpointPaths[mode];
  return {
    /** POST `create_cluster_info`: registers a cluster; answers its id. */
    createClusterInfo: defineEndpoint({
      module: 'metadata',
      name: 'create_cluster_info',
      description: 'Register a storage or queue cluster',
      method: 'POST',
      path: paths.create,
      input: createClusterInfoInputSchema,
      output: createClusterInfoOutputSchema,
      before: createClusterInfoBefore,
    }),
    /** POST `modify_cluster_info`: changes a cluster's fields; unset fields stay. */
    modifyClusterInfo: defineEndpoint({
      module: 'metadata',
      name: 'modify_cluster_info',
      description: 'Modify a registered cluster',
      method: 'POST',
      path: paths.modify,
      input: modifyClusterInfoInputSchema,
      output: modifyClusterInfoOutputSchema,
      before: createClusterInfoBefore,
    }),
    /** POST `delete_cluster_info`: removes a cluster registered by this app. */
    deleteClusterInfo: defineEndpoint({
      module: 'metadata',
      name: 'delete_cluster_info',
      description: 'Delete a registered cluster',
      method: 'POST',
      path: paths.delete,
      input: deleteClusterInfoInputSchema,
      output: deleteClusterInfoOutputSchema,
      before: extraThenEsbInfo,
    }),
    /**
     * GET `get_cluster_info`: lists clusters. `after` parses `custom_option` and decodes
     * `auth_info` as bklog does, so the data holds credentials in clear: the typed
     * `clusters.get` blanks them unless asked.
     */
    getClusterInfo: defineEndpoint({
      module: 'metadata',
      name: 'get_cluster_info',
      description: 'List registered clusters',
      method: 'GET',
      path: paths.get,
      input: getClusterInfoInputSchema,
      output: getClusterInfoOutputSchema,
      before: extraThenEsbInfo,
      after: parseClusterInfoEnvelope,
    }),
  };
}

/** The metadata cluster endpoints in one URL form. */
export type MetadataEndpoints = ReturnType<typeof defineMetadataEndpoints>;

/**
 * The metadata cluster endpoints for `client.call`, in both URL forms: `legacy` (`metadata_*`
 * paths under `/api/c/compapi/v2/monitor_v3/`) and `gateway` (under
 * `/api/bk-monitor/{stage}/app/metadata/`).
 * @example
 * const clusters = await infra.client.call(metadataEndpoints.gateway.getClusterInfo, { cluster_type: 'kafka' });
 */
export const metadataEndpoints: Readonly<Record<GatewayMode, MetadataEndpoints>> = Object.freeze({
  legacy: defineMetadataEndpoints('legacy'),
  gateway: defineMetadataEndpoints('gateway'),
});

// ---------------------------------------------------------------------------------------------
// Calls

/** Options of one cluster call. */
export type InfraCallOptions = Omit<CallOptions, 'raw' | 'throwOnResultFalse'>;

/** Options of {@link InfraClusters.get}. */
export interface GetClusterInfoOptions extends InfraCallOptions {
  /**
   * Return passwords, SASL secrets and TLS private keys. Otherwise they are `''`.
   * @default false
   */
  readonly includeSecrets?: boolean | undefined;
}

/** The metadata cluster API (spec §7.1). */
export interface InfraClusters {
  /**
   * Registers a cluster (`create_cluster_info`) and returns its id. `custom_option` is sent as
   * a JSON string; `cluster_name` is checked against the server's regex first.
   * @example
   * const id = await infra.clusters.create({
   *   cluster_name: 'es_prod', display_name: 'Prod ES', cluster_type: 'elasticsearch',
   *   domain_name: '10.0.0.8', port: 9200, schema: 'http',
   *   auth_info: { username: 'elastic', password: 'changeme' },
   *   custom_option: { bk_biz_id: 2 },
   * });
   */
  readonly create: (params: CreateClusterInfoParams, options?: InfraCallOptions) => Promise<number>;
  /**
   * Changes a cluster (`modify_cluster_info`) by `cluster_id` or `cluster_name`. Fields left
   * out stay as stored — except the credentials: bkmonitor's metadata sets username and password
   * from `auth_info`, to `''` when it is left out, so pass them. `domain_name`, `port` and
   * `version` are ignored by the server. Answers the cluster with its secrets blanked, or
   * `undefined` when metadata's answer is not a cluster (older servers answer nothing).
   * @example
   * await infra.clusters.modify({ cluster_id: 7, description: 'moved to rack 3' });
   */
  readonly modify: (params: ModifyClusterInfoParams, options?: InfraCallOptions) => Promise<ClusterInfo | undefined>;
  /**
   * Removes a cluster (`delete_cluster_info`) by `cluster_id` or `cluster_name`.
   * @example
   * await infra.clusters.delete({ cluster_id: 7 });
   */
  readonly delete: (params: DeleteClusterInfoParams, options?: InfraCallOptions) => Promise<void>;
  /**
   * Lists clusters (`get_cluster_info`) with `custom_option` parsed and `auth_info` decoded.
   * Passwords, SASL secrets and TLS keys are `''` unless `includeSecrets` is set.
   * @example
   * const kafka = await infra.clusters.get({ cluster_type: 'kafka' });
   * const withPasswords = await infra.clusters.get({ cluster_id: 7 }, { includeSecrets: true });
   */
  readonly get: (params?: GetClusterInfoParams, options?: GetClusterInfoOptions) => Promise<ClusterInfo[]>;
}

/**
 * The consul config `modify_cluster_info` answers, with its plain-text secrets blanked; `undefined`
 * for an answer that is not a cluster (never returned as is: it could hold the password).
 */
function blankAnswerSecrets(answer: unknown): ClusterInfo | undefined {
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return undefined;
  const item = answer as Record<string, unknown>;
  const config = item.cluster_config;
  if (typeof config !== 'object' || config === null || Array.isArray(config)) return undefined;
  const parsed = clusterInfoSchema.safeParse({
    ...item,
    cluster_config: { ...config, custom_option: parseCustomOption((config as Record<string, unknown>).custom_option) },
    auth_info: parseAuthInfo(item.auth_info),
  });
  return parsed.success ? redactClusterInfo(parsed.data) : undefined;
}

/** Binds the cluster calls to a core client and a URL form. */
export function bindInfraClusters(client: BkClient, endpoints: MetadataEndpoints): InfraClusters {
  return {
    create: (params, options) => client.call(endpoints.createClusterInfo, params, options),
    modify: async (params, options) => blankAnswerSecrets(await client.call(endpoints.modifyClusterInfo, params, options)),
    delete: async (params, options) => {
      await client.call(endpoints.deleteClusterInfo, params, options);
    },
    get: async (params = {}, options = {}) => {
      const { includeSecrets = false, ...callOptions } = options;
      const clusters = await client.call(endpoints.getClusterInfo, params, callOptions);
      return includeSecrets ? clusters : clusters.map(redactClusterInfo);
    },
  };
}
