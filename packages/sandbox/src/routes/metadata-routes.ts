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

function timestamp(): string {
  return new Date().toISOString().replace('T', ' ').slice(0, 19);
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

function readAuthInfo(params: Record<string, unknown>): ClusterAuthInfo | undefined {
  const value = params.auth_info;
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw new MetadataRejection(METADATA_CODES.invalidParameter, 'auth_info must be an object {username, password}');
  return {
    username: typeof value.username === 'string' ? value.username : '',
    password: typeof value.password === 'string' ? value.password : '',
    ...(typeof value.sasl_mechanisms === 'string' ? { sasl_mechanisms: value.sasl_mechanisms } : {}),
    ...(typeof value.security_protocol === 'string' ? { security_protocol: value.security_protocol } : {}),
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
  const clash = state.clusters.list().find((cluster) => cluster.tenantId === tenant && cluster.clusterId !== except && cluster.domainName === candidate.domainName && cluster.port === candidate.port && cluster.authInfo.username === candidate.username);
  if (clash !== undefined) throw new MetadataRejection(METADATA_CODES.duplicate, `cluster ${clash.clusterName} already uses ${candidate.domainName}:${candidate.port} with user ${candidate.username || '(none)'}`);
}

/** Finds the cluster a modify/delete addresses by `cluster_id` or `cluster_name` (+ optional `cluster_type`). */
function findTarget(state: SandboxState, tenant: string, params: Record<string, unknown>): ClusterRecord {
  const clusterId = integerParam(params, 'cluster_id');
  const clusterName = stringParam(params, 'cluster_name');
  const clusterType = stringParam(params, 'cluster_type');
  if (clusterId === undefined && clusterName === undefined) throw new MetadataRejection(METADATA_CODES.invalidParameter, 'cluster_id or cluster_name is required');
  const cluster = state.clusters
    .list()
    .find((candidate) => candidate.tenantId === tenant && (clusterId === undefined || candidate.clusterId === clusterId) && (clusterName === undefined || candidate.clusterName === clusterName) && (clusterType === undefined || candidate.clusterType === clusterType));
  if (cluster === undefined) throw new MetadataRejection(METADATA_CODES.notFound, `cluster ${String(clusterId ?? clusterName)} does not exist`);
  return cluster;
}

function createCluster(c: Context<SandboxEnv>, state: SandboxState): Response {
  const params = readParams(c);
  const tenant = tenantOf(c);
  const operator = requireOperator(params);
  const clusterType = stringParam(params, 'cluster_type');
  if (clusterType === undefined || !CREATABLE_TYPES.has(clusterType)) throw new MetadataRejection(METADATA_CODES.invalidParameter, `cluster_type must be one of ${[...CREATABLE_TYPES].join(', ')}`);
  const clusterName = stringParam(params, 'cluster_name') ?? `${clusterType}_${state.ids.hex(8)}`;
  if (!CLUSTER_NAME.test(clusterName)) throw new MetadataRejection(METADATA_CODES.invalidParameter, `cluster_name ${clusterName} does not match ^[_A-Za-z0-9][_A-Za-z0-9-]{0,49}$`);
  const domainName = stringParam(params, 'domain_name');
  const port = readPort(params, 'port');
  if (domainName === undefined || port === undefined) throw new MetadataRejection(METADATA_CODES.invalidParameter, 'domain_name and port are required');
  if (state.clusters.list().some((cluster) => cluster.tenantId === tenant && cluster.clusterName === clusterName)) throw new MetadataRejection(METADATA_CODES.duplicate, `cluster name ${clusterName} already exists`);
  const authInfo = readAuthInfo(params) ?? { username: '', password: '' };
  checkAddressUnique(state, tenant, { domainName, port, username: authInfo.username });
  const now = timestamp();
  const cluster = state.clusters.add({
    clusterName,
    displayName: stringParam(params, 'display_name') ?? clusterName,
    clusterType,
    domainName,
    port,
    extranetDomainName: stringParam(params, 'extranet_domain_name') ?? '',
    extranetPort: readPort(params, 'extranet_port') ?? 0,
    schema: stringParam(params, 'schema') ?? null,
    description: stringParam(params, 'description') ?? '',
    authInfo,
    version: stringParam(params, 'version') ?? null,
    customOption: readCustomOption(params) ?? '',
    isSslVerify: booleanParam(params, 'is_ssl_verify'),
    sslVerificationMode: stringParam(params, 'ssl_verification_mode') ?? 'none',
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

function modifyCluster(c: Context<SandboxEnv>, state: SandboxState): Response {
  const params = readParams(c);
  const tenant = tenantOf(c);
  const operator = requireOperator(params);
  const cluster = findTarget(state, tenant, params);
  const caller = callerApp(c, state);
  if (cluster.registeredSystem !== caller && cluster.registeredSystem !== '_default' && cluster.clusterType !== 'doris') {
    throw new MetadataRejection(METADATA_CODES.forbidden, `cluster ${cluster.clusterName} is registered by ${cluster.registeredSystem}; ${caller} cannot modify it`);
  }
  const authInfo = readAuthInfo(params) ?? cluster.authInfo;
  const domainName = stringParam(params, 'domain_name') ?? cluster.domainName;
  const port = readPort(params, 'port') ?? cluster.port;
  checkAddressUnique(state, tenant, { domainName, port, username: authInfo.username }, cluster.clusterId);
  const updated: ClusterRecord = {
    ...cluster,
    displayName: stringParam(params, 'display_name') ?? cluster.displayName,
    domainName,
    port,
    extranetDomainName: stringParam(params, 'extranet_domain_name') ?? cluster.extranetDomainName,
    extranetPort: readPort(params, 'extranet_port') ?? cluster.extranetPort,
    schema: stringParam(params, 'schema') ?? cluster.schema,
    description: stringParam(params, 'description') ?? cluster.description,
    authInfo,
    version: stringParam(params, 'version') ?? cluster.version,
    customOption: readCustomOption(params) ?? cluster.customOption,
    isSslVerify: params.is_ssl_verify === undefined || params.is_ssl_verify === null ? cluster.isSslVerify : booleanParam(params, 'is_ssl_verify'),
    lastModifyUser: operator,
    lastModifyTime: timestamp(),
  };
  state.clusters.replace(updated);
  return success(c, clusterShape(updated, true));
}

function deleteCluster(c: Context<SandboxEnv>, state: SandboxState): Response {
  const params = readParams(c);
  const cluster = findTarget(state, tenantOf(c), params);
  const caller = callerApp(c, state);
  if (cluster.registeredSystem !== caller) throw new MetadataRejection(METADATA_CODES.forbidden, `cluster ${cluster.clusterName} is registered by ${cluster.registeredSystem}; only it can delete the cluster`);
  state.clusters.remove(cluster.clusterId);
  return success(c, null);
}

function getClusters(c: Context<SandboxEnv>, state: SandboxState): Response {
  const params = readParams(c);
  const tenant = tenantOf(c);
  const clusterId = integerParam(params, 'cluster_id');
  const clusterName = stringParam(params, 'cluster_name');
  const clusterType = stringParam(params, 'cluster_type');
  const registeredSystem = stringParam(params, 'registered_system');
  const clusters = state.clusters
    .list()
    .filter(
      (cluster) =>
        cluster.tenantId === tenant &&
        (clusterId === undefined || cluster.clusterId === clusterId) &&
        (clusterName === undefined || cluster.clusterName === clusterName) &&
        (clusterType === undefined || cluster.clusterType === clusterType) &&
        (registeredSystem === undefined || cluster.registeredSystem === registeredSystem),
    );
  return success(c, clusters.map((cluster) => clusterShape(cluster, booleanParam(params, 'is_plain_text'))));
}

/**
 * Metadata cluster info (spec §7.1). Both path spellings are served on both roots — legacy
 * `metadata_*` and gateway names, including the gateway's `metadata_delete_cluster_info/` quirk —
 * so a client's choice of path is what a test checks.
 */
export function createMetadataRoutes(context: RouteContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const { state } = context;
  const guarded = (action: (c: Context<SandboxEnv>, state: SandboxState) => Response): Body => (c) => {
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
