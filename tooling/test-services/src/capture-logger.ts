// A logger for tests that assert on what a client logs. It has the `(record, message)` shape of
// `@x/core-client`'s Logger (pino's), written out here so this package depends on nothing.

/** A level a {@link CaptureLogger} records. */
export type CapturedLevel = 'debug' | 'info' | 'warn' | 'error';

/** One record a {@link CaptureLogger} received. */
export interface CapturedRecord {
  readonly level: CapturedLevel;
  readonly record: Record<string, unknown>;
  readonly message: string | undefined;
}

/** A pino-compatible logger that keeps every record for assertions. */
export interface CaptureLogger {
  debug(record: Record<string, unknown>, message?: string): void;
  info(record: Record<string, unknown>, message?: string): void;
  warn(record: Record<string, unknown>, message?: string): void;
  error(record: Record<string, unknown>, message?: string): void;
  /** Every record received, oldest first. */
  readonly records: CapturedRecord[];
  /** Every record serialised, for "never appears anywhere" checks. */
  text(): string;
  /** Records whose `event` field is `event`. */
  events(event: string): CapturedRecord[];
}

/**
 * A logger with pino's `(object, message)` shape that keeps what it is given.
 * @example
 * const logger = captureLogger();
 * const client = createClient({ baseUrl, logger });
 * await client.call(endpoint, params);
 * expect(logger.text()).not.toContain(secret);
 */
export function captureLogger(): CaptureLogger {
  const records: CapturedRecord[] = [];
  const push =
    (level: CapturedLevel) =>
    (record: Record<string, unknown>, message?: string): void => {
      records.push({ level, record, message });
    };
  return {
    records,
    debug: push('debug'),
    info: push('info'),
    warn: push('warn'),
    error: push('error'),
    text: () => JSON.stringify(records),
    events: (event) => records.filter((entry) => entry.record.event === event),
  };
}
