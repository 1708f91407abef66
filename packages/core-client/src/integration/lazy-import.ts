/**
 * Memoises an import (or any one-time async load) for an integration package: the first call
 * starts the load, later and concurrent calls share it, and a failed load is forgotten so the next
 * call tries again (a transient failure, say a file being replaced during a deploy, must not break
 * every later call of a long-running process).
 *
 * The packages load their endpoint modules this way, at a client's first call: those modules build
 * the zod schemas and load zod itself, which a plain `import '@x/<package>'` would otherwise pay
 * for (bench/results/latest.md, "Cold import").
 * @param load Starts the load, typically `() => import('./foo-endpoints.js')`; called once per
 * success, and again after each failure.
 * @returns A function resolving to what `load` resolved to.
 * @example
 * const fooEndpoints = lazyImport(async () => (await import('./foo-endpoints.js')).fooEndpoints);
 * const list = async (input: FooListInput) => client.call((await fooEndpoints()).list, input);
 */
export function lazyImport<Module>(load: () => Promise<Module>): () => Promise<Module> {
  let loading: Promise<Module> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}
