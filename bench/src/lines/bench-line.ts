/** The payload a line asks for: ~200 B or ~1 MB of JSON data in a BlueKing envelope. */
export type PayloadSize = 'small' | 'large';

/** One client under test. Every line fetches the same URL of the same server and parses the JSON. */
export interface BenchLine {
  /** A short stable id, e.g. `core`; the key in results/latest.json. */
  readonly id: string;
  /** The table label. */
  readonly label: string;
  /** What the line does, for the report. */
  readonly description: string;
  /** Sends one request for `size` and resolves when its data is parsed and checked. */
  call(size: PayloadSize): Promise<void>;
  close(): Promise<void>;
}

/** The number of message types each payload carries; every line checks it. */
export const expectedItems: Readonly<Record<PayloadSize, number>> = { small: 4, large: 5000 };

/** Checks a parsed envelope (lines that see the whole body). */
export function checkEnvelope(body: unknown, size: PayloadSize): void {
  const envelope = body as { result?: unknown; code?: unknown; data?: unknown } | null;
  if (envelope?.result !== true || envelope.code !== 0) throw new Error('the envelope does not say result: true, code: 0');
  checkData(envelope.data, size);
}

/** Checks parsed data (lines that return the envelope's data). */
export function checkData(data: unknown, size: PayloadSize): void {
  if (!Array.isArray(data) || data.length !== expectedItems[size]) throw new Error(`expected ${expectedItems[size]} message types`);
}

/**
 * The API host of line `line` for `size`: the server serves `size` under it and counts the line's
 * requests apart. CMSI's legacy component path follows, as the integration builds it.
 */
export function apiHost(origin: string, size: PayloadSize, line: string): string {
  return `${origin}/${size}/${line}`;
}

/** The CMSI component root (ending in `/`) of line `line` for `size`. */
export function cmsiRoot(origin: string, size: PayloadSize, line: string): string {
  return `${apiHost(origin, size, line)}/api/c/compapi/v2/cmsi/`;
}

/** The path of CMSI's `get_msg_type/` of line `line` for `size`. */
export function messageTypePath(size: PayloadSize, line: string): string {
  return `/${size}/${line}/api/c/compapi/v2/cmsi/get_msg_type/`;
}

/** Credentials of every SDK line (the loopback server does not check them). */
export const benchCredentials = { appCode: 'bk_bench', appSecret: 'bench-secret-value', username: 'admin', tenantId: 'system' } as const;
