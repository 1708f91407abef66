/**
 * Whether `error` carries the `Symbol.for(marker)` brand. Symbols from `Symbol.for` are shared by
 * every copy of this package in a process, so the check works across duplicated installs where
 * `instanceof` does not.
 */
export function hasMarker(error: unknown, marker: string): boolean {
  if (error === null || typeof error !== 'object') return false;
  const symbol = Symbol.for(marker);
  return symbol in error && (error as Record<symbol, unknown>)[symbol] === true;
}
