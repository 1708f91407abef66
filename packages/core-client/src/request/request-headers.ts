import { ValidationError } from '@x/errors';
import type { CallConfig, NormalizedSettings } from '../client/normalize-settings.js';
import type { Endpoint } from '../endpoint/define-endpoint.js';
import type { BuiltRequest } from './build-request.js';

const unsafeHeaderCharacters = /[\r\n\0]/;

function headerSafe(endpoint: Endpoint, field: string, value: string): string {
  if (unsafeHeaderCharacters.test(value)) {
    throw new ValidationError({
      direction: 'input',
      module: endpoint.module,
      endpoint: endpoint.name,
      issues: [{ path: [field], message: 'must not contain CR, LF or NUL (it is sent as a header)', code: 'invalid_header' }],
    });
  }
  return value;
}

/**
 * The headers of one call: the client's extra headers, then param headers (`headerKeys`), then the
 * SDK's own, which win: user agent, auth, tenant, request id (twice), language, content type.
 */
export function buildHeaders(settings: NormalizedSettings, endpoint: Endpoint, built: BuiltRequest, config: CallConfig, tenantId: string, authorization: string | undefined): Headers {
  const headers = new Headers(settings.headers);
  for (const [name, value] of Object.entries(built.headers)) headers.set(name, value);
  headers.set('User-Agent', settings.userAgent);
  headers.set('Accept', 'application/json');
  if (authorization !== undefined) headers.set('X-Bkapi-Authorization', authorization);
  headers.set('X-Bk-Tenant-Id', headerSafe(endpoint, 'tenantId', tenantId));
  headers.set('X-Request-Id', headerSafe(endpoint, 'requestId', config.requestId));
  headers.set('X-DATA-REQUEST-ID', config.requestId);
  if (config.language !== undefined) headers.set('blueking-language', headerSafe(endpoint, 'language', config.language));
  if (built.contentType !== undefined) headers.set('Content-Type', built.contentType);
  return headers;
}
