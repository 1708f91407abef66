import { ApiRequestError, ApiResultError, RetryError, ValidationError } from '@x/errors';
import { describe, expect, it } from 'vitest';
import { describeError } from './describe-error.js';

describe('describeError', () => {
  it('names the class, the code, the status, the request and trace ids', () => {
    const error = new ApiRequestError({ failure: 'http-status', status: 400, message: 'parse query_string error', requestId: 'req-1', traceId: 'trace-1' });
    expect(describeError(error)).toBe(`ApiRequestError ${error.code} (HTTP 400, request id req-1, trace id trace-1): parse query_string error`);
  });

  it('keeps a remote code and says when there is no request id', () => {
    expect(describeError(new ApiResultError({ code: '1532002', message: 'no such column' }))).toBe('ApiResultError 1532002: no such column');
    expect(describeError(new ValidationError({ message: 'apiHost is not configured' }))).toMatch(/^ValidationError 36\d+: apiHost is not configured$/);
  });

  it('adds the last attempt of a RetryError', () => {
    const last = new ApiRequestError({ failure: 'http-status', status: 503, message: 'unavailable', requestId: 'req-9' });
    const error = new RetryError({ reason: 'maxAttemptsExceeded', attemptErrors: [last], message: 'gave up after 3 attempts' });
    expect(describeError(error)).toContain('; last attempt: ApiRequestError');
    expect(describeError(error)).toContain('request id req-9');
    expect(describeError(error)).toContain(': unavailable');
  });

  it('states the reason of a RetryError once when its message already ends with it', () => {
    const last = new ApiRequestError({ failure: 'timeout', message: 'no answer within the total timeout of 2000 ms', requestId: 'req-3' });
    const error = new RetryError({ reason: 'totalTimeoutExceeded', attemptErrors: [last, last] });
    const text = describeError(error);
    expect(text.split('no answer within the total timeout').length - 1).toBe(1);
    expect(text).toMatch(
      /^RetryError \d+ \(request id req-3\): The request failed after 2 attempts \(totalTimeoutExceeded\): no answer within the total timeout of 2000 ms; last attempt: ApiRequestError \d+ \(request id req-3\)$/,
    );
  });

  it('describes plain errors and values, and scrubs secrets', () => {
    expect(describeError(new Error('boom'))).toBe('boom');
    expect(describeError(new TypeError('bad'))).toBe('TypeError: bad');
    expect(describeError('text')).toBe('text');
    expect(describeError(new Error('password hunter2 refused'), ['hunter2'])).toBe('password *** refused');
  });
});
