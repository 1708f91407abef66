import { afterEach, describe, expect, it } from 'vitest';
import { BkError } from './bk-error.js';
import { setDefaultErrorLanguage } from '../messages.js';

afterEach(() => {
  setDefaultErrorLanguage('en');
});

describe('BkError', () => {
  it('builds bklog code 36 + module 00 + error code', () => {
    const error = new BkError();
    expect(error.code).toBe('3600500');
    expect(error.message).toBe('System error');
    expect(error.name).toBe('BkError');
    expect(error).toBeInstanceOf(Error);
  });

  it('lets a remote code override its own, as a string', () => {
    expect(new BkError({ code: 1532006 }).code).toBe('1532006');
    expect(new BkError({ code: '' }).code).toBe('3600500');
  });

  it('writes catalogue messages in the chosen language, per error or per process', () => {
    expect(new BkError({ language: 'zh-hans' }).message).toBe('系统异常');
    expect(new BkError({ language: 'en-US' }).message).toBe('System error');
    setDefaultErrorLanguage('zh-cn');
    expect(new BkError().message).toBe('系统异常');
    expect(() => {
      setDefaultErrorLanguage('fr');
    }).toThrow(/Unsupported error language "fr"/);
  });

  it('fills named placeholders from data and leaves unknown ones visible', () => {
    const error = new BkError({ message: 'biz {bk_biz_id} of {owner} in {region}', data: { bk_biz_id: 2, owner: null } });
    expect(error.message).toBe('biz 2 of {owner} in {region}');
  });

  it('keeps data, errors, request id and cause', () => {
    const cause = new TypeError('fetch failed');
    const error = new BkError({ data: { a: 1 }, errors: [{ field: 'x' }], requestId: 'req-1', cause });
    expect(error.data).toEqual({ a: 1 });
    expect(error.errors).toEqual([{ field: 'x' }]);
    expect(error.requestId).toBe('req-1');
    expect(error.cause).toBeInstanceOf(Error);
    expect((error.cause as Error).message).toBe('fetch failed');
  });

  it('serialises to a plain JSON shape', () => {
    const error = new BkError({ message: 'boom', data: { a: 1 }, requestId: 'r', cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'BkError',
      code: '3600500',
      message: 'boom',
      data: { a: 1 },
      requestId: 'r',
      cause: { name: 'Error', message: 'refused', code: 'ECONNREFUSED' },
    });
    expect(String(error)).toBe('BkError: [3600500] boom');
  });

  it('is recognised by isInstance and not fooled by look-alikes', () => {
    expect(BkError.isInstance(new BkError())).toBe(true);
    expect(BkError.isInstance(new Error('x'))).toBe(false);
    expect(BkError.isInstance({ name: 'BkError', code: '3600500' })).toBe(false);
    expect(BkError.isInstance(null)).toBe(false);
    expect(BkError.isInstance('BkError')).toBe(false);
  });
});
