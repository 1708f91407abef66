import { ApiRequestError, ApiResultError, createRedactor, PartialDeliveryError, RetryError, ValidationError } from '@x/errors';
import { describe, expect, it } from 'vitest';
import { ChannelRejectedError } from './channel-senders.js';
import type { ChannelSender, ChannelSenders } from './channel-senders.js';
import { backoffDelay, classifySendFailure, createDeliveryProcessor, normalizeRetryPolicy, transportCode } from './delivery-worker.js';
import { CHANNELS } from './routing.js';

const withCode = (message: string, code: string): Error => Object.assign(new Error(message), { code });
// What @x/core-client reports: `requestSent` is false only for failures before a byte left.
const preSendCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'UND_ERR_CONNECT_TIMEOUT']);
const network = (code: string): ApiRequestError =>
  new ApiRequestError({
    failure: 'network',
    message: `[cmsi-API] connection failed (${code})`,
    requestSent: !preSendCodes.has(code),
    cause: new TypeError('fetch failed', { cause: withCode(`connect ${code}`, code) }),
  });
const status = (code: number): ApiRequestError => new ApiRequestError({ failure: 'http-status', status: code, message: `HTTP ${code}`, requestId: 'req-1' });

describe('classifySendFailure', () => {
  it.each([
    ['ECONNREFUSED before sending', 'retryable', network('ECONNREFUSED')],
    ['DNS failure before sending', 'retryable', network('ENOTFOUND')],
    ['connect timeout', 'retryable', network('UND_ERR_CONNECT_TIMEOUT')],
    ['429 from the gateway', 'retryable', status(429)],
    ['503 from the gateway', 'retryable', status(503)],
    ['reset after sending', 'ambiguous', network('ECONNRESET')],
    ['socket closed mid-response', 'ambiguous', network('UND_ERR_SOCKET')],
    ['network failure without a code', 'ambiguous', new ApiRequestError({ failure: 'network' })],
    ['timeout after sending', 'ambiguous', new ApiRequestError({ failure: 'timeout' })],
    ['500 from behind the gateway', 'ambiguous', status(500)],
    ['502', 'ambiguous', status(502)],
    ['504', 'ambiguous', status(504)],
    ['a cut 2xx body', 'ambiguous', new ApiRequestError({ failure: 'invalid-json', status: 200 })],
    ['an unexpected error', 'ambiguous', new Error('boom')],
    ['401', 'rejected', status(401)],
    ['403', 'rejected', status(403)],
    ['result false', 'rejected', new ApiResultError({ code: 1306000, message: 'All users message failed to be sent.' })],
    ['a partial delivery', 'rejected', new PartialDeliveryError({ code: 1306000, message: 'Some users failed to send sms.', refused: ['ghost'] })],
    ['invalid input', 'rejected', new ValidationError({ direction: 'input', issues: [{ path: ['receiver__username'], message: 'required' }] })],
    ['output not fitting its schema', 'ambiguous', new ValidationError({ direction: 'output' })],
    ['a sender refusing', 'rejected', new ChannelRejectedError('no chatid')],
    [
      'client retries that never reached the server',
      'retryable',
      new RetryError({ reason: 'maxAttemptsExceeded', attemptErrors: [network('ECONNREFUSED'), network('ECONNREFUSED')] }),
    ],
    [
      'client retries of which one may have been processed',
      'ambiguous',
      new RetryError({ reason: 'maxAttemptsExceeded', attemptErrors: [network('ECONNRESET'), status(503)] }),
    ],
  ])('%s → %s', (_name, expected, error) => {
    expect(classifySendFailure(error).disposition).toBe(expected);
  });

  it('trusts requestSent over the error code', () => {
    expect(classifySendFailure(new ApiRequestError({ failure: 'network', requestSent: false })).disposition).toBe('retryable');
    expect(classifySendFailure(new ApiRequestError({ failure: 'network', requestSent: true, cause: withCode('x', 'ECONNREFUSED') })).disposition).toBe(
      'ambiguous',
    );
  });

  it('keeps the Retry-After the server asked for', () => {
    expect(classifySendFailure(new ApiRequestError({ failure: 'http-status', status: 429, retryAfterMs: 4000 })).retryAfterMs).toBe(4000);
  });

  it('records the code, status, request id and a redacted, bounded message', () => {
    const failure = classifySendFailure(
      new ApiRequestError({ failure: 'http-status', status: 503, message: `HTTP 503 for app secret s3cr3t-value ${'x'.repeat(600)}`, requestId: 'req-9' }),
      createRedactor({ secrets: ['s3cr3t-value'] }),
    );
    expect(failure.error).toMatchObject({ code: '3600015', status: 503, requestId: 'req-9' });
    expect(failure.error.message).toMatch(/^the gateway answered 503 before processing, will retry: HTTP 503/);
    expect(failure.error.message).not.toContain('s3cr3t-value');
    expect(failure.error.message.length).toBeLessThanOrEqual(500);
  });

  it('finds transport codes through causes and aggregate errors', () => {
    expect(transportCode(new Error('x', { cause: new AggregateError([withCode('a', 'ECONNREFUSED')]) }))).toBe('ECONNREFUSED');
    expect(transportCode(withCode('business', '1640001'))).toBeUndefined();
  });
});

describe('backoff', () => {
  it('grows exponentially up to the cap, jittered between half and all of it', () => {
    const policy = normalizeRetryPolicy({ initialDelayMs: 100, factor: 2, maxDelayMs: 300, jitter: false });
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(policy, attempt))).toEqual([100, 200, 300, 300]);
    const jittered = normalizeRetryPolicy({ initialDelayMs: 100, jitter: true });
    expect(backoffDelay(jittered, 1, () => 0)).toBe(50);
    expect(backoffDelay(jittered, 1, () => 0.999)).toBe(100);
  });

  it('fills defaults', () => {
    expect(normalizeRetryPolicy()).toEqual({ maxAttempts: 5, initialDelayMs: 1000, factor: 2, maxDelayMs: 60_000, jitter: true });
  });
});

describe('createDeliveryProcessor', () => {
  const alert = { id: 'a-1', severity: 'info', title: 'T', content: 'C', receivers: ['admin'] };
  const sendersThrowing = (error: Error): ChannelSenders => {
    const sender: ChannelSender = () => Promise.reject(error);
    return Object.fromEntries(CHANNELS.map((channel) => [channel, sender])) as unknown as ChannelSenders;
  };
  const job = (attempt: number) => ({ idempotencyKey: 'a-1/mail', deliveryId: 'dlv_1', alert, channel: 'mail' as const, attempt });

  it('reports a send with its request id', async () => {
    const sender: ChannelSender = (request) => Promise.resolve({ requestId: `sent-${request.idempotencyKey}` });
    const senders = Object.fromEntries(CHANNELS.map((channel) => [channel, sender])) as unknown as ChannelSenders;
    await expect(createDeliveryProcessor({ senders })(job(1))).resolves.toEqual({ kind: 'sent', requestId: 'sent-a-1/mail' });
  });

  it('schedules a retry after a safe failure, and gives up when attempts are exhausted', async () => {
    const processor = createDeliveryProcessor({ senders: sendersThrowing(status(503)), retry: { maxAttempts: 3, initialDelayMs: 1000, jitter: false } });
    const before = Date.now();
    const retry = await processor(job(1));
    expect(retry.kind).toBe('retry');
    expect(retry.kind === 'retry' && retry.retryAt - before).toBeGreaterThanOrEqual(1000);
    await expect(processor(job(3))).resolves.toMatchObject({ kind: 'failed', reason: 'exhausted', error: { status: 503 } });
  });

  it('waits as long as a 429 asks when that is longer than the backoff', async () => {
    const limited = new ApiRequestError({ failure: 'http-status', status: 429, retryAfterMs: 5000 });
    const processor = createDeliveryProcessor({ senders: sendersThrowing(limited), retry: { maxAttempts: 3, initialDelayMs: 100, jitter: false } });
    const before = Date.now();
    const retry = await processor(job(1));
    expect(retry.kind === 'retry' && retry.retryAt - before).toBeGreaterThanOrEqual(5000);
  });

  it('never schedules a retry for an ambiguous or rejected failure', async () => {
    await expect(createDeliveryProcessor({ senders: sendersThrowing(new ApiRequestError({ failure: 'timeout' })) })(job(1))).resolves.toMatchObject({
      kind: 'failed',
      reason: 'ambiguous',
    });
    await expect(createDeliveryProcessor({ senders: sendersThrowing(new ApiResultError({ code: 1640001 })) })(job(1))).resolves.toMatchObject({
      kind: 'failed',
      reason: 'rejected',
      error: { code: '1640001' },
    });
  });

  // CMSI's answer when one receiver is unknown (legacy-bk-paas 2.14.69 send_sms.py / toolkit/tools.py):
  // the known receivers got the SMS, the answer is result false. Repeating it would text them twice.
  it('a partial delivery is final on the first attempt and records who was refused', async () => {
    const partial = new PartialDeliveryError({
      code: 1306000,
      message: 'Some users failed to send sms. The following users are not blueking users: ghost',
      refused: ['ghost'],
    });
    // A retry would be `kind: 'retry'`: the job ends here, with attempts to spare.
    const outcome = await createDeliveryProcessor({ senders: sendersThrowing(partial), retry: { maxAttempts: 5 } })(job(1));
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'rejected', error: { code: '1306000' } });
    expect((outcome as { error: { message: string } }).error.message).toContain('refused for ghost; not resent');
  });
});
