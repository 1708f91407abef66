import { GATEWAY_ERRORS } from './sandbox-envelope.js';
import type { GatewayError } from './sandbox-envelope.js';
import { isRecord } from './request-params.js';

/** The credentials a sandbox accepts. */
export interface SandboxCredentials {
  readonly appCode: string;
  readonly appSecret: string;
}

/**
 * Checks `X-Bkapi-Authorization` like the API gateway: it must be a JSON object carrying the
 * configured `bk_app_code` and `bk_app_secret`. Missing or unparsable → 401; wrong → 403.
 * Returns the error to answer, or undefined when the caller is authenticated.
 */
export function checkAuthorization(header: string | undefined, credentials: SandboxCredentials): GatewayError | undefined {
  if (header === undefined || header.trim() === '') {
    return { ...GATEWAY_ERRORS.unauthorized, message: 'Request header X-Bkapi-Authorization is missing' };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(header);
  } catch {
    return { ...GATEWAY_ERRORS.unauthorized, message: 'Request header X-Bkapi-Authorization is not valid JSON' };
  }
  if (!isRecord(parsed) || typeof parsed.bk_app_code !== 'string' || typeof parsed.bk_app_secret !== 'string') {
    return { ...GATEWAY_ERRORS.unauthorized, message: 'X-Bkapi-Authorization must carry bk_app_code and bk_app_secret' };
  }
  if (parsed.bk_app_code !== credentials.appCode || parsed.bk_app_secret !== credentials.appSecret) {
    return { ...GATEWAY_ERRORS.forbidden, message: `App authentication failed for bk_app_code [${parsed.bk_app_code}]` };
  }
  return undefined;
}
