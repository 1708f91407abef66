import { describe, expect, it } from 'vitest';
import { catalogueMessage, formatMessage, normalizeErrorLanguage } from './messages.js';

describe('formatMessage', () => {
  it('fills strings, numbers, booleans and objects', () => {
    expect(formatMessage('{a}/{b}/{c}/{d}', { a: 'x', b: 2, c: false, d: { k: 1 } })).toBe('x/2/false/{"k":1}');
  });

  it('leaves missing, null and function placeholders visible and ignores non-identifiers', () => {
    expect(formatMessage('{a} {b} {c} {1x} {}', { b: null, c: () => 1 })).toBe('{a} {b} {c} {1x} {}');
    expect(formatMessage('{a}', undefined)).toBe('{a}');
  });

  it('reads only own properties of data', () => {
    expect(formatMessage('{toString}', {})).toBe('{toString}');
  });
});

describe('languages', () => {
  it('maps BlueKing language codes to catalogues', () => {
    expect(normalizeErrorLanguage('zh-hans')).toBe('zh');
    expect(normalizeErrorLanguage('ZH_CN')).toBe('zh');
    expect(normalizeErrorLanguage('en-US')).toBe('en');
    expect(normalizeErrorLanguage('ja')).toBeUndefined();
  });

  it('falls back to the default language for an unknown one', () => {
    expect(catalogueMessage('LockError', 'ja')).toBe('Failed to acquire the lock');
  });
});
