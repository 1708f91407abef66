// Keys that would reach a prototype if a copy were made by assignment.
const forbiddenKeys = new Set(['__proto__']);

/** Whether `value` is a plain object (not a Blob, Date, Buffer, stream or class instance). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * A deep copy of plain objects and arrays, without `__proto__` keys; other values (Blobs, Dates,
 * Buffers, streams) are kept as they are. Callers' params are never mutated, and a `__proto__`
 * key can neither pollute a prototype nor be sent on.
 */
export function copyParams<T>(value: T, depth = 0): T {
  if (depth > 64) return value;
  if (Array.isArray(value)) return value.map((item: unknown) => copyParams(item, depth + 1)) as T;
  if (!isPlainObject(value)) return value;
  const entries = Object.entries(value)
    .filter(([key]) => !forbiddenKeys.has(key))
    .map(([key, item]): [string, unknown] => [key, copyParams(item, depth + 1)]);
  // fromEntries defines own properties: even a `constructor` key stays a plain field.
  return Object.fromEntries(entries) as T;
}

/** `JSON.parse` that drops `__proto__` keys (only when the text has one, to keep parsing fast). */
export function parseJsonSafely(text: string): unknown {
  if (!text.includes('__proto__')) return JSON.parse(text) as unknown;
  return JSON.parse(text, (key, value: unknown) => (key === '__proto__' ? undefined : value)) as unknown;
}
