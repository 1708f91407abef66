import { ValidationError } from '@x/errors';
import type { CallConfig } from '../client/normalize-settings.js';
import type { Endpoint } from '../endpoint/define-endpoint.js';
import type { BuiltRequest } from './build-request.js';

/**
 * A request's headers as sent: lower-case names, values as `Headers` would keep them. A plain
 * record rather than `Headers`: it is built per call and read once, by the transport or by ky,
 * and each `Headers` copy validates every name and value again.
 */
export type WireHeaders = Record<string, string>;

const unsafeHeaderCharacters = /[\r\n\0]/;
// What fetch accepts in a header value besides CR/LF/NUL: tab, visible ASCII, Latin-1.
const headerValueCharacters = /^[\t\x20-\x7e\x80-\xff]*$/;
// RFC 9110 token: what a header name may hold.
const headerName = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Leading and trailing HTTP whitespace, which `Headers` strips from every value (fetch's "normalize").
const edgeWhitespace = /^[\t ]+|[\t ]+$/g;

function headerRefused(endpoint: Endpoint, path: readonly (string | number)[], message: string): ValidationError {
  // The value is never echoed: a hostile or secret-bearing header must not reach a log through the error.
  return new ValidationError({
    direction: 'input',
    module: endpoint.module,
    endpoint: endpoint.name,
    issues: [{ path: [...path], message, code: 'invalid_header' }],
  });
}

function valueProblem(value: string): string | undefined {
  if (unsafeHeaderCharacters.test(value)) return 'must not contain CR, LF or NUL (it is sent as a header)';
  if (!headerValueCharacters.test(value)) return 'must hold printable Latin-1 characters only (it is sent as a header)';
  return undefined;
}

/** A value as `Headers` stores it: leading and trailing tabs and spaces removed. */
function normalized(value: string): string {
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  return first === 0x20 || first === 0x09 || last === 0x20 || last === 0x09 ? value.replace(edgeWhitespace, '') : value;
}

function headerSafe(endpoint: Endpoint, field: string, value: string): string {
  const problem = valueProblem(value);
  if (problem !== undefined) throw headerRefused(endpoint, [field], problem);
  return normalized(value);
}

/** What a setting's header was refused for: the path and message of the call's ValidationError. */
interface SettingProblem {
  readonly path: readonly string[];
  readonly message: string;
}

/**
 * The headers every call of a client starts from, checked once: the `headers` setting (a CR/LF/NUL
 * in a value or a name that is not an HTTP token is refused, naming the header: fetch would throw a
 * bare TypeError, and a lenient transport could split the request), then the user agent and
 * `Accept`. A setting refused here fails every call with a ValidationError naming the endpoint.
 */
export interface ClientHeaders {
  /** The `headers` setting, lower-cased (empty when one of them is refused). */
  readonly extra: Readonly<WireHeaders>;
  readonly userAgent: string;
  /** The first `headers` entry refused, if any. */
  readonly extraProblem: SettingProblem | undefined;
  /** Why `userAgent` is refused, if it is. */
  readonly userAgentProblem: string | undefined;
}

/** Checks and lower-cases the client's own headers once, for every call of the client. */
export function prepareClientHeaders(extra: Readonly<Record<string, string>>, userAgent: string): ClientHeaders {
  const headers: WireHeaders = {};
  let extraProblem: SettingProblem | undefined;
  for (const [name, value] of Object.entries(extra)) {
    if (!headerName.test(name)) extraProblem = { path: ['headers', name], message: 'is not a valid HTTP header name' };
    else if (typeof value !== 'string') extraProblem = { path: ['headers', name], message: 'must be a string' };
    else {
      const problem = valueProblem(value);
      if (problem !== undefined) extraProblem = { path: ['headers', name], message: problem };
    }
    if (extraProblem !== undefined) break;
    const key = name.toLowerCase();
    const previous = headers[key];
    // `new Headers(record)` appends: two spellings of one name are joined, as on the wire.
    headers[key] = previous === undefined ? normalized(value) : `${previous}, ${normalized(value)}`;
  }
  const userAgentProblem = valueProblem(userAgent);
  return {
    extra: extraProblem === undefined ? headers : {},
    userAgent: userAgentProblem === undefined ? normalized(userAgent) : '',
    extraProblem,
    userAgentProblem,
  };
}

/**
 * A header from params (`headerKeys`, `X-METHOD-OVERRIDE`), which `buildRequest` has checked for
 * CR/LF/NUL. A name or value `Headers` would refuse fails as `Headers.set` fails (a TypeError).
 */
function setParamHeader(headers: WireHeaders, name: string, value: string): void {
  if (!headerName.test(name) || !headerValueCharacters.test(value)) new Headers().set(name, value);
  headers[name.toLowerCase()] = normalized(value);
}

/**
 * The headers of one call: the client's extra headers, then param headers (`headerKeys`), then the
 * SDK's own, which win: user agent, auth, tenant, request id (twice), language, content type.
 */
export function buildHeaders(
  client: ClientHeaders,
  endpoint: Endpoint,
  built: BuiltRequest,
  config: CallConfig,
  tenantId: string,
  authorization: string | undefined,
): WireHeaders {
  if (client.extraProblem !== undefined) throw headerRefused(endpoint, client.extraProblem.path, client.extraProblem.message);
  const headers: WireHeaders = { ...client.extra };
  for (const name in built.headers) {
    const value = built.headers[name];
    if (value !== undefined) setParamHeader(headers, name, value);
  }
  if (client.userAgentProblem !== undefined) throw headerRefused(endpoint, ['userAgent'], client.userAgentProblem);
  headers['user-agent'] = client.userAgent;
  headers.accept = 'application/json';
  if (authorization !== undefined) headers['x-bkapi-authorization'] = authorization;
  headers['x-bk-tenant-id'] = headerSafe(endpoint, 'tenantId', tenantId);
  headers['x-request-id'] = headerSafe(endpoint, 'requestId', config.requestId);
  headers['x-data-request-id'] = normalized(config.requestId);
  if (config.language !== undefined) headers['blueking-language'] = headerSafe(endpoint, 'language', config.language);
  if (built.contentType !== undefined) headers['content-type'] = built.contentType;
  return headers;
}
