/** Where the relay reports what it does. Fields never hold secrets. */
export interface RelayLogger {
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

/** Drops everything: the default of the programmatic API. */
export const silentRelayLogger: RelayLogger = Object.freeze({
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
});

/** One JSON object per line on `stream` (`{ time, level, message, ...fields }`). */
export function createJsonLineLogger(stream: NodeJS.WritableStream): RelayLogger {
  const write = (level: string, message: string, fields: Readonly<Record<string, unknown>> = {}): void => {
    stream.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
  };
  return {
    info: (message, fields) => {
      write('info', message, fields);
    },
    warn: (message, fields) => {
      write('warn', message, fields);
    },
    error: (message, fields) => {
      write('error', message, fields);
    },
  };
}
