import type * as WeworkEndpoints from './endpoints.js';

let loading: Promise<typeof WeworkEndpoints> | undefined;

/**
 * The endpoint definitions, loaded by the first call rather than at import: their zod schemas, and
 * zod itself (~80 ms of a fresh process, bench/results/latest.md "Cold import"), would otherwise
 * be paid by every `import '@x/wework'`, also in a process that never sends. The module is
 * `@x/wework/endpoints`, loaded once per process.
 */
export async function loadWeworkEndpoints(): Promise<typeof WeworkEndpoints> {
  loading ??= import('./endpoints.js');
  return loading;
}
