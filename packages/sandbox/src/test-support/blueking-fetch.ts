import type { Sandbox } from '../sandbox-types.js';

/** The auth header a well-behaved client sends to this sandbox. */
export function authorization(sandbox: Sandbox, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'x-bkapi-authorization': JSON.stringify({
      bk_app_code: sandbox.credentials.appCode,
      bk_app_secret: sandbox.credentials.appSecret,
      bk_username: 'admin',
      ...extra,
    }),
  };
}

/** A parsed JSON answer with its status and headers. */
export interface JsonAnswer<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/** POSTs (or PUTs/DELETEs) JSON with the sandbox's credentials and reads the JSON answer. */
export async function sendJson<T = Record<string, unknown>>(
  sandbox: Sandbox,
  url: string,
  body: unknown,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<JsonAnswer<T>> {
  const response = await fetch(url, {
    method: options.method ?? 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', ...authorization(sandbox), ...options.headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as T };
}

/** GETs with the sandbox's credentials and reads the JSON answer. */
export async function getJson<T = Record<string, unknown>>(
  sandbox: Sandbox,
  url: string,
  query: Record<string, string> = {},
  headers: Record<string, string> = {},
): Promise<JsonAnswer<T>> {
  const target = new URL(url);
  for (const [key, value] of Object.entries(query)) target.searchParams.append(key, value);
  const response = await fetch(target, { headers: { ...authorization(sandbox), ...headers } });
  return { status: response.status, headers: response.headers, body: (await response.json()) as T };
}

/** A BlueKing envelope as the tests read it. */
export interface Envelope<T = unknown> {
  readonly result: boolean;
  readonly code: number | string;
  readonly message: string;
  readonly data: T;
  readonly request_id?: string;
  readonly errors?: unknown;
}
