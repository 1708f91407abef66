import { describe, expect, it } from 'vitest';
import { parseJsonSafely } from './copy-params.js';

describe('parseJsonSafely', () => {
  it('drops __proto__ keys at any depth, escaped spellings included, and keeps the rest', () => {
    const parsed = parseJsonSafely(
      '{"__proto__":{"polluted":1},"a":[{"\\u005f_proto__":{"polluted":2},"b":2},[{"c":{"__proto__":3,"d":4}}]],"constructor":"kept"}',
    );
    expect(parsed).toEqual({ a: [{ b: 2 }, [{ c: { d: 4 } }]], constructor: 'kept' });
    expect(JSON.stringify(parsed)).not.toContain('proto');
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('parses scalars and leaves strings that mention __proto__ alone', () => {
    expect(parseJsonSafely('"__proto__"')).toBe('__proto__');
    expect(parseJsonSafely('null')).toBeNull();
    expect(parseJsonSafely('{"note":"__proto__ is a key"}')).toEqual({ note: '__proto__ is a key' });
  });

  it('walks a deeply nested answer without overflowing the stack', () => {
    const depth = 100_000;
    const parsed = parseJsonSafely(`${'['.repeat(depth)}{"__proto__":1,"x":1}${']'.repeat(depth)}`);
    let innermost: unknown = parsed;
    for (let level = 0; level < depth; level += 1) innermost = (innermost as unknown[])[0];
    expect(innermost).toEqual({ x: 1 });
  });
});
