import { describe, expect, it } from 'vitest';
import { mergeRetryPolicies } from '../client/normalize-settings.js';
import { isPreSendFailure, toKyRetryOptions } from './ky-retry-options.js';
import { DEFAULT_RETRY_POLICY } from './retry-policy.js';

describe('retry policy', () => {
  it('defaults to 3 attempts, 300 ms doubling to 10 s with full jitter, 429/502/503/504', () => {
    const options = toKyRetryOptions(DEFAULT_RETRY_POLICY, true, undefined);
    expect(options).toMatchObject({
      limit: 2,
      statusCodes: [429, 502, 503, 504],
      afterStatusCodes: [429, 502, 503, 504],
      backoffLimit: 10_000,
      jitter: true,
      retryOnTimeout: true,
      maxRetryAfter: 30_000,
    });
    expect([1, 2, 3].map((attempt) => options.delay?.(attempt))).toEqual([300, 600, 1200]);
  });

  it('gives non-idempotent endpoints no retryable status and no timeout retries', () => {
    const options = toKyRetryOptions(DEFAULT_RETRY_POLICY, false, undefined);
    expect(options.statusCodes).toEqual([]);
    expect(options.retryOnTimeout).toBe(false);
  });

  it('merges layers field by field into fresh objects', () => {
    const client = { attempts: 5, backoff: { initialDelay: 100 } };
    const merged = mergeRetryPolicies(client, undefined, { backoff: { maxDelay: 50 } });
    expect(merged.attempts).toBe(5);
    expect(merged.backoff).toEqual({ initialDelay: 100, factor: 2, maxDelay: 50, jitter: true });
    expect(client).toEqual({ attempts: 5, backoff: { initialDelay: 100 } });
    expect(mergeRetryPolicies(client, false).attempts).toBe(1);
    expect(DEFAULT_RETRY_POLICY.attempts).toBe(3);
  });

  it('recognises failures before sending', () => {
    expect(isPreSendFailure(new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }))).toBe(true);
    expect(
      isPreSendFailure(new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' }), Object.assign(new Error('b'), { code: 'ENETUNREACH' })])),
    ).toBe(true);
    expect(isPreSendFailure(new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) }))).toBe(false);
    expect(isPreSendFailure(Object.assign(new Error('x'), { code: 'UND_ERR_SOCKET' }))).toBe(false);
  });
});
