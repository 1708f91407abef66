import { describe, expect, it } from 'vitest';
import { ApiRequestError } from './api-request-error.js';
import { RetryError } from './retry-error.js';

describe('RetryError', () => {
  it('keeps every attempt error, the last one and the reason', () => {
    const attempts = [
      new ApiRequestError({ failure: 'http-status', status: 503, requestId: 'r1' }),
      new ApiRequestError({ failure: 'http-status', status: 502, requestId: 'r1', message: 'bad gateway' }),
    ];
    const error = new RetryError({ reason: 'maxAttemptsExceeded', attemptErrors: attempts });
    expect(error.code).toBe('3600016');
    expect(error.reason).toBe('maxAttemptsExceeded');
    expect(error.attempts).toBe(2);
    expect(error.errors).toEqual(attempts);
    expect(error.lastError).toBe(attempts[1]);
    expect(error.requestId).toBe('r1');
    expect(error.message).toBe('The request failed after 2 attempts (maxAttemptsExceeded): bad gateway');
    expect(error.toJSON()).toMatchObject({ reason: 'maxAttemptsExceeded', attempts: 2, errors: [{ status: 503 }, { status: 502 }] });
  });

  it('says, typed, whether any attempt may have been received, the last status and how the last attempt failed', () => {
    const refused = new ApiRequestError({ failure: 'network', requestSent: false });
    const neverSent = new RetryError({ reason: 'maxAttemptsExceeded', attemptErrors: [refused, refused] });
    expect(neverSent.requestSent).toBe(false);
    expect(neverSent.lastStatus).toBeUndefined();
    expect(neverSent.lastFailure).toBe('network');
    const mixed = new RetryError({
      reason: 'totalTimeoutExceeded',
      attemptErrors: [
        new ApiRequestError({ failure: 'http-status', status: 503, requestSent: true }),
        new ApiRequestError({ failure: 'timeout', requestSent: true }),
      ],
    });
    expect(mixed.requestSent).toBe(true);
    expect(mixed.lastStatus).toBe(503);
    expect(mixed.lastFailure).toBe('timeout');
    expect(mixed.toJSON()).toMatchObject({ reason: 'totalTimeoutExceeded', requestSent: true, lastStatus: 503, lastFailure: 'timeout' });
    // A foreign error says nothing about the wire: it may have been sent.
    expect(new RetryError({ reason: 'errorNotRetryable', attemptErrors: [refused, new Error('x')] }).requestSent).toBe(true);
  });

  it('writes Chinese too', () => {
    const error = new RetryError({ reason: 'aborted', attemptErrors: [new Error('x')], language: 'zh' });
    expect(error.message).toBe('重试 1 次后请求仍然失败 (aborted): x');
  });

  it('copies foreign attempt errors without their secret-bearing properties', () => {
    const foreign = Object.assign(new Error('HTTP 500'), { options: { headers: { 'x-bkapi-authorization': '{"bk_app_secret":"s3cr3t-value"}' } } });
    const error = new RetryError({ reason: 'errorNotRetryable', attemptErrors: [foreign] });
    expect(error.lastError).not.toBe(foreign);
    expect(JSON.stringify(error)).not.toContain('s3cr3t-value');
    expect(Object.keys(error.lastError as object)).not.toContain('options');
  });
});
