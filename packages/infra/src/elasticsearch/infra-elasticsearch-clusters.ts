import * as z from 'zod';
import { clusterNameSchema } from '../clusters/infra-cluster-info.js';
import type { ClusterInfo } from '../clusters/infra-cluster-info.js';
import { fetchStoredCluster, findDuplicate, normalizeClusterHost, refuseMove } from '../clusters/infra-cluster-registry.js';
import { METADATA_CLUSTER_FIELDS } from '../clusters/infra-clusters.js';
import type { InfraCallOptions, InfraClusters } from '../clusters/infra-clusters.js';
import { DEFAULT_ELASTICSEARCH_SETUP, ELASTICSEARCH_VISIBILITY_TYPES } from '../infra-constants.js';
import type { ElasticsearchVisibilityType } from '../infra-constants.js';
import type { InfraProbeDefaults } from '../infra-settings.js';
import { strictInput, strictPart, unknownFields } from '../infra-schema-parts.js';
import { issuesError, parseInput } from '../infra-validation.js';
import type { InfraExtra } from '../infra-validation.js';
import { clusterBase } from '../clusters/infra-cluster-view.js';
import type { InfraClusterBase } from '../clusters/infra-cluster-view.js';
import { probeElasticsearch } from './infra-elasticsearch-probe.js';
import type { ElasticsearchProbeResult } from './infra-elasticsearch-probe.js';

// ---------------------------------------------------------------------------------------------
// Schemas

const portSchema = z.number().int().min(1).max(65535);
const caSchema = z.union([z.string(), z.instanceof(Buffer), z.array(z.union([z.string(), z.instanceof(Buffer)]))]);

const hotWarmShape = {
  /** Whether hot/warm allocation is on; then all four attributes are required. */
  enabled: z.boolean(),
  hotAttrName: z.string(),
  hotAttrValue: z.string(),
  warmAttrName: z.string(),
  warmAttrValue: z.string(),
};
const hotWarmAttributes = ['hotAttrName', 'hotAttrValue', 'warmAttrName', 'warmAttrValue'] as const;

const visibilityShape = {
  /** Who may use the cluster. */
  type: z.enum(ELASTICSEARCH_VISIBILITY_TYPES),
  /** With `multi_biz`: the businesses. */
  bizIds: z.array(z.number().int()),
  /** With `biz_attr`: business attributes and their values. */
  bizLabels: z.record(z.string(), z.array(z.string())),
};

const setupShape = {
  retentionDaysMax: z.number().int().positive(),
  retentionDaysDefault: z.number().int().positive(),
  numberOfReplicasMax: z.number().int().nonnegative(),
  numberOfReplicasDefault: z.number().int().nonnegative(),
  esShardsDefault: z.number().int().positive(),
  esShardsMax: z.number().int().positive(),
};

const optionsShape = {
  /** Hot/warm node allocation. @default { enabled: false } */
  hotWarm: strictPart(hotWarmShape, 'hotWarm').partial(),
  /** Who may use the cluster. @default { type: 'current_biz' } */
  visibility: strictPart(visibilityShape, 'visibility').partial(),
  /** Limits and defaults of indices stored here. @default bklog's (7 days, 0 replicas, 3 of at most 64 shards) */
  setup: strictPart(setupShape, 'setup').partial(),
  /** Users who administer the cluster. */
  admins: z.array(z.string()),
  description: z.string(),
  /** Where the cluster runs (bklog's `source_type`, e.g. `other`, `private`, `qcloud`). @default 'other' */
  sourceType: z.string(),
  enableArchive: z.boolean(),
  enableAssessment: z.boolean(),
  /** Kept in `custom_option.cluster_namespace` (BKBase sync). */
  clusterNamespace: z.string(),
  /** Free-form options kept in `custom_option.option`. */
  option: z.record(z.string(), z.unknown()),
};

const connectionShape = {
  host: z.string().trim().min(1),
  port: portSchema,
  schema: z.enum(['http', 'https']),
  username: z.string(),
  password: z.string(),
  /** Verify the certificate on `https`; `false` is an explicit opt-out for this cluster. @default true */
  sslVerify: z.boolean(),
  /** Extra trusted CA certificates (PEM) for the probe. */
  ca: caSchema,
  extranetHost: z.string(),
  extranetPort: portSchema,
};

/**
 * Params of {@link InfraElasticsearch.register}. Strict: an unknown field (here or in `hotWarm`,
 * `visibility`, `setup`) is a ValidationError naming it, before anything is probed or sent.
 * Metadata fields the SDK does not model go in `extra`, merged into `create_cluster_info`'s params.
 */
export const registerElasticsearchInputSchema = strictInput(
  {
    /** The cluster name (metadata's regex); unique. */
    name: clusterNameSchema,
    /** The name people see; unique among Elasticsearch clusters. */
    displayName: z.string().trim().min(1),
    /** The business registering the cluster (`custom_option.bk_biz_id`). */
    bkBizId: z.number().int(),
    ...connectionShape,
    schema: connectionShape.schema.default('http'),
    username: connectionShape.username.default(''),
    password: connectionShape.password.default(''),
    sslVerify: connectionShape.sslVerify.default(true),
    ca: connectionShape.ca.optional(),
    extranetHost: connectionShape.extranetHost.optional(),
    extranetPort: connectionShape.extranetPort.optional(),
    /** Ignored for the registration: the version the probe detects is sent (bklog does the same). */
    version: z.string().optional(),
    ...z.object(optionsShape).partial().shape,
  },
  'es.register',
  METADATA_CLUSTER_FIELDS,
);
/** Params of {@link InfraElasticsearch.register}. */
export type RegisterElasticsearchParams = z.input<typeof registerElasticsearchInputSchema>;

/**
 * Params of {@link InfraElasticsearch.update}: the cluster and what changes; the rest stays.
 * Strict, like `register`; `extra` is merged into `modify_cluster_info`'s params.
 */
export const updateElasticsearchInputSchema = strictInput(
  {
    clusterId: z.number().int().positive(),
    displayName: z.string().trim().min(1).optional(),
    ...z.object(connectionShape).partial().shape,
    ...z.object(optionsShape).partial().shape,
  },
  'es.update',
  METADATA_CLUSTER_FIELDS,
);
/** Params of {@link InfraElasticsearch.update}. Blank `username`/`password` keep the stored ones. */
export type UpdateElasticsearchParams = z.input<typeof updateElasticsearchInputSchema>;

const clusterIdSchema = (where: string) => z.strictObject({ clusterId: z.number().int().positive() }, unknownFields(where, 'it takes only clusterId'));

/** Options of {@link InfraElasticsearch.list}. */
export interface ListClustersOptions extends InfraCallOptions {
  /**
   * Return passwords (and TLS private keys). Otherwise they are `''`.
   * @default false
   */
  readonly includeSecrets?: boolean | undefined;
}

/** What {@link InfraElasticsearch.register} and `update` return. */
export interface ElasticsearchRegistration {
  readonly clusterId: number;
  readonly clusterName: string;
  /** The version detected by the probe and registered. */
  readonly version: string;
  /** The probe that preceded the registration. */
  readonly probe: ElasticsearchProbeResult;
}

/** `custom_option.hot_warm_config` of a registered cluster. */
export interface ElasticsearchHotWarm {
  readonly enabled: boolean;
  readonly hotAttrName: string;
  readonly hotAttrValue: string;
  readonly warmAttrName: string;
  readonly warmAttrValue: string;
}

/** `custom_option.visible_config` of a registered cluster. */
export interface ElasticsearchVisibility {
  readonly type: ElasticsearchVisibilityType;
  readonly bizIds: number[];
  readonly bizLabels: Record<string, string[]>;
}

/** `custom_option.setup_config` of a registered cluster. */
export interface ElasticsearchSetup {
  readonly retentionDaysMax: number;
  readonly retentionDaysDefault: number;
  readonly numberOfReplicasMax: number;
  readonly numberOfReplicasDefault: number;
  readonly esShardsDefault: number;
  readonly esShardsMax: number;
}

/** bklog's options of a cluster, read from its `custom_option` with bklog's defaults where missing. */
interface StoredElasticsearchOptions {
  readonly hotWarm: ElasticsearchHotWarm;
  readonly visibility: ElasticsearchVisibility;
  readonly setup: ElasticsearchSetup;
  /** `custom_option.admin`. */
  readonly admins: string[];
  /** `custom_option.description` (metadata's answer has no description of its own). */
  readonly description: string;
  readonly sourceType: string;
  readonly enableArchive: boolean;
  readonly enableAssessment: boolean;
  /** `''` when none is stored. */
  readonly clusterNamespace: string;
  /** `custom_option.option` (free-form). */
  readonly option: Record<string, unknown>;
}

/**
 * A registered Elasticsearch cluster, as `es.list()` and `es.get()` return it: camelCase, bklog's
 * `custom_option` read into typed fields, the wire record as `raw`.
 * @example { clusterId: 3, clusterName: 'es_demo', domainName: 'localhost', port: 9200, schema: 'http', version: '7.10.2', setup: { retentionDaysMax: 30, ... }, raw: { cluster_config: { ... }, ... } }
 */
export interface ElasticsearchCluster extends InfraClusterBase, StoredElasticsearchOptions {
  readonly clusterType: 'elasticsearch';
  /** `cluster_config.schema`; `http` when none is stored (as `update` reads it). */
  readonly schema: 'http' | 'https';
}

/** Options of {@link InfraElasticsearch.get} and `kafka.get`: the cluster's id. */
export interface GetClusterParams {
  readonly clusterId: number;
}

/** Elasticsearch clusters in metadata, registered the way bklog does (spec §7.2). */
export interface InfraElasticsearch {
  /**
   * Probes the cluster, refuses a (host, port), name or display name already registered, then
   * registers it with `cluster_type: 'elasticsearch'`, the detected version and bklog's
   * `custom_option` layout. A failed probe throws its ApiRequestError (`data.stage`) and
   * nothing is registered.
   * @example
   * const { clusterId, version } = await infra.es.register({
   *   name: 'es_prod', displayName: 'Prod ES', bkBizId: 2,
   *   host: '10.0.0.8', port: 9200, schema: 'http', username: 'elastic', password: 'changeme',
   *   hotWarm: { enabled: false }, visibility: { type: 'current_biz' }, setup: { retentionDaysMax: 30 },
   *   admins: ['admin'], description: 'production logs',
   * });
   */
  readonly register: (params: RegisterElasticsearchParams, options?: InfraCallOptions) => Promise<ElasticsearchRegistration>;
  /**
   * Changes a registered cluster: fields left out stay as stored, blank `username`/`password`
   * keep the stored credentials (always sent: metadata blanks them otherwise), the name stays;
   * the cluster is probed again before the change. The address cannot change: metadata's
   * modify ignores `domain_name`/`port`, so a different `host` or `port` is a ValidationError.
   * @example
   * await infra.es.update({ clusterId: 7, description: 'rack 3', setup: { retentionDaysMax: 60 } });
   */
  readonly update: (params: UpdateElasticsearchParams, options?: InfraCallOptions) => Promise<ElasticsearchRegistration>;
  /**
   * Removes a registered Elasticsearch cluster (refuses an id of another type).
   * @example
   * await infra.es.delete({ clusterId: 7 });
   */
  readonly delete: (params: GetClusterParams, options?: InfraCallOptions) => Promise<{ clusterId: number; clusterName: string }>;
  /**
   * Every registered Elasticsearch cluster, camelCase (the wire record as `raw`); passwords are
   * `''` unless `includeSecrets`.
   * @example
   * const clusters = await infra.es.list();
   * console.log(clusters.map((cluster) => [cluster.clusterName, cluster.domainName, cluster.port, cluster.setup.retentionDaysMax]));
   */
  readonly list: (options?: ListClustersOptions) => Promise<ElasticsearchCluster[]>;
  /**
   * One registered Elasticsearch cluster by id, as `list` returns it; a ValidationError naming
   * `clusterId` when there is none.
   * @example
   * const { domainName, port, version } = await infra.es.get({ clusterId: 7 });
   */
  readonly get: (params: GetClusterParams, options?: ListClustersOptions) => Promise<ElasticsearchCluster>;
}

// ---------------------------------------------------------------------------------------------
// custom_option

type ClusterOptions = z.output<z.ZodObject<typeof optionsShape>>;
type PartialOptions = { readonly [Key in keyof ClusterOptions]?: ClusterOptions[Key] | undefined };

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function pick<T>(value: unknown, check: (candidate: unknown) => candidate is T, fallback: T): T {
  return check(value) ? value : fallback;
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
const isNumber = (value: unknown): value is number => typeof value === 'number';

/** The options stored in a `custom_option`, with bklog's defaults where missing. */
function readStoredOptions(customOption: Record<string, unknown>): StoredElasticsearchOptions {
  const hotWarm = asRecord(customOption.hot_warm_config);
  const visible = asRecord(customOption.visible_config);
  const setup = asRecord(customOption.setup_config);
  const visibleType = pick(visible.visible_type, isString, 'current_biz');
  return {
    hotWarm: {
      enabled: pick(hotWarm.is_enabled, isBoolean, false),
      hotAttrName: pick(hotWarm.hot_attr_name, isString, ''),
      hotAttrValue: pick(hotWarm.hot_attr_value, isString, ''),
      warmAttrName: pick(hotWarm.warm_attr_name, isString, ''),
      warmAttrValue: pick(hotWarm.warm_attr_value, isString, ''),
    },
    visibility: {
      type: (ELASTICSEARCH_VISIBILITY_TYPES as readonly string[]).includes(visibleType) ? (visibleType as ElasticsearchVisibilityType) : 'current_biz',
      bizIds: Array.isArray(visible.visible_bk_biz) ? visible.visible_bk_biz.filter(isNumber) : [],
      bizLabels: asRecord(visible.bk_biz_labels) as Record<string, string[]>,
    },
    setup: {
      retentionDaysMax: pick(setup.retention_days_max, isNumber, DEFAULT_ELASTICSEARCH_SETUP.retentionDaysMax),
      retentionDaysDefault: pick(setup.retention_days_default, isNumber, DEFAULT_ELASTICSEARCH_SETUP.retentionDaysDefault),
      numberOfReplicasMax: pick(setup.number_of_replicas_max, isNumber, DEFAULT_ELASTICSEARCH_SETUP.numberOfReplicasMax),
      numberOfReplicasDefault: pick(setup.number_of_replicas_default, isNumber, DEFAULT_ELASTICSEARCH_SETUP.numberOfReplicasDefault),
      esShardsDefault: pick(setup.es_shards_default, isNumber, DEFAULT_ELASTICSEARCH_SETUP.esShardsDefault),
      esShardsMax: pick(setup.es_shards_max, isNumber, DEFAULT_ELASTICSEARCH_SETUP.esShardsMax),
    },
    admins: Array.isArray(customOption.admin) ? customOption.admin.filter(isString) : [],
    description: pick(customOption.description, isString, ''),
    sourceType: pick(customOption.source_type, isString, 'other'),
    enableArchive: pick(customOption.enable_archive, isBoolean, false),
    enableAssessment: pick(customOption.enable_assessment, isBoolean, false),
    clusterNamespace: pick(customOption.cluster_namespace, isString, ''),
    option: asRecord(customOption.option),
  };
}

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<T>;
}

function mergeOptions(base: ClusterOptions, changes: PartialOptions): ClusterOptions {
  const scalars = defined({
    admins: changes.admins,
    description: changes.description,
    sourceType: changes.sourceType,
    enableArchive: changes.enableArchive,
    enableAssessment: changes.enableAssessment,
    clusterNamespace: changes.clusterNamespace,
    option: changes.option,
  });
  return {
    ...base,
    ...scalars,
    hotWarm: { ...base.hotWarm, ...defined(changes.hotWarm ?? {}) },
    visibility: { ...base.visibility, ...defined(changes.visibility ?? {}) },
    setup: { ...base.setup, ...defined(changes.setup ?? {}) },
  } as ClusterOptions;
}

/** Checks what zod cannot see field by field: hot/warm attributes and the setup limits. */
function optionIssues(options: ClusterOptions): { path: string[]; message: string }[] {
  const issues: { path: string[]; message: string }[] = [];
  if (options.hotWarm.enabled === true) {
    for (const attribute of hotWarmAttributes) {
      if ((options.hotWarm[attribute] ?? '').trim() === '') issues.push({ path: ['hotWarm', attribute], message: 'is required when hot/warm is enabled' });
    }
  }
  const setup = options.setup;
  const limits: [keyof typeof setup, keyof typeof setup][] = [
    ['retentionDaysDefault', 'retentionDaysMax'],
    ['numberOfReplicasDefault', 'numberOfReplicasMax'],
    ['esShardsDefault', 'esShardsMax'],
  ];
  for (const [value, limit] of limits) {
    if ((setup[value] ?? 0) > (setup[limit] ?? 0)) issues.push({ path: ['setup', value], message: `must not exceed ${limit}` });
  }
  return issues;
}

/** bklog's `custom_option` layout (spec §7.2 step 3), over whatever else was stored. */
function buildCustomOption(stored: Record<string, unknown>, bkBizId: unknown, options: ClusterOptions): Record<string, unknown> {
  const customOption: Record<string, unknown> = {
    ...stored,
    bk_biz_id: bkBizId,
    hot_warm_config: {
      is_enabled: options.hotWarm.enabled,
      hot_attr_name: options.hotWarm.hotAttrName,
      hot_attr_value: options.hotWarm.hotAttrValue,
      warm_attr_name: options.hotWarm.warmAttrName,
      warm_attr_value: options.hotWarm.warmAttrValue,
    },
    source_type: options.sourceType,
    visible_config: { visible_type: options.visibility.type, visible_bk_biz: options.visibility.bizIds, bk_biz_labels: options.visibility.bizLabels },
    setup_config: {
      retention_days_max: options.setup.retentionDaysMax,
      retention_days_default: options.setup.retentionDaysDefault,
      number_of_replicas_max: options.setup.numberOfReplicasMax,
      number_of_replicas_default: options.setup.numberOfReplicasDefault,
      es_shards_default: options.setup.esShardsDefault,
      es_shards_max: options.setup.esShardsMax,
    },
    admin: options.admins,
    description: options.description,
    enable_archive: options.enableArchive,
    enable_assessment: options.enableAssessment,
  };
  if (options.clusterNamespace !== '') customOption.cluster_namespace = options.clusterNamespace;
  if (Object.keys(options.option).length > 0) customOption.option = options.option;
  return customOption;
}

function checkOptions(options: ClusterOptions, endpoint: string): void {
  const issues = optionIssues(options);
  if (issues.length > 0) throw issuesError(endpoint, issues);
}

/** A wire record as {@link ElasticsearchCluster}. */
function elasticsearchCluster(cluster: ClusterInfo): ElasticsearchCluster {
  return {
    ...clusterBase(cluster),
    ...readStoredOptions(cluster.cluster_config.custom_option),
    clusterType: 'elasticsearch',
    schema: cluster.cluster_config.schema === 'https' ? 'https' : 'http',
  };
}

/** The caller's `extra`, for the wire params (its keys were checked against the wire fields). */
function withExtra(extra: InfraExtra | undefined): { extra?: InfraExtra } {
  return extra === undefined ? {} : { extra };
}

// ---------------------------------------------------------------------------------------------
// Calls

/** Binds the Elasticsearch calls to the cluster API. */
export function bindInfraElasticsearch(clusters: InfraClusters, probeDefaults: InfraProbeDefaults = {}): InfraElasticsearch {
  const probeTiming = defined({ timeoutMs: probeDefaults.timeoutMs, connectTimeoutMs: probeDefaults.connectTimeoutMs });
  const listAll = (options: InfraCallOptions, includeSecrets = false): Promise<ClusterInfo[]> =>
    clusters.get({ cluster_type: 'elasticsearch' }, { ...options, includeSecrets });

  return {
    register: async (params, callOptions = {}) => {
      const endpoint = 'es.register';
      const input = parseInput(registerElasticsearchInputSchema, params, endpoint);
      const options = mergeOptions(readStoredOptions({}), input);
      checkOptions(options, endpoint);
      const probe = await probeElasticsearch({
        ...probeTiming,
        host: input.host,
        port: input.port,
        schema: input.schema,
        username: input.username,
        password: input.password,
        sslVerify: input.sslVerify,
        ...(input.ca === undefined ? {} : { ca: input.ca }),
        ...(callOptions.signal === undefined ? {} : { signal: callOptions.signal }),
      });
      const duplicate = findDuplicate(
        await listAll(callOptions),
        { name: input.name, displayName: input.displayName, host: input.host, port: input.port },
        'elasticsearch',
        endpoint,
      );
      if (duplicate !== undefined) throw duplicate;
      const clusterId = await clusters.create(
        {
          cluster_name: input.name,
          display_name: input.displayName,
          cluster_type: 'elasticsearch',
          domain_name: normalizeClusterHost(input.host),
          port: input.port,
          schema: input.schema,
          auth_info: { username: input.username, password: input.password },
          version: probe.version,
          description: options.description,
          is_ssl_verify: input.sslVerify,
          custom_option: buildCustomOption({}, input.bkBizId, options),
          ...(input.extranetHost === undefined ? {} : { extranet_domain_name: input.extranetHost }),
          ...(input.extranetPort === undefined ? {} : { extranet_port: input.extranetPort }),
          ...withExtra(input.extra),
        },
        callOptions,
      );
      return { clusterId, clusterName: input.name, version: probe.version, probe };
    },

    update: async (params, callOptions = {}) => {
      const endpoint = 'es.update';
      const input = parseInput(updateElasticsearchInputSchema, params, endpoint);
      const stored = await fetchStoredCluster(clusters, input.clusterId, 'elasticsearch', endpoint, callOptions);
      refuseMove(endpoint, stored, input);
      const config = stored.cluster_config;
      const storedOption = config.custom_option as Record<string, unknown>;
      const options = mergeOptions(readStoredOptions(storedOption), input);
      checkOptions(options, endpoint);
      const blank = (value: string | undefined): boolean => value === undefined || value === '';
      const username = blank(input.username) ? (stored.auth_info.username ?? '') : (input.username ?? '');
      const password = blank(input.password) ? (stored.auth_info.password ?? '') : (input.password ?? '');
      // refuseMove let through only the stored address.
      const host = config.domain_name;
      const port = config.port;
      const schema = input.schema ?? (config.schema === 'https' ? 'https' : 'http');
      const probe = await probeElasticsearch({
        ...probeTiming,
        host,
        port,
        schema,
        username,
        password,
        sslVerify: input.sslVerify ?? true,
        ...(input.ca === undefined ? {} : { ca: input.ca }),
        ...(callOptions.signal === undefined ? {} : { signal: callOptions.signal }),
      });
      const renamed = input.displayName !== undefined && input.displayName !== config.display_name;
      if (renamed) {
        const identity = { host, port, excludeId: config.cluster_id, displayName: input.displayName };
        const duplicate = findDuplicate(await listAll(callOptions), identity, 'elasticsearch', endpoint);
        if (duplicate !== undefined) throw duplicate;
      }
      await clusters.modify(
        {
          cluster_id: config.cluster_id,
          // bklog forces the stored name: a cluster is never renamed through an update.
          cluster_name: config.cluster_name,
          cluster_type: 'elasticsearch',
          display_name: input.displayName ?? config.display_name ?? config.cluster_name,
          domain_name: normalizeClusterHost(host),
          port,
          schema,
          version: probe.version,
          description: options.description,
          custom_option: buildCustomOption(storedOption, storedOption.bk_biz_id, options),
          // Always: bkmonitor's modify sets username and password from auth_info, '' when it is
          // left out (ModifyClusterInfoResource), so omitting it would erase the stored credentials.
          auth_info: { username, password },
          ...(input.sslVerify === undefined ? {} : { is_ssl_verify: input.sslVerify }),
          ...(input.extranetHost === undefined ? {} : { extranet_domain_name: input.extranetHost }),
          ...(input.extranetPort === undefined ? {} : { extranet_port: input.extranetPort }),
          ...withExtra(input.extra),
        },
        callOptions,
      );
      return { clusterId: config.cluster_id, clusterName: config.cluster_name, version: probe.version, probe };
    },

    delete: async (params, callOptions = {}) => {
      const endpoint = 'es.delete';
      const { clusterId } = parseInput(clusterIdSchema(endpoint), params, endpoint);
      const stored = await fetchStoredCluster(clusters, clusterId, 'elasticsearch', endpoint, callOptions, false);
      await clusters.delete({ cluster_id: clusterId }, callOptions);
      return { clusterId, clusterName: stored.cluster_config.cluster_name };
    },

    list: async (options = {}) => {
      const { includeSecrets = false, ...callOptions } = options;
      return (await listAll(callOptions, includeSecrets)).map(elasticsearchCluster);
    },

    get: async (params, options = {}) => {
      const endpoint = 'es.get';
      const { clusterId } = parseInput(clusterIdSchema(endpoint), params, endpoint);
      const { includeSecrets = false, ...callOptions } = options;
      return elasticsearchCluster(await fetchStoredCluster(clusters, clusterId, 'elasticsearch', endpoint, callOptions, includeSecrets));
    },
  };
}
