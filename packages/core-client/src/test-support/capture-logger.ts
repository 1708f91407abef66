import type { Logger } from '../logging/logger.js';

/** One captured log call. */
export interface CapturedRecord {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly record: Record<string, unknown>;
  readonly message: string | undefined;
}

/** A logger that keeps every record, for assertions. */
export interface CaptureLogger extends Logger {
  readonly records: CapturedRecord[];
  /** Every record serialised, for "never appears anywhere" checks. */
  text(): string;
}

export function captureLogger(): CaptureLogger {
  const records: CapturedRecord[] = [];
  const push = (level: CapturedRecord['level']) => (record: Record<string, unknown>, message?: string) => {
    records.push({ level, record, message });
  };
  return {
    records,
    debug: push('debug'),
    info: push('info'),
    warn: push('warn'),
    error: push('error'),
    text: () => JSON.stringify(records),
  };
}
