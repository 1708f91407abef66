import { ValidationError } from '@x/errors';
import type { Endpoint, WireParams } from '../endpoint/define-endpoint.js';
import { joinUrl } from '../settings/environment.js';

/** What goes on the wire for one call, except the SDK's own headers. */
export interface BuiltRequest {
  /** The final URL, query string included. */
  readonly url: string;
  /** Headers taken from params (`headerKeys`) and `X-METHOD-OVERRIDE`. */
  readonly headers: Readonly<Record<string, string>>;
  /** A JSON text, multipart form, or nothing (GET). */
  readonly body: string | FormData | undefined;
  /** The content type to send with a JSON body (multipart sets its own). */
  readonly contentType: string | undefined;
  /** The params in the body or query, after url keys and header keys were handled. */
  readonly params: WireParams;
}

const unsafeCharacters = /[\r\n\0]/;
const absoluteUrl = /^https?:\/\//i;
const urlKeyPattern = /\{([^{}]+)\}/g;

/** What every call of an endpoint needs from its definition: worked out once per endpoint. */
interface EndpointShape {
  /** Whether the path has `{key}` placeholders. */
  readonly templated: boolean;
  /** Params keys that are not sent in the body or query: header keys, and url keys unless kept. */
  readonly removed: ReadonlySet<string>;
}

// defineEndpoint freezes endpoints: an endpoint's shape never changes.
const shapes = new WeakMap<Endpoint, EndpointShape>();

function shapeOf(endpoint: Endpoint): EndpointShape {
  let shape = shapes.get(endpoint);
  if (shape === undefined) {
    const removed = new Set<string>(endpoint.headerKeys);
    if (!endpoint.keepUrlKeysInParams) for (const key of endpoint.urlKeys) removed.add(key);
    shape = { templated: endpoint.path.includes('{'), removed };
    shapes.set(endpoint, shape);
  }
  return shape;
}

function inputError(endpoint: Endpoint, field: string, message: string, code: string): ValidationError {
  return new ValidationError({
    direction: 'input',
    module: endpoint.module,
    endpoint: endpoint.name,
    issues: [{ path: [field], message, code }],
  });
}

function urlKeyValue(endpoint: Endpoint, key: string, value: unknown): string {
  if (value === undefined || value === null || value === '') throw inputError(endpoint, key, 'is required by the URL path', 'missing_url_key');
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint' && typeof value !== 'boolean') {
    throw inputError(endpoint, key, 'must be a string or number to fill the URL path', 'invalid_url_key');
  }
  const text = String(value);
  if (unsafeCharacters.test(text)) throw inputError(endpoint, key, 'must not contain CR, LF or NUL', 'invalid_url_key');
  // Percent-encoding cannot neutralise a whole `.`/`..` segment: URL parsers resolve it (even as %2e%2e).
  if (text === '.' || text === '..') throw inputError(endpoint, key, 'must not be "." or ".."', 'invalid_url_key');
  return encodeURIComponent(text);
}

/** `JSON.stringify`, typed as it behaves: `undefined` for `undefined` and functions. */
function toJson(value: unknown): string | undefined {
  return JSON.stringify(value);
}

function scalarText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
    case 'bigint':
      return value.toString();
    default:
      if (value instanceof Date) return value.toISOString();
      return toJson(value) ?? '';
  }
}

function headerValue(endpoint: Endpoint, key: string, value: unknown): string {
  const text = scalarText(value);
  if (unsafeCharacters.test(text)) throw inputError(endpoint, key, 'must not contain CR, LF or NUL (it is sent as a header)', 'invalid_header');
  return text;
}

function appendQuery(search: URLSearchParams, key: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) {
      if (item !== undefined && item !== null) search.append(key, scalarText(item));
    }
    return;
  }
  search.append(key, scalarText(value));
}

/**
 * `url` with `params` added to its query string, as `url.searchParams.append` would add them. The
 * query is serialised once: appending through `url.searchParams` re-serialises the URL each time.
 */
function withQuery(url: URL, params: WireParams): string {
  if (url.search === '' && url.hash === '' && !url.href.endsWith('?') && !url.href.endsWith('#')) {
    const search = new URLSearchParams();
    for (const key of Object.keys(params)) appendQuery(search, key, params[key]);
    const query = search.toString();
    return query === '' ? url.href : `${url.href}?${query}`;
  }
  for (const key of Object.keys(params)) appendQuery(url.searchParams, key, params[key]);
  return url.href;
}

/** Whether a param value is sent as a file part (multipart). */
export function isFileValue(value: unknown): value is Blob | Uint8Array | ReadableStream {
  return value instanceof Blob || value instanceof Uint8Array || value instanceof ReadableStream;
}

async function toBlob(value: Blob | Uint8Array | ReadableStream): Promise<Blob> {
  if (value instanceof Blob) return value;
  if (value instanceof Uint8Array) return new Blob([value]);
  // A stream becomes a Blob: multipart needs the part's length, and fetch retries need a replayable body.
  return new Response(value).blob();
}

async function buildForm(params: WireParams): Promise<FormData> {
  const form = new FormData();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (isFileValue(value)) {
      const blob = await toBlob(value);
      form.append(key, blob, blob instanceof File ? blob.name : key);
    } else if (Array.isArray(value)) {
      for (const item of value as unknown[]) if (item !== undefined && item !== null) form.append(key, scalarText(item));
    } else {
      form.append(key, scalarText(value));
    }
  }
  return form;
}

/**
 * Builds the URL, body and param headers of one call: url keys percent-encoded into the path,
 * `headerKeys` moved to headers, GET params in the query string (arrays as repeated keys,
 * null/undefined dropped, booleans `true`/`false`, objects as JSON), other methods a JSON body —
 * or multipart when a param is a Blob, File, Buffer, Uint8Array or ReadableStream.
 */
export async function buildRequest(endpoint: Endpoint, wireParams: WireParams, rootUrl: () => string): Promise<BuiltRequest> {
  const shape = shapeOf(endpoint);
  const headers: Record<string, string> = {};
  const path = shape.templated ? endpoint.path.replace(urlKeyPattern, (_match, key: string) => urlKeyValue(endpoint, key, wireParams[key])) : endpoint.path;
  for (const key of endpoint.headerKeys) {
    const value = Object.hasOwn(wireParams, key) ? wireParams[key] : undefined;
    if (value !== undefined && value !== null) headers[key] = headerValue(endpoint, key, value);
  }
  // `wireParams` is the call's own copy: it is sent as it is unless a header or url key leaves it.
  let params = wireParams;
  for (const key of shape.removed) {
    if (Object.hasOwn(wireParams, key)) {
      params = Object.fromEntries(Object.entries(wireParams).filter(([name]) => !shape.removed.has(name)));
      break;
    }
  }
  if (endpoint.methodOverride !== undefined) headers['X-METHOD-OVERRIDE'] = headerValue(endpoint, 'methodOverride', endpoint.methodOverride);

  let url: URL;
  const target = absoluteUrl.test(path) ? path : joinUrl(rootUrl(), path);
  try {
    url = new URL(target);
  } catch {
    throw inputError(
      endpoint,
      endpoint.root === undefined ? 'baseUrl' : `roots.${endpoint.root}`,
      `does not make a valid URL with the path (${target})`,
      'invalid_url',
    );
  }

  // bklog also appends `bklog_request_id=<id>` to every query string. It is not sent: the id
  // travels in X-Request-Id / X-DATA-REQUEST-ID, and strict APIs reject unknown parameters.
  if (endpoint.method === 'GET') return { url: withQuery(url, params), headers, body: undefined, contentType: undefined, params };
  if (Object.values(params).some(isFileValue)) {
    return { url: url.toString(), headers, body: await buildForm(params), contentType: undefined, params };
  }
  return { url: url.toString(), headers, body: JSON.stringify(params), contentType: 'application/json; charset=utf-8', params };
}
