import { describe, expect, it } from 'vitest';
import { ApiRequestError } from './api-request-error.js';

describe('ApiRequestError', () => {
  it('has code 3600015 and keeps status, method, content type and gateway headers', () => {
    const error = new ApiRequestError({
      failure: 'http-status',
      status: 503,
      method: 'POST',
      url: 'http://127.0.0.1:1/api/c/compapi/v2/cmsi/send_mail/',
      contentType: 'text/html',
      responseBody: '<html>bad gateway</html>',
      gateway: { requestId: 'gw-1', errorCode: '1640001', errorMessage: 'backend down' },
      module: 'cmsi',
      endpoint: 'send_mail',
    });
    expect(error.code).toBe('3600015');
    expect(error.failure).toBe('http-status');
    expect(error.status).toBe(503);
    expect(error.isRetryable).toBe(true);
    expect(error.gateway).toEqual({ requestId: 'gw-1', errorCode: '1640001', errorMessage: 'backend down' });
    expect(error.toJSON()).toMatchObject({ status: 503, contentType: 'text/html', responseBody: '<html>bad gateway</html>', module: 'cmsi' });
  });

  it('decides retryability from the failure and status unless told', () => {
    expect(new ApiRequestError({ failure: 'network' }).isRetryable).toBe(true);
    expect(new ApiRequestError({ failure: 'timeout' }).isRetryable).toBe(true);
    expect(new ApiRequestError({ failure: 'http-status', status: 429 }).isRetryable).toBe(true);
    expect(new ApiRequestError({ failure: 'http-status', status: 400 }).isRetryable).toBe(false);
    expect(new ApiRequestError({ failure: 'invalid-json', status: 200 }).isRetryable).toBe(false);
    expect(new ApiRequestError({ failure: 'http-status', status: 400, isRetryable: true }).isRetryable).toBe(true);
  });

  it('truncates the body it keeps', () => {
    const error = new ApiRequestError({ failure: 'invalid-json', responseBody: 'x'.repeat(5000), maxBodyLength: 100 });
    expect(error.responseBody).toHaveLength(100 + '…[truncated 4900 characters]'.length);
    expect(error.responseBody?.endsWith('…[truncated 4900 characters]')).toBe(true);
  });

  it('keeps the URL without user info or secret query parameters', () => {
    const error = new ApiRequestError({
      failure: 'network',
      url: 'https://admin:hunter22@example.test/cgi-bin/webhook/send?key=robot-key-1&access_token=tok-123&page=2',
    });
    expect(error.url).not.toContain('hunter22');
    expect(error.url).not.toContain('robot-key-1');
    expect(error.url).not.toContain('tok-123');
    expect(error.url).toContain('page=2');
  });

  it('says whether the request may have reached the server and how long to wait', () => {
    const refused = new ApiRequestError({ failure: 'network', requestSent: false });
    const limited = new ApiRequestError({ failure: 'http-status', status: 429, requestSent: true, retryAfterMs: 2000 });
    expect(refused.requestSent).toBe(false);
    expect(limited.retryAfterMs).toBe(2000);
    expect(limited.toJSON()).toMatchObject({ requestSent: true, retryAfterMs: 2000 });
    expect(new ApiRequestError({ failure: 'timeout' }).requestSent).toBeUndefined();
  });

  it('carries a trace id', () => {
    expect(new ApiRequestError({ failure: 'http-status', status: 400, traceId: 't-1' }).traceId).toBe('t-1');
  });
});
