/** What a redacted value is replaced with. */
export const REDACTED = '[REDACTED]';

// Keys are compared lower-case with `-` and `_` removed, so `bk_app_secret`, `X-Bk-App-Secret`
// and `bkAppSecret` are one key.
const exactSecretKeys = new Set([
  'authorization',
  'proxyauthorization',
  'xbkapiauthorization',
  'authinfo',
  'esauthinfo',
  'cookie',
  'setcookie',
  'secretkey',
  'privatekey',
  'sslcertificatekey',
  'passwd',
  'pwd',
  'apikey',
  'credentials',
  'saslpassword',
  'saslplainpassword',
]);
const secretKeySuffixes = ['secret', 'password', 'token', 'ticket'];
// Query parameters that are secret in URLs only (a WeCom robot webhook's `key`, signed URLs).
const secretUrlParameters = new Set(['key', 'sign', 'signature']);

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

/**
 * Whether a field, header or parameter name holds a secret: app secrets, tokens, tickets,
 * passwords, `auth_info`, cookies and the `X-Bkapi-Authorization` header.
 */
export function isSecretKey(key: string): boolean {
  const normalized = normalizeKey(key);
  if (exactSecretKeys.has(normalized)) return true;
  return secretKeySuffixes.some((suffix) => normalized.endsWith(suffix));
}

/** Options of a redactor. */
export interface RedactorOptions {
  /**
   * Literal secret values (an app secret, a user token) scrubbed wherever they appear in text,
   * whatever key carries them. Values shorter than 4 characters are ignored.
   */
  readonly secrets?: readonly (string | undefined)[];
}

/** Removes secrets from values, text and URLs. */
export interface Redactor {
  /** A deep copy of `value` with every secret key's value replaced and strings scrubbed. */
  value(value: unknown): unknown;
  /** `text` with secret key/value pairs (JSON, Python dict, `k=v`) and known secrets replaced. */
  text(text: string): string;
  /** `url` without user info and with secret query parameters replaced. */
  url(url: string): string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const jsonPair = /"([\w-]+)"(\s*:\s*)"((?:\\.|[^"\\])*)"/g;
const escapedJsonPair = /\\"([\w-]+)\\"(\s*:\s*)\\"(.*?)\\"/g;
const pythonPair = /'([\w-]+)'(\s*:\s*)'([^']*)'/g;
const assignmentPair = /(^|[?&\s;,])([\w-]+)(=)([^&\s;,"']*)/g;
const headerLine = /((?:x-bkapi-)?authorization)(\s*:\s*)([^\r\n]*)/gi;

function replaceSecretPairs(text: string): string {
  const replacer = (match: string, key: string, separator: string, _value: string, quote: string): string =>
    isSecretKey(key) ? `${quote}${key}${quote}${separator}${quote}${REDACTED}${quote}` : match;
  return text
    .replace(escapedJsonPair, (match, key: string, separator: string, value: string) => replacer(match, key, separator, value, '\\"'))
    .replace(jsonPair, (match, key: string, separator: string, value: string) => replacer(match, key, separator, value, '"'))
    .replace(pythonPair, (match, key: string, separator: string, value: string) => replacer(match, key, separator, value, "'"))
    .replace(assignmentPair, (match, prefix: string, key: string) => (isSecretKey(key) ? `${prefix}${key}=${REDACTED}` : match))
    .replace(headerLine, (_match, name: string, separator: string) => `${name}${separator}${REDACTED}`);
}

/**
 * Creates a redactor. The default one (`redact`) knows secret keys only; pass the literal values
 * your process holds (app secret, tokens, passwords) to scrub them from free text too.
 * @example
 * const redactor = createRedactor({ secrets: [process.env.BK_APP_SECRET] });
 * logger.info(redactor.value({ headers, body }));
 */
export function createRedactor(options: RedactorOptions = {}): Redactor {
  const literals = [...new Set((options.secrets ?? []).filter((secret): secret is string => typeof secret === 'string' && secret.length >= 4))]
    .sort((left, right) => right.length - left.length)
    .map((secret) => new RegExp(escapeRegExp(secret), 'g'));

  function text(input: string): string {
    let output = replaceSecretPairs(input);
    for (const literal of literals) output = output.replace(literal, REDACTED);
    return output;
  }

  function url(input: string): string {
    let parsed: URL;
    try {
      parsed = new URL(input);
    } catch {
      return text(input);
    }
    if (parsed.username !== '' || parsed.password !== '') {
      parsed.username = REDACTED;
      parsed.password = '';
    }
    for (const name of [...parsed.searchParams.keys()]) {
      if (isSecretKey(name) || secretUrlParameters.has(name.toLowerCase())) parsed.searchParams.set(name, REDACTED);
    }
    // Show the marker readably rather than percent-encoded.
    return text(parsed.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED));
  }

  function value(input: unknown, seen = new WeakSet<object>(), depth = 0): unknown {
    if (typeof input === 'string') return text(input);
    if (input === null || typeof input !== 'object') return input;
    if (depth > 32) return '[Truncated: too deep]';
    if (seen.has(input)) return '[Circular]';
    seen.add(input);
    if (input instanceof Date) return input.toISOString();
    if (input instanceof URL) return url(input.toString());
    if (ArrayBuffer.isView(input) || input instanceof ArrayBuffer) return `[Binary ${input.byteLength} bytes]`;
    if (input instanceof Error) return { name: input.name, message: text(input.message) };
    if (input instanceof Map) return value(Object.fromEntries(input), seen, depth + 1);
    if (input instanceof Set) return value([...input], seen, depth + 1);
    if (Array.isArray(input)) return input.map((item) => value(item, seen, depth + 1));
    const entries = Object.entries(input).map(([key, item]): [string, unknown] => [
      key,
      isSecretKey(key) && item !== undefined && item !== null && item !== '' ? REDACTED : value(item, seen, depth + 1),
    ]);
    // Object.fromEntries defines own properties, so a `__proto__` key cannot reach a prototype.
    return Object.fromEntries(entries);
  }

  return { value: (input) => value(input), text, url };
}

/** The default redactor: secret keys and key/value pairs, no literal values. */
export const redact: Redactor = createRedactor();

/**
 * Cuts `text` to at most `maxLength` characters, saying how much was cut.
 * @example truncateText('x'.repeat(6000), 5000) // 'xxx…[truncated 1000 characters]'
 */
export function truncateText(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  return `${text.slice(0, maxLength)}…[truncated ${text.length - maxLength} characters]`;
}
