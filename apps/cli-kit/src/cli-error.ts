/**
 * A failure the CLI itself words completely (a file it cannot write, say): printed as its message
 * alone, without a class name, and the CLI exits 1. `code` is the system error code, when any.
 */
export class CliError extends Error {
  override name = 'CliError';
  /** The system error code, e.g. `ENOSPC`, `EFBIG`, `ENOENT`. */
  readonly code: string | undefined;

  constructor(message: string, options: { cause?: unknown; code?: string | undefined } = {}) {
    super(message, { cause: options.cause });
    this.code = options.code;
  }
}
