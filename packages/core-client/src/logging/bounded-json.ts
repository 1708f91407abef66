import { REDACTED, isSecretKey, type Redactor } from '@x/errors';

/** The JSON text of a redacted value, cut once it passes the budget. */
export interface BoundedJson {
  /** The text: all of it when `complete`, else its first `maxLength` characters. */
  readonly text: string;
  readonly complete: boolean;
}

class BudgetWriter {
  readonly #parts: string[] = [];
  #length = 0;
  readonly #limit: number;
  full = false;

  constructor(limit: number) {
    this.#limit = limit;
  }

  write(text: string): void {
    this.#parts.push(text);
    this.#length += text.length;
    if (this.#length > this.#limit) this.full = true;
  }

  /** Room left before the budget is passed (at least 0). */
  get room(): number {
    return Math.max(0, this.#limit - this.#length);
  }

  result(): BoundedJson {
    const text = this.#parts.join('');
    return this.full ? { text: text.slice(0, this.#limit), complete: false } : { text, complete: true };
  }
}

// `JSON.stringify` leaves these out of objects and writes `null` for them in arrays.
function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/**
 * `JSON.stringify(redactor.value(input))`, written straight from `input` without the deep copy,
 * and stopped as soon as the text passes `maxLength` characters: a 1 MB response costs as much
 * as its first `maxLength` characters. Up to the cut the text is the same as that of
 * `redactor.value` + `JSON.stringify` (secret keys replaced, strings scrubbed, dates, URLs,
 * binaries, errors, maps, sets, circular and too-deep values alike), with one exception: a
 * `toJSON` function is never called (its output would escape redaction). A BigInt throws, as
 * with `JSON.stringify`.
 */
export function redactedJson(input: unknown, redactor: Redactor, maxLength: number): BoundedJson {
  const writer = new BudgetWriter(maxLength);
  const seen = new WeakSet<object>();

  function writeString(text: string): void {
    // Only the part that can still show is escaped: +2 keeps a surrogate pair at the cut whole.
    writer.write(JSON.stringify(text.length > writer.room + 2 ? text.slice(0, writer.room + 2) : text));
  }

  function writeObject(entries: readonly (readonly [string, unknown])[], depth: number): void {
    writer.write('{');
    let first = true;
    for (const [key, item] of entries) {
      if (writer.full) return;
      const secret = isSecretKey(key) && item !== undefined && item !== null && item !== '';
      if (!secret && isOmitted(item)) continue;
      writer.write(first ? `${JSON.stringify(key)}:` : `,${JSON.stringify(key)}:`);
      first = false;
      if (secret) writer.write(`"${REDACTED}"`);
      else writeValue(item, depth + 1);
    }
    writer.write('}');
  }

  function writeArray(items: readonly unknown[], depth: number): void {
    writer.write('[');
    for (let index = 0; index < items.length; index += 1) {
      if (writer.full) return;
      if (index > 0) writer.write(',');
      // A hole, like undefined, a function or a symbol, is `null` in JSON.
      if (!(index in items) || isOmitted(items[index])) writer.write('null');
      else writeValue(items[index], depth + 1);
    }
    writer.write(']');
  }

  // The redactor keeps an error's name and redacted message only, and does not walk them further.
  function writeError(error: Error): void {
    const message = redactor.text(error.message);
    writer.write(JSON.stringify({ name: error.name, message: message.length > writer.room + 2 ? message.slice(0, writer.room + 2) : message }));
  }

  // Mirrors `createRedactor().value` (@x/errors) step by step, including where `seen` and the
  // depth limit apply, so the text is the one the copy would serialise to.
  function writeValue(value: unknown, depth: number): void {
    if (writer.full) return;
    if (typeof value === 'string') {
      writeString(redactor.text(value));
      return;
    }
    if (value === null || typeof value !== 'object') {
      if (typeof value === 'bigint') throw new TypeError('Do not know how to serialize a BigInt');
      writer.write(JSON.stringify(value));
      return;
    }
    if (depth > 32) {
      writeString('[Truncated: too deep]');
      return;
    }
    if (seen.has(value)) {
      writeString('[Circular]');
      return;
    }
    seen.add(value);
    if (value instanceof Date) writeString(value.toISOString());
    else if (value instanceof URL) writeString(redactor.url(value.toString()));
    else if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) writeString(`[Binary ${value.byteLength} bytes]`);
    else if (value instanceof Error) writeError(value);
    else if (value instanceof Map) writeValue(Object.fromEntries(value), depth + 1);
    else if (value instanceof Set) writeValue([...value], depth + 1);
    else if (Array.isArray(value)) writeArray(value, depth);
    else writeObject(Object.entries(value), depth);
  }

  // `JSON.stringify` gives `undefined` for these; the record says so.
  if (isOmitted(input)) writer.write('undefined');
  else writeValue(input, 0);
  return writer.result();
}
