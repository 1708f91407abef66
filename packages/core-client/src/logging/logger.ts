/** The levels the client logs at. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * A pino-compatible logger: a structured object first, then a message. pino, bunyan-style
 * adapters and `console`-backed shims all fit.
 * @example
 * import pino from 'pino';
 * createClient({ logger: pino({ level: 'info' }) });
 */
export interface Logger {
  debug(record: Record<string, unknown>, message?: string): void;
  info(record: Record<string, unknown>, message?: string): void;
  warn(record: Record<string, unknown>, message?: string): void;
  error(record: Record<string, unknown>, message?: string): void;
  /**
   * Whether records of `level` are written (pino's and winston's `isLevelEnabled`). When it says
   * no, the client does not build the record at all: no serialising, no redacting.
   * @default every level is written
   */
  isLevelEnabled?(level: LogLevel): boolean;
}

/** A logger that drops everything: the default, so a library stays silent unless asked. */
export const silentLogger: Logger = Object.freeze({
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  isLevelEnabled: () => false,
});

/** Whether a record of `level` would be written: never by {@link silentLogger}; else as the logger says. */
export function isLogEnabled(logger: Logger, level: LogLevel): boolean {
  if (logger === silentLogger) return false;
  if (typeof logger.isLevelEnabled !== 'function') return true;
  try {
    return logger.isLevelEnabled(level);
  } catch {
    // A logger that cannot answer gets the record: dropping it silently would hide calls.
    return true;
  }
}
