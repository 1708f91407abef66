/** The environment a command reads: `process.env`, or a plain object in tests. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** `value` trimmed, or `undefined` when it is missing or blank. */
export function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/** The value of the first of `names` that is set (and not blank) in `env`, trimmed. */
export function firstPresent(env: Environment, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = present(env[name]);
    if (value !== undefined) return value;
  }
  return undefined;
}
