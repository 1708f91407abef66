import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error.js';
import { ApiResultError } from './api-result-error.js';
import { BkError } from './bk-error.js';
import { PartialDeliveryError } from './partial-delivery-error.js';

// The answer of legacy-bk-paas 2.14.69's send_mail when one of two users is unknown
// (paas2/esb/components/generic/templates/cmsi/send_mail.py, toolkit/tools.py, esb/response.py).
const partial = {
  code: 1306000,
  message: 'Some users failed to send email. The following users are not blueking users: ghost',
  data: { username_check: { invalid: ['ghost'] } },
  requestId: 'c0ffee',
  module: 'cmsi',
  endpoint: 'send_mail',
  refused: ['ghost'],
};

describe('PartialDeliveryError', () => {
  it('is an ApiResultError carrying the remote code, message, data and the refused receivers', () => {
    const error = new PartialDeliveryError(partial);
    expect(error.name).toBe('PartialDeliveryError');
    expect(error.code).toBe('1306000');
    expect(error.message).toBe(partial.message);
    expect(error.refused).toEqual(['ghost']);
    expect(error.data).toEqual({ username_check: { invalid: ['ghost'] } });
    expect(error.isRetryable).toBe(false);
    expect(error.stack?.split('\n')[0]).toBe(`PartialDeliveryError: ${partial.message}`);
    expect(error.toJSON()).toMatchObject({
      name: 'PartialDeliveryError',
      code: '1306000',
      module: 'cmsi',
      endpoint: 'send_mail',
      refused: ['ghost'],
      isRetryable: false,
      requestId: 'c0ffee',
    });
  });

  it('is recognised by its own isInstance and its parents', () => {
    const error = new PartialDeliveryError(partial);
    expect(PartialDeliveryError.isInstance(error)).toBe(true);
    expect(ApiResultError.isInstance(error)).toBe(true);
    expect(ApiError.isInstance(error)).toBe(true);
    expect(BkError.isInstance(error)).toBe(true);
    expect(error).toBeInstanceOf(ApiResultError);
    expect(PartialDeliveryError.isInstance(new ApiResultError({ code: 1306000 }))).toBe(false);
    expect(PartialDeliveryError.isInstance({ refused: [] })).toBe(false);
  });

  it('scrubs literal secrets from the message and the refused names', () => {
    const error = new PartialDeliveryError({ message: 'Some users failed to send email. s3cr3t-value', refused: ['s3cr3t-value'], secrets: ['s3cr3t-value'] });
    expect(JSON.stringify(error)).not.toContain('s3cr3t-value');
    expect(error.refused).toEqual(['[REDACTED]']);
  });

  it('defaults to no refused names', () => {
    expect(new PartialDeliveryError().refused).toEqual([]);
  });
});
