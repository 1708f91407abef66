import { describe, expect, it } from 'vitest';
import { isHTTPError, isNetworkError, isTimeoutError, loadedKy, prepareKy } from './ky-module.js';

describe('ky, loaded by the first call', () => {
  it('is loaded once, and recognises its errors only once loaded', async () => {
    const httpError = Object.assign(new Error('x'), { name: 'HTTPError' });
    expect(() => loadedKy()).toThrow('ky is not loaded yet');
    expect(isHTTPError(httpError)).toBe(false);
    const loading = prepareKy();
    expect(loading).toBeInstanceOf(Promise);
    await loading;
    expect(prepareKy()).toBeUndefined();
    const ky = loadedKy();
    expect(typeof ky.default).toBe('function');
    expect(isHTTPError(httpError)).toBe(true);
    expect(isNetworkError(new ky.NetworkError(new Request('http://127.0.0.1/')))).toBe(true);
    expect(isTimeoutError(new ky.TimeoutError(new Request('http://127.0.0.1/')))).toBe(true);
    expect(isNetworkError(new Error('plain'))).toBe(false);
  });
});
