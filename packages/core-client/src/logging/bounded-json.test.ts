import { createRedactor } from '@x/errors';
import { describe, expect, it } from 'vitest';
import { redactedJson } from './bounded-json.js';
import { TRUNCATED_MARKER, clip } from './call-log.js';

const redactor = createRedactor({ secrets: ['Lit3ral-Secret', 'quo"te-secret'] });

/** What the log record held before: the redacted deep copy, serialised whole. */
function reference(value: unknown): string {
  const text = JSON.stringify(redactor.value(value)) as string | undefined;
  return text ?? 'undefined';
}

function circular(): unknown {
  const node: Record<string, unknown> = { name: 'loop' };
  node.self = node;
  return node;
}

function deep(levels: number): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < levels; level += 1) value = { level, value };
  return value;
}

const shared = { reused: true };
// eslint-disable-next-line no-sparse-arrays -- a hole is one of the cases
const sparse = [1, , 3];

const cases: readonly (readonly [string, unknown])[] = [
  ['a string', 'plain text with Lit3ral-Secret inside'],
  ['numbers and specials', [0, -0, 1.5, Number.NaN, Number.POSITIVE_INFINITY, true, false, null]],
  ['secret keys', { password: 'p', bk_app_secret: 's', auth_info: { user: 'u' }, token: '', ticket: null, apiKey: undefined, note: 'ok' }],
  ['omitted and null-in-array values', { a: undefined, b: () => 1, c: Symbol('s'), d: [undefined, () => 1, Symbol('t')] }],
  ['a sparse array', sparse],
  ['free-text pairs', { message: 'password=hunter2&x=1', json: '{"access_token": "abc", "ok": "y"}', header: 'authorization: Bearer abc' }],
  ['a literal with a quote', { echoed: 'value quo"te-secret here' }],
  [
    'dates, URLs, binaries, errors',
    {
      at: new Date(0),
      url: new URL('https://user:pw@example.com/p?token=t&x=1'),
      bytes: new Uint8Array(3),
      buffer: new ArrayBuffer(5),
      error: new TypeError('bad Lit3ral-Secret'),
    },
  ],
  [
    'maps and sets',
    {
      map: new Map<unknown, unknown>([
        ['k', 'v'],
        [1, { password: 'x' }],
      ]),
      set: new Set(['a', 'Lit3ral-Secret']),
    },
  ],
  ['circular and shared references', { first: shared, second: shared, loop: circular() }],
  ['too deep', deep(40)],
  ['a __proto__ key', JSON.parse('{"__proto__": {"polluted": true}, "constructor": "c"}') as unknown],
  ['unicode', { text: 'héllo 😀 \u2028 "quoted" \\ back', emoji: '😀😀😀' }],
  ['integer-like keys', { b: 1, 2: 'two', a: 3, 1: 'one' }],
  [
    'a class instance',
    new (class Point {
      x = 1;
      y = 'Lit3ral-Secret';
    })(),
  ],
  ['a function', () => 1],
];

describe('redactedJson', () => {
  it.each(cases)('writes what redactor.value + JSON.stringify write: %s', (_name, value) => {
    const written = redactedJson(value, redactor, 1_000_000);
    expect(written.complete).toBe(true);
    expect(written.text).toBe(reference(value));
  });

  it.each(cases)('cut anywhere, is the same prefix: %s', (_name, value) => {
    const full = reference(value);
    for (let maxLength = 0; maxLength <= full.length + 1; maxLength += 1) {
      const written = redactedJson(value, redactor, maxLength);
      expect(written.complete).toBe(full.length <= maxLength);
      expect(written.text).toBe(full.length <= maxLength ? full : full.slice(0, maxLength));
    }
  });

  it('stops reading the value once the budget is spent', () => {
    let reads = 0;
    const rows = Array.from({ length: 100_000 }, (_unused, index) => ({
      get value() {
        reads += 1;
        return `row ${index}`;
      },
    }));
    const written = redactedJson({ rows }, redactor, 200);
    expect(written.complete).toBe(false);
    expect(written.text).toHaveLength(200);
    expect(reads).toBeLessThan(20);
  });

  it('escapes only what can show of a long string', () => {
    const long = `${'x'.repeat(10)}😀${'y'.repeat(1_000_000)}`;
    for (const maxLength of [5, 11, 12, 13, 14]) {
      const written = redactedJson({ long }, redactor, maxLength);
      expect(written.text).toBe(JSON.stringify({ long }).slice(0, maxLength));
    }
  });

  it('throws on a BigInt, as JSON.stringify does', () => {
    expect(() => redactedJson({ big: 1n }, redactor, 100)).toThrow(TypeError);
  });
});

describe('clip', () => {
  it('keeps short values whole and cuts long ones with a marker', () => {
    expect(clip({ a: 1 }, redactor, 100)).toBe('{"a":1}');
    expect(clip(undefined, redactor, 100)).toBeUndefined();
    expect(clip({ text: 'x'.repeat(500) }, redactor, 20)).toBe(`{"text":"xxxxxxxxxxx${TRUNCATED_MARKER}`);
    expect(clip({ big: 1n }, redactor, 100)).toBe('[unserialisable]');
  });

  it('never shows a secret, even cut in the middle of one', () => {
    const value = { note: `${'.'.repeat(30)}Lit3ral-Secret and quo"te-secret`, password: 'hunter2-long-password' };
    for (let maxLength = 1; maxLength < 120; maxLength += 1) {
      const clipped = clip(value, redactor, maxLength) ?? '';
      expect(clipped).not.toContain('Lit3ral-Secret');
      expect(clipped).not.toContain('quo\\"te-secret');
      expect(clipped).not.toContain('hunter2');
    }
  });
});
