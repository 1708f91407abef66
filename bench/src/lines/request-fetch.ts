import type { FetchFunction } from '@x/core-client';
import { request as undiciRequest, type Agent } from 'undici';

const nullBodyStatuses = new Set([101, 103, 204, 205, 304]);

/**
 * A `fetch` built on undici's dispatcher API (`undici.request`) instead of a WHATWG fetch: the
 * request's parts go to `request()` on `agent`, the answer comes back as a global `Response`
 * (ky checks `instanceof Response`) over the buffered body. Buffering is fine for JSON APIs and
 * for this benchmark; a production transport would stream and cap the body.
 */
export function createRequestFetch(agent: Agent): FetchFunction {
  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
    const response = await undiciRequest(request.url, {
      method: request.method as 'GET',
      headers,
      ...(body === undefined ? {} : { body }),
      signal: request.signal,
      dispatcher: agent,
    });
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (Array.isArray(value)) for (const item of value) responseHeaders.append(name, item);
      else if (value !== undefined) responseHeaders.set(name, value);
    }
    const buffer = await response.body.arrayBuffer();
    return new Response(nullBodyStatuses.has(response.statusCode) ? null : buffer, { status: response.statusCode, headers: responseHeaders });
  };
}
