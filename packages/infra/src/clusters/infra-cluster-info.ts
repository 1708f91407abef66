import type { Envelope } from '@x/core-client';
import { isSecretKey } from '@x/errors';
import * as z from 'zod';
import { CLUSTER_NAME_PATTERN } from '../infra-constants.js';
import { answerObject } from '../infra-schema-parts.js';

/** A cluster name as metadata accepts it: letters, digits, `_` and `-`, 1–50 characters, not starting with `-`. */
export const clusterNameSchema = z
  .string()
  .regex(CLUSTER_NAME_PATTERN, 'must match ^[_A-Za-z0-9][_A-Za-z0-9-]{0,49}$ (letters, digits, _ and -; at most 50; not starting with -)');

// The answer schemas below keep unknown keys at run time (answerObject) and type only the modelled
// ones: a field metadata adds never breaks a call, and a misspelt field is a compile error.

/** Credentials of a cluster as metadata returns them (Kafka adds the SASL fields). */
export const clusterAuthInfoSchema = answerObject({
  username: z.string().nullish(),
  password: z.string().nullish(),
  /** Kafka: the deployment's SASL mechanism (metadata answers its own, e.g. `SCRAM-SHA-512`). */
  sasl_mechanisms: z.string().nullish(),
  /** Kafka: the deployment's security protocol (e.g. `SASL_PLAINTEXT`). */
  security_protocol: z.string().nullish(),
});
/** Credentials of a cluster. `password` is `''` unless secrets were asked for. */
export type ClusterAuthInfo = z.output<typeof clusterAuthInfoSchema>;

/** `custom_option` after parsing: an object with `bk_biz_id` (a number when it looks like one, else `''`). */
export const clusterCustomOptionSchema = answerObject({ bk_biz_id: z.union([z.number(), z.string()]) });
/**
 * A parsed `custom_option`: only `bk_biz_id` is typed. Whatever else is stored (bklog's
 * `hot_warm_config`, `setup_config`...) is kept at run time; `es.list()`/`kafka.list()` read it
 * into typed camelCase fields.
 */
export type ClusterCustomOption = z.output<typeof clusterCustomOptionSchema>;

/** `cluster_config` of a cluster as metadata returns it; informational fields are optional. */
export const clusterConfigSchema = answerObject({
  cluster_id: z.number(),
  cluster_name: z.string(),
  display_name: z.string().nullish(),
  domain_name: z.string(),
  port: z.number(),
  extranet_domain_name: z.string().nullish(),
  extranet_port: z.number().nullish(),
  schema: z.string().nullish(),
  description: z.string().nullish(),
  is_ssl_verify: z.boolean().nullish(),
  ssl_verification_mode: z.string().nullish(),
  ssl_insecure_skip_verify: z.boolean().nullish(),
  /** `base64://…` PEM, or `''`. */
  ssl_certificate_authorities: z.string().nullish(),
  ssl_certificate: z.string().nullish(),
  /** A TLS private key: `''` unless secrets were asked for. */
  ssl_certificate_key: z.string().nullish(),
  raw_ssl_certificate_authorities: z.string().nullish(),
  raw_ssl_certificate: z.string().nullish(),
  /** A TLS private key: `''` unless secrets were asked for. */
  raw_ssl_certificate_key: z.string().nullish(),
  version: z.string().nullish(),
  custom_option: clusterCustomOptionSchema,
  registered_system: z.string().nullish(),
  creator: z.string().nullish(),
  create_time: z.union([z.string(), z.number()]).nullish(),
  last_modify_user: z.string().nullish(),
  last_modify_time: z.union([z.string(), z.number()]).nullish(),
  is_default_cluster: z.boolean().nullish(),
});
/** `cluster_config` of a cluster. */
export type ClusterConfig = z.output<typeof clusterConfigSchema>;

/** One cluster as `get_cluster_info` returns it, after bklog's `parse_cluster_info`. */
export const clusterInfoSchema = answerObject({
  cluster_config: clusterConfigSchema,
  /** `elasticsearch`, `kafka`, `influxdb`, ... as metadata stores it (older servers: `influxDB`). */
  cluster_type: z.string(),
  auth_info: clusterAuthInfoSchema,
});
/** One registered cluster. */
export type ClusterInfo = z.output<typeof clusterInfoSchema>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * bklog's `custom_option` parsing: a JSON string (or an object) becomes an object, anything
 * invalid or not an object becomes `{}`; `bk_biz_id` is ensured (default `''`) and a numeric
 * string (`"2"`, `"-5"`) becomes a number.
 */
export function parseCustomOption(value: unknown): ClusterCustomOption {
  let option: unknown = value;
  if (typeof value === 'string') {
    try {
      option = JSON.parse(value) as unknown;
    } catch {
      option = {};
    }
  }
  const result: Record<string, unknown> = isPlainObject(option) ? { ...option } : {};
  if (!('bk_biz_id' in result) || result.bk_biz_id === null || result.bk_biz_id === undefined) result.bk_biz_id = '';
  if (typeof result.bk_biz_id === 'string' && /^-?\d+$/.test(result.bk_biz_id)) result.bk_biz_id = Number(result.bk_biz_id);
  return result as ClusterCustomOption;
}

/**
 * bklog's `auth_info` parsing: with `is_plain_text` false metadata sends base64 of a JSON object;
 * it is decoded, and anything undecodable becomes `{}`. An object is kept as it is.
 */
export function parseAuthInfo(value: unknown): Record<string, unknown> {
  if (isPlainObject(value)) return { ...value };
  if (typeof value !== 'string' || value === '') return {};
  try {
    const decoded = JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as unknown;
    return isPlainObject(decoded) ? decoded : {};
  } catch {
    return {};
  }
}

/** `get_cluster_info`'s `after`: parses every item's `custom_option` and `auth_info` (bklog's `get_cluster_info_after`). */
export function parseClusterInfoEnvelope(envelope: Envelope): Envelope {
  if (!Array.isArray(envelope.data)) return envelope;
  const data = (envelope.data as unknown[]).map((item) => {
    if (!isPlainObject(item) || !isPlainObject(item.cluster_config)) return item;
    return {
      ...item,
      cluster_config: { ...item.cluster_config, custom_option: parseCustomOption(item.cluster_config.custom_option) },
      auth_info: parseAuthInfo(item.auth_info),
    };
  });
  return { ...envelope, data };
}

function isSecretField(key: string): boolean {
  return isSecretKey(key) || /certificate_key$/i.test(key);
}

/**
 * A copy of a cluster with its secrets blanked to `''` (bklog blanks the password in its answers):
 * every password and SASL secret in `auth_info`, and TLS private keys in `cluster_config`.
 */
export function redactClusterInfo(cluster: ClusterInfo): ClusterInfo {
  const authInfo: Record<string, unknown> = { ...cluster.auth_info };
  for (const key of Object.keys(authInfo)) if (key !== 'username' && isSecretField(key)) authInfo[key] = '';
  const config: Record<string, unknown> = { ...cluster.cluster_config };
  for (const key of Object.keys(config)) if (isSecretField(key) && typeof config[key] === 'string') config[key] = '';
  return { ...cluster, auth_info: authInfo, cluster_config: config as ClusterConfig };
}
