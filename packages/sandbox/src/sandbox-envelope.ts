import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { SandboxEnv } from './sandbox-env.js';

/** Answers any JSON value; `c.json` is avoided because its typing rejects `unknown`. */
export function jsonResponse(c: Context<SandboxEnv>, body: unknown, status: ContentfulStatusCode = 200): Response {
  return c.body(JSON.stringify(body), status, { 'content-type': 'application/json; charset=utf-8' });
}

/** A successful BlueKing component answer: `{result: true, code: 0, message: 'OK', data, request_id}`. */
export function success(c: Context<SandboxEnv>, data: unknown): Response {
  return jsonResponse(c, { result: true, code: 0, message: 'OK', data, request_id: c.get('requestId') });
}

/**
 * A business failure as ESB reports it: HTTP 200 with `result: false`. `errors` is included only
 * when given, as the real components do.
 */
export function failure(c: Context<SandboxEnv>, code: number | string, message: string, errors?: unknown): Response {
  const body: Record<string, unknown> = { result: false, code, message, data: null, request_id: c.get('requestId') };
  if (errors !== undefined) body.errors = errors;
  return jsonResponse(c, body);
}

/** A gateway-level error (auth, rate limit, upstream failure), answered before any component runs. */
export interface GatewayError {
  readonly status: ContentfulStatusCode;
  readonly code: number;
  readonly codeName: string;
  readonly message: string;
}

/**
 * Answers a gateway error the way the BlueKing API gateway does: the status, the
 * `X-Bkapi-Error-Code` / `X-Bkapi-Error-Message` headers and `{result: false, code, code_name, message, data: null}`.
 */
export function gatewayError(c: Context<SandboxEnv>, error: GatewayError, extraHeaders: Record<string, string> = {}): Response {
  return c.body(JSON.stringify({ result: false, code: error.code, code_name: error.codeName, message: error.message, data: null }), error.status, {
    'content-type': 'application/json; charset=utf-8',
    'x-bkapi-error-code': String(error.code),
    // Header values must be Latin-1; the gateway's own messages are ASCII, keep ours so.
    'x-bkapi-error-message': error.message.replace(/[^\x20-\x7e]/g, '?'),
    ...extraHeaders,
  });
}

/** Gateway error codes the sandbox uses (the API gateway's 16xxxxx family). */
export const GATEWAY_ERRORS = {
  unauthorized: { status: 401, code: 1640401, codeName: 'UNAUTHORIZED' },
  forbidden: { status: 403, code: 1640301, codeName: 'APP_NO_PERMISSION' },
  notFound: { status: 404, code: 1640404, codeName: 'API_NOT_FOUND' },
  rateLimited: { status: 429, code: 1642903, codeName: 'RATE_LIMIT_RESTRICTION' },
  internalError: { status: 500, code: 1650001, codeName: 'INTERNAL_SERVER_ERROR' },
  badGateway: { status: 502, code: 1650201, codeName: 'BAD_GATEWAY' },
  unavailable: { status: 503, code: 1650301, codeName: 'SERVICE_UNAVAILABLE' },
  timeout: { status: 504, code: 1650401, codeName: 'REQUEST_BACKEND_TIMEOUT' },
} as const satisfies Record<string, Omit<GatewayError, 'message'>>;
