/** Thrown for a command-line value that cannot be used; the CLI exits with status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
