import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { MutableCall, SandboxEnv } from './sandbox-env.js';

/** Every response carries `X-Bkapi-Request-Id`, as the gateway's do. */
export const requestIdMiddleware: MiddlewareHandler<SandboxEnv> = async (c, next) => {
  const requestId = randomUUID();
  c.set('requestId', requestId);
  c.set('call', undefined);
  await next();
  // A reset fault has already written its own headers and destroyed the socket.
  if (c.res.headers.has('x-hono-already-sent')) return;
  c.res.headers.set('x-bkapi-request-id', requestId);
};

async function parseBody(c: Context<SandboxEnv>): Promise<unknown> {
  const contentType = c.req.header('content-type') ?? '';
  if (contentType.includes('multipart/form-data') || contentType.includes('application/x-www-form-urlencoded')) {
    const form = await c.req.parseBody({ all: true });
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(form)) {
      const describe = (item: unknown): unknown => (item instanceof File ? { filename: item.name, size: item.size, type: item.type } : item);
      fields[key] = Array.isArray(value) ? value.map(describe) : describe(value);
    }
    return fields;
  }
  const text = await c.req.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Records the request into `calls` and parses its body once for the route. */
export function createRecorderMiddleware(calls: MutableCall[]): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    const body = await parseBody(c);
    c.set('body', body);
    const query: Record<string, string | string[]> = {};
    for (const [key, values] of Object.entries(c.req.queries())) {
      query[key] = values.length === 1 ? (values[0] ?? '') : values;
    }
    const headers: Record<string, string> = {};
    c.req.raw.headers.forEach((value, key) => {
      headers[key.toLowerCase()] = value;
    });
    const call: MutableCall = {
      method: c.req.method,
      path: c.req.path,
      query,
      headers,
      body,
      at: Date.now(),
      requestId: c.get('requestId'),
      tenantId: headers['x-bk-tenant-id'],
      language: headers['blueking-language'],
      route: '',
    };
    calls.push(call);
    c.set('call', call);
    await next();
  };
}
