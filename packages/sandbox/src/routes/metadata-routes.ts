import { Hono } from 'hono';
import type { Context } from 'hono';
import { failure, success } from '../sandbox-envelope.js';
import type { SandboxEnv } from '../sandbox-env.js';
import { blueKingRoute } from '../sandbox-route.js';
import type { RouteContext } from '../sandbox-route.js';
import type { ClusterAuthInfo, ClusterRecord } from '../state/cluster-store.js';
import type { SandboxState } from '../state/sandbox-state.js';
import { booleanParam, integerParam, isRecord, readParams, stringParam } from '../request-params.js';
import { clusterShape } from './metadata-cluster-shape.js';

/** Failure codes of the metadata cluster API (bkmonitor answers these as business failures, HTTP 200). */
export const METADATA_CODES = {
  invalidParameter: 3335001,
  duplicate: 3335002,
  notFound: 3335003,
  forbidden: 3335004,
} as const;

const CLUSTER_NAME = /^[_A-Za-z0-9][_A-Za-z0-9-]{0,49}$/;
const CREATABLE_TYPES = new Set(['influxdb', 'elasticsearch', 'kafka', 'redis', 'argus']);

type Body = (c: Context<SandboxEnv>) => Response;

class MetadataRejection extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** Unix seconds: metadata answers times as `arrow.get(...).timestamp`. */
function timestamp(): number {
  return Math.floor(Date.now() / 1000);
}

/** The app code of the caller, from the (already verified) auth header. */
function callerApp(c: Context<SandboxEnv>, state: SandboxState): string {
  try {
    const parsed: unknown = JSON.parse(c.req.header('x-bkapi-authorization') ?? '');
    if (isRecord(parsed) && typeof parsed.bk_app_code === 'string') return parsed.bk_app_code;
  } catch {
    // The gateway check already refused unparsable headers; fall back to the configured code.
  }
  return state.settings.appCode;
}

const tenantOf = (c: Context<SandboxEnv>): string => c.req.header('x-bk-tenant-id') ?? 'system';

function readCustomOption(params: Record<string, unknown>): string | undefined {
  const value = params.custom_option;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new MetadataRejection(METADATA_CODES.invalidParameter, 'custom_option must be a JSON string');
  if (value === '') return '';
  try {
    JSON.parse(value);
  } catch {
    throw new MetadataRejection(METADATA_CODES.invalidParameter, 'custom_option is not valid JSON');
  }
  return value;
}

/**
 * `auth_info` as create and modify read it: `auth_info.get("username", "")` and
 * `auth_info.get("password", "")`, every other key dropped. Left out, it is `{}`: both become `''`
 * — on modify too, so a modify without `auth_info` blanks the stored credentials
 * (bkmonitor/metadata/resources/cluster.py ModifyClusterInfoResource, step 3: the model's
 * `modify` sets every argument that is not None).
 */
function readAuthInfo(params: Record<string, unknown>): ClusterAuthInfo {
  const value = params.auth_info ?? {};
  if (!isRecord(value)) throw new MetadataRejection(METADATA_CODES.invalidParameter, 'auth_info must be an object {username, password}');
  return {
    username: typeof value.username === 'string' ? value.username : '',
    password: typeof value.password === 'string' ? value.password : '',
  };
}

function readPort(params: Record<string, unknown>, key: string): number | undefined {
  if (params[key] === undefined || params[key] === null) return undefined;
  const port = integerParam(params, key);
  if (port === undefined || port < 0 || port > 65_535) throw new MetadataRejection(METADATA_CODES.invalidParameter, `${key} must be a port number`);
  return port;
}

function requireOperator(params: Record<string, unknown>): string {
  const operator = stringParam(params, 'operator');
  if (operator === undefined) throw new MetadataRejection(METADATA_CODES.invalidParameter, 'operator is required');
  return operator;
}

function checkAddressUnique(state: SandboxState, tenant: string, candidate: { domainName: string; port: number; username: string }, except?: number): void {
  const clash = state.clusters
    .list()
    .find(
      (cluster) =>
        cluster.tenantId === tenant &&
        cluster.clusterId !== except &&
        cluster.domainName === candidate.domainName &&
        cluster.port === candidate.port &&
        cluster.authInfo.username === candidate.username,
    );
  if (clash !== undefined)
    throw new MetadataRejection(
      METADATA_CODES.duplicate,
      `cluster ${clash.clusterName} already uses ${candidate.domainName}:${candidate.port} with user ${candidate.username || '(none)'}`,
    );
}

/**
 * Finds the cluster a modify/delete addresses: by `cluster_id` when given, else by `cluster_name`
 * (+ `cluster_type` on modify), as the resources build their query.
 */
function findTarget(state: SandboxState, tenant: string, params: Record<string, unknown>): ClusterRecord {
  const clusterId = integerParam(params, 'cluster_id');
  const clusterName = clusterId === undefined ? stringParam(params, 'cluster_name') : undefined;
  const clusterType = clusterId === undefined ? stringParam(params, 'cluster_type') : undefined;
  if (clusterId === undefined && clusterName === undefined)
    throw new MetadataRejection(METADATA_CODES.invalidParameter, 'cluster_id or cluster_name is required');
  const cluster = state.clusters
    .list()
    .find(
      (candidate) =>
        candidate.tenantId === tenant &&
        (clusterId === undefined || candidate.clusterId === clusterId) &&
        (clusterName === undefined || candidate.clusterName === clusterName) &&
        (clusterType === undefined || candidate.clusterType === clusterType),
    );
  if (cluster === undefined) throw new MetadataRejection(METADATA_CODES.notFound, `cluster ${String(clusterId ?? clusterName)} does not exist`);
  return cluster;
}

function createCluster(c: Context<SandboxEnv>, state: SandboxState): Response {
  const params = readParams(c);
  const tenant = tenantOf(c);
  const operator = requireOperator(params);
  const clusterType = stringParam(params, 'cluster_type');
  if (clusterType === undefined || !CREATABLE_TYPES.has(clusterType))
    throw new MetadataRejection(METADATA_CODES.invalidParameter, `cluster_type must be one of ${[...CREATABLE_TYPES].join(', ')}`);
  // CreateClusterInfoResource: `cluster_name` is a required RegexField, so '' is refused too.
  const clusterName = typeof params.cluster_name === 'string' ? params.cluster_name : '';
  if (!CLUSTER_NAME.test(clusterName))
    throw new MetadataRejection(METADATA_CODES.invalidParameter, `cluster_name ${clusterName} does not match ^[_A-Za-z0-9][_A-Za-z0-9-]{0,49}$`);
  const domainName = stringParam(params, 'domain_name');
  const port = readPort(params, 'port');
  if (domainName === undefined || port === undefined) throw new MetadataRejection(METADATA_CODES.invalidParameter, 'domain_name and port are required');
  if (state.clusters.list().some((cluster) => cluster.tenantId === tenant && cluster.clusterName === clusterName))
    throw new MetadataRejection(METADATA_CODES.duplicate, `cluster name ${clusterName} already exists`);
  const authInfo = readAuthInfo(params);
  checkAddressUnique(state, tenant, { domainName, port, username: authInfo.username });
  const now = timestamp();
  const cluster = state.clusters.add({
    clusterName,
    // The serializer's validate(): no display name → the cluster name.
    displayName: stringParam(params, 'display_name') ?? clusterName,
    clusterType,
    domainName,
    port,
    extranetDomainName: stringParam(params, 'extranet_domain_name') ?? '',
    extranetPort: readPort(params, 'extranet_port') ?? 0,
    // The serializer's defaults: '' for schema, version, custom_option and ssl_verification_mode.
    schema: stringParam(params, 'schema') ?? '',
    description: stringParam(params, 'description') ?? '',
    authInfo,
    version: stringParam(params, 'version') ?? '',
    customOption: readCustomOption(params) ?? '',
    isSslVerify: booleanParam(params, 'is_ssl_verify'),
    sslVerificationMode: stringParam(params, 'ssl_verification_mode') ?? '',
    sslInsecureSkipVerify: booleanParam(params, 'ssl_insecure_skip_verify'),
    sslCertificateAuthorities: stringParam(params, 'ssl_certificate_authorities') ?? '',
    sslCertificate: stringParam(params, 'ssl_certificate') ?? '',
    sslCertificateKey: stringParam(params, 'ssl_certificate_key') ?? '',
    registeredSystem: callerApp(c, state),
    creator: operator,
    createTime: now,
    lastModifyUser: operator,
    lastModifyTime: now,
    isDefaultCluster: false,
    tenantId: tenant,
  });
  return success(c, cluster.clusterId);
}

function optionalString(params: Record<string, unknown>, key: string, stored: string): string {
  return typeof params[key] === 'string' ? params[key] : stored;
}

/**
 * ModifyClusterInfoResource: the fields its serializer declares, each changed only when given —
 * except the credentials, always set from `auth_info` (blank when it is left out). It has no
 * `domain_name`, `port` or `version`: those are dropped, so a cluster cannot be moved by modify.
 * Answers the cluster's `consul_config` in plain text.
 */
function modifyCluster(c: Context<SandboxEnv>, state: SandboxState): Response {
  const params = readParams(c);
  const tenant = tenantOf(c);
  const operator = requireOperator(params);
  const cluster = findTarget(state, tenant, params);
  const caller = callerApp(c, state);
  if (cluster.registeredSystem !== caller && cluster.registeredSystem !== '_default') {
    throw new MetadataRejection(
      METADATA_CODES.forbidden,
      `cluster ${cluster.clusterName} is registered by ${cluster.registeredSystem}; ${caller} cannot modify it`,
    );
  }
  const present = (key: string): boolean => params[key] !== undefined && params[key] !== null;
  const updated: ClusterRecord = {
    ...cluster,
    displayName: optionalString(params, 'display_name', cluster.displayName),
    extranetDomainName: optionalString(params, 'extranet_domain_name', cluster.extranetDomainName),
    extranetPort: readPort(params, 'extranet_port') ?? cluster.extranetPort,
    schema: typeof params.schema === 'string' ? params.schema : cluster.schema,
    description: optionalString(params, 'description', cluster.description),
    authInfo: readAuthInfo(params),
    customOption: readCustomOption(params) ?? cluster.customOption,
    isSslVerify: present('is_ssl_verify') ? booleanParam(params, 'is_ssl_verify') : cluster.isSslVerify,
    sslVerificationMode: optionalString(params, 'ssl_verification_mode', cluster.sslVerificationMode),
    sslInsecureSkipVerify: present('ssl_insecure_skip_verify') ? booleanParam(params, 'ssl_insecure_skip_verify') : cluster.sslInsecureSkipVerify,
    sslCertificateAuthorities: optionalString(params, 'ssl_certificate_authorities', cluster.sslCertificateAuthorities),
    sslCertificate: optionalString(params, 'ssl_certificate', cluster.sslCertificate),
    sslCertificateKey: optionalString(params, 'ssl_certificate_key', cluster.sslCertificateKey),
    lastModifyUser: operator,
    lastModifyTime: timestamp(),
  };
  state.clusters.replace(updated);
  return success(c, clusterShape(c, updated, true));
}

function deleteCluster(c: Context<SandboxEnv>, state: SandboxState): Response {
  const params = readParams(c);
  const cluster = findTarget(state, tenantOf(c), params);
  const caller = callerApp(c, state);
  if (cluster.registeredSystem !== caller)
    throw new MetadataRejection(
      METADATA_CODES.forbidden,
      `cluster ${cluster.clusterName} is registered by ${cluster.registeredSystem}; only it can delete the cluster`,
    );
  state.clusters.remove(cluster.clusterId);
  return success(c, null);
}

function getClusters(c: Context<SandboxEnv>, state: SandboxState): Response {
  const params = readParams(c);
  const tenant = tenantOf(c);
  // QueryClusterInfoResource: `cluster_id` wins over `cluster_name`; `cluster_type` narrows either.
  const clusterId = integerParam(params, 'cluster_id');
  const clusterName = clusterId === undefined ? stringParam(params, 'cluster_name') : undefined;
  const clusterType = stringParam(params, 'cluster_type');
  const clusters = state.clusters
    .list()
    .filter(
      (cluster) =>
        cluster.tenantId === tenant &&
        (clusterId === undefined || cluster.clusterId === clusterId) &&
        (clusterName === undefined || cluster.clusterName === clusterName) &&
        (clusterType === undefined || cluster.clusterType === clusterType),
    );
  return success(
    c,
    clusters.map((cluster) => clusterShape(c, cluster, booleanParam(params, 'is_plain_text'))),
  );
}

/**
 * Metadata cluster info (spec §7.1), answered as bkmonitor's metadata does: TencentBlueKing/bk-monitor
 * bkmonitor/metadata/resources/cluster.py (CreateClusterInfoResource, ModifyClusterInfoResource,
 * DeleteClusterInfoResource, QueryClusterInfoResource) and the `ClusterInfo` model in
 * bkmonitor/metadata/models/storage.py (@0045906d). Both path spellings are served on both roots — legacy
 * `metadata_*` and gateway names, including the gateway's `metadata_delete_cluster_info/` quirk —
 * so a client's choice of path is what a test checks.
 */
export function createMetadataRoutes(context: RouteContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const { state } = context;
  const guarded =
    (action: (c: Context<SandboxEnv>, state: SandboxState) => Response): Body =>
    (c) => {
      try {
        return action(c, state);
      } catch (error) {
        if (error instanceof MetadataRejection) return failure(c, error.code, error.message);
        throw error;
      }
    };
  const routes: readonly ['get' | 'post', string, (c: Context<SandboxEnv>, state: SandboxState) => Response][] = [
    ['post', 'create_cluster_info', createCluster],
    ['post', 'modify_cluster_info', modifyCluster],
    ['post', 'delete_cluster_info', deleteCluster],
    ['get', 'get_cluster_info', getClusters],
  ];
  for (const [method, name, action] of routes) {
    const handler = blueKingRoute(context.services, `metadata.${name}`, guarded(action));
    app[method](`/${name}/`, handler);
    app[method](`/metadata_${name}/`, handler);
  }
  return app;
}
