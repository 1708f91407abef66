import { describe, expect, it } from 'vitest';
import { ApiResultError } from './api-result-error.js';

describe('ApiResultError', () => {
  it('carries the remote code, message, errors, request id, module and endpoint', () => {
    const error = new ApiResultError({
      code: 1500001,
      message: 'receiver is required',
      errors: { receiver__username: ['required'] },
      requestId: 'abc',
      module: 'cmsi',
      endpoint: 'send_mail',
    });
    expect(error.code).toBe('1500001');
    expect(error.message).toBe('receiver is required');
    expect(error.errors).toEqual({ receiver__username: ['required'] });
    expect(error.requestId).toBe('abc');
    expect(error.toJSON()).toMatchObject({ name: 'ApiResultError', code: '1500001', module: 'cmsi', endpoint: 'send_mail' });
  });

  it('falls back to 3600002 when the remote code is falsy, as bklog does', () => {
    expect(new ApiResultError({ code: 0 }).code).toBe('3600002');
    expect(new ApiResultError({ code: '0' }).code).toBe('3600002');
    expect(new ApiResultError({ code: '' }).code).toBe('3600002');
    expect(new ApiResultError().code).toBe('3600002');
  });

  it('uses the catalogue message when the remote gave none', () => {
    expect(new ApiResultError({ language: 'zh' }).message).toBe('远程服务请求结果异常');
  });
});
