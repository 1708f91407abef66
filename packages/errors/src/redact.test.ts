import { describe, expect, it } from 'vitest';
import { createRedactor, isSecretKey, redact, REDACTED, truncateText } from './redact.js';

describe('isSecretKey', () => {
  it.each([
    'bk_app_secret',
    'app_secret',
    'appSecret',
    'X-Bk-App-Secret',
    'X-Bkapi-Authorization',
    'authorization',
    'bk_token',
    'access_token',
    'bk_ticket',
    'bkdata_data_token',
    'password',
    'sasl_password',
    'auth_info',
    'es_auth_info',
    'cookie',
    'secret_key',
  ])('treats %s as secret', (key) => {
    expect(isSecretKey(key)).toBe(true);
  });

  it.each(['bk_app_code', 'bk_username', 'tokenize_on_chars', 'trace_id', 'key_index', 'receiver'])('leaves %s alone', (key) => {
    expect(isSecretKey(key)).toBe(false);
  });
});

describe('redact.value', () => {
  it('replaces secret values deeply and leaves the rest', () => {
    const input = {
      bk_app_code: 'app',
      bk_app_secret: 'top-secret',
      nested: [{ auth_info: { username: 'elastic', password: 'pw' } }, { password: '' }],
      headers: { 'X-Bkapi-Authorization': '{"bk_app_secret":"top-secret"}' },
    };
    expect(redact.value(input)).toEqual({
      bk_app_code: 'app',
      bk_app_secret: REDACTED,
      nested: [{ auth_info: REDACTED }, { password: '' }],
      headers: { 'X-Bkapi-Authorization': REDACTED },
    });
    expect(input.bk_app_secret).toBe('top-secret');
  });

  it('survives cycles, binary data and errors', () => {
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic.self = cyclic;
    expect(redact.value(cyclic)).toEqual({ name: 'a', self: '[Circular]' });
    expect(redact.value(new Uint8Array(3))).toBe('[Binary 3 bytes]');
    expect(redact.value(new Error('password=abc'))).toEqual({ name: 'Error', message: `password=${REDACTED}` });
  });

  it('never writes through a __proto__ key', () => {
    const input = JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}') as Record<string, unknown>;
    const output = redact.value(input) as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
    expect(output.ok).toBe(1);
  });
});

describe('redact.text', () => {
  it('redacts JSON, escaped JSON, Python dict and k=v pairs', () => {
    const text = [
      '{"bk_app_code": "app", "bk_app_secret": "s1"}',
      '{"x-bkapi-authorization":"{\\"bk_app_code\\":\\"app\\",\\"bk_app_secret\\":\\"s2\\"}"}',
      "{'bk_app_secret': 's3', 'bk_username': 'admin'}",
      'GET /x?access_token=s4&page=1',
      'X-Bkapi-Authorization: {"bk_app_secret": "s5"}',
    ].join('\n');
    const output = redact.text(text);
    for (const secret of ['"s1"', 's2', "'s3'", 's4', 's5']) expect(output).not.toContain(secret);
    expect(output).toContain('"bk_app_code": "app"');
    expect(output).toContain("'bk_username': 'admin'");
    expect(output).toContain('page=1');
  });

  it('scrubs literal secrets wherever they appear', () => {
    const redactor = createRedactor({ secrets: ['my-app-secret-123', undefined, 'ab'] });
    expect(redactor.text('echo: my-app-secret-123 and ab')).toBe(`echo: ${REDACTED} and ab`);
    expect(redactor.value({ note: 'contains my-app-secret-123' })).toEqual({ note: `contains ${REDACTED}` });
  });
});

describe('redact.url', () => {
  it('removes user info and secret or signing query parameters', () => {
    const output = redact.url('https://user:pw@host.test/path?key=abc&sign=zzz&bk_token=t&limit=5');
    expect(output).toBe(`https://${REDACTED}@host.test/path?key=${REDACTED}&sign=${REDACTED}&bk_token=${REDACTED}&limit=5`);
  });

  it('falls back to text redaction for relative URLs', () => {
    expect(redact.url('send/?access_token=abc')).toBe(`send/?access_token=${REDACTED}`);
  });
});

describe('truncateText', () => {
  it('keeps short text and says how much it cut', () => {
    expect(truncateText('abc', 5)).toBe('abc');
    expect(truncateText('abcdef', 2)).toBe('ab…[truncated 4 characters]');
  });
});
