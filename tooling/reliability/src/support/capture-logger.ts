import type { Logger } from '@x/core-client';

/** One record a {@link CaptureLogger} received. */
export interface CapturedRecord {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly record: Record<string, unknown>;
  readonly message: string | undefined;
}

/** A pino-compatible logger that keeps every record for assertions. */
export interface CaptureLogger extends Logger {
  readonly records: CapturedRecord[];
  /** Every record serialised, for "never appears anywhere" checks. */
  text(): string;
  /** Records whose `event` field is `event`. */
  events(event: string): CapturedRecord[];
}

/** A logger with pino's `(object, message)` shape that keeps what it is given. */
export function captureLogger(): CaptureLogger {
  const records: CapturedRecord[] = [];
  const push =
    (level: CapturedRecord['level']) =>
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
