import type { Redactor } from './redact.js';

const marker = 'x.errors.TrustedMessage';
const brand: unique symbol = Symbol.for(marker) as never;

/**
 * A message built from our own words and foreign parts, kept apart until an error renders it.
 * Made by {@link trustedMessage}; the literal parts are never scrubbed, the interpolated ones are.
 */
export interface TrustedMessage {
  readonly [brand]: true;
  /** The literal parts of the template: our own words. */
  readonly literals: readonly string[];
  /** The interpolated parts: foreign text unless they are trusted messages themselves. */
  readonly values: readonly unknown[];
}

/**
 * Tags a message template: the literal text is ours and is never scrubbed, every interpolated
 * value is foreign (a server's words, a cause's message, a code, a path) and is redacted before the
 * parts are joined. Replacing literal secrets in a finished message would scrub our own words
 * where a secret equals one ("connection [REDACTED]" for a secret `failed`), which reveals the
 * secret; built from parts, a message can only lose foreign text.
 *
 * A value that is itself a trusted message is nested as trusted.
 * @example
 * new ApiRequestError({ failure: 'network', message: trustedMessage`connection failed (${code})`, secrets: [appSecret] });
 */
export function trustedMessage(literals: TemplateStringsArray, ...values: unknown[]): TrustedMessage {
  return Object.freeze({ [brand]: true as const, literals: Object.freeze([...literals]), values: Object.freeze([...values]) });
}

/**
 * Our own words known only at run time (an endpoint's module name, a setting's name), as a
 * trusted part to interpolate: never scrubbed. Never pass text that came from outside.
 * @example trustedMessage`[${trustedText(endpoint.module)}-API] ${detail}`
 */
export function trustedText(text: string): TrustedMessage {
  return Object.freeze({ [brand]: true as const, literals: Object.freeze([text]), values: Object.freeze([]) });
}

/** Whether `value` is a {@link TrustedMessage}, from this or any other copy of `@x/errors`. */
export function isTrustedMessage(value: unknown): value is TrustedMessage {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[Symbol.for(marker)] === true;
}

function foreignText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return value.message;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return value.toString();
  if (value === undefined || value === null || typeof value === 'symbol' || typeof value === 'function') return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return '[unserialisable]';
  }
}

/** Joins a trusted message: literals as they are, each foreign value through `redactor.text`. */
export function renderTrustedMessage(message: TrustedMessage, redactor: Redactor): string {
  let text = message.literals[0] ?? '';
  for (const [index, value] of message.values.entries()) {
    text += isTrustedMessage(value) ? renderTrustedMessage(value, redactor) : redactor.text(foreignText(value));
    text += message.literals[index + 1] ?? '';
  }
  return text;
}
