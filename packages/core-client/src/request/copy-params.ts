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
  const entries: [string, unknown][] = [];
  for (const key of Object.keys(value)) if (key !== '__proto__') entries.push([key, copyParams(value[key], depth + 1)]);
  // fromEntries defines own properties: even a `constructor` key stays a plain field.
  return Object.fromEntries(entries) as T;
}

/**
 * `JSON.parse` that drops `__proto__` keys at any depth, however the text spells them (`"__proto__"`
 * or with escapes). `JSON.parse` makes them plain own properties, harmless until code copies the
 * object by assignment. They are removed by one walk over the parsed value: a search of the text
 * costs three times as much on BlueKing's snake_case keys (every `_` starts a partial match), and a
 * reviver far more.
 */
export function parseJsonSafely(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (value !== null && typeof value === 'object') dropProtoKeys(value);
  return value;
}

// A stack, not recursion: a deeply nested answer must not overflow the call stack.
function dropProtoKeys(root: object): void {
  const pending: object[] = [root];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (Array.isArray(next)) {
      for (const item of next as unknown[]) if (item !== null && typeof item === 'object') pending.push(item);
      continue;
    }
    const record = next as Record<string, unknown>;
    if (Object.hasOwn(record, '__proto__')) delete record.__proto__;
    for (const key in record) {
      const item = record[key];
      if (item !== null && typeof item === 'object') pending.push(item);
    }
  }
}
