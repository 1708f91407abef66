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
}

/** A logger that drops everything: the default, so a library stays silent unless asked. */
export const silentLogger: Logger = Object.freeze({
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
});
