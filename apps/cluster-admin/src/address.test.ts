import { UsageError } from '@x/cli-kit';
import { describe, expect, it } from 'vitest';
import { formatHostPort, parseHostPort } from './address.js';

describe('parseHostPort', () => {
  it.each([
    ['10.0.0.8:9200', { host: '10.0.0.8', port: 9200 }],
    ['es.example.com:9200', { host: 'es.example.com', port: 9200 }],
    ['[::1]:9092', { host: '::1', port: 9092 }],
    ['fe80::1:9092', { host: 'fe80::1', port: 9092 }],
    [' localhost:1 ', { host: 'localhost', port: 1 }],
  ])('%s', (text, expected) => {
    expect(parseHostPort(text)).toEqual(expected);
  });

  it.each(['localhost', ':9200', 'host:0', 'host:65536', 'host:port', '[::1]'])('refuses %j', (text) => {
    expect(() => parseHostPort(text)).toThrow(UsageError);
  });

  it('formats IPv6 literals in brackets', () => {
    expect(formatHostPort('::1', 9092)).toBe('[::1]:9092');
    expect(formatHostPort('10.0.0.8', 9200)).toBe('10.0.0.8:9200');
  });
});
