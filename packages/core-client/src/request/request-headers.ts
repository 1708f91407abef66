import { ValidationError } from '@x/errors';
import type { CallConfig, NormalizedSettings } from '../client/normalize-settings.js';
import type { Endpoint } from '../endpoint/define-endpoint.js';
import type { BuiltRequest } from './build-request.js';

const unsafeHeaderCharacters = /[\r\n\0]/;
// What fetch accepts in a header value besides CR/LF/NUL: tab, visible ASCII, Latin-1.
const headerValueCharacters = /^[\t\x20-\x7e\x80-\xff]*$/;
// RFC 9110 token: what a header name may hold.
const headerName = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function headerRefused(endpoint: Endpoint, path: readonly (string | number)[], message: string): ValidationError {
  // The value is never echoed: a hostile or secret-bearing header must not reach a log through the error.
  return new ValidationError({ direction: 'input', module: endpoint.module, endpoint: endpoint.name, issues: [{ path: [...path], message, code: 'invalid_header' }] });
}

function valueProblem(value: string): string | undefined {
  if (unsafeHeaderCharacters.test(value)) return 'must not contain CR, LF or NUL (it is sent as a header)';
  if (!headerValueCharacters.test(value)) return 'must hold printable Latin-1 characters only (it is sent as a header)';
  return undefined;
}

function headerSafe(endpoint: Endpoint, field: string, value: string): string {
  const problem = valueProblem(value);
  if (problem !== undefined) throw headerRefused(endpoint, [field], problem);
  return value;
}

/**
 * The `headers` setting, checked before `new Headers()` sees it: a CR/LF/NUL in a value or a name
 * that is not an HTTP token fails the call with a ValidationError naming the header (fetch would
 * throw a bare TypeError, and a lenient transport could split the request).
 */
function extraHeaders(endpoint: Endpoint, extra: Readonly<Record<string, string>>): Headers {
  for (const [name, value] of Object.entries(extra)) {
    if (!headerName.test(name)) throw headerRefused(endpoint, ['headers', name], 'is not a valid HTTP header name');
    if (typeof value !== 'string') throw headerRefused(endpoint, ['headers', name], 'must be a string');
    const problem = valueProblem(value);
    if (problem !== undefined) throw headerRefused(endpoint, ['headers', name], problem);
  }
  return new Headers(extra);
}

/**
 * The headers of one call: the client's extra headers, then param headers (`headerKeys`), then the
 * SDK's own, which win: user agent, auth, tenant, request id (twice), language, content type.
 */
export function buildHeaders(settings: NormalizedSettings, endpoint: Endpoint, built: BuiltRequest, config: CallConfig, tenantId: string, authorization: string | undefined): Headers {
  const headers = extraHeaders(endpoint, settings.headers);
  for (const [name, value] of Object.entries(built.headers)) headers.set(name, value);
  headers.set('User-Agent', headerSafe(endpoint, 'userAgent', settings.userAgent));
  headers.set('Accept', 'application/json');
  if (authorization !== undefined) headers.set('X-Bkapi-Authorization', authorization);
  headers.set('X-Bk-Tenant-Id', headerSafe(endpoint, 'tenantId', tenantId));
  headers.set('X-Request-Id', headerSafe(endpoint, 'requestId', config.requestId));
  headers.set('X-DATA-REQUEST-ID', config.requestId);
  if (config.language !== undefined) headers.set('blueking-language', headerSafe(endpoint, 'language', config.language));
  if (built.contentType !== undefined) headers.set('Content-Type', built.contentType);
  return headers;
}
