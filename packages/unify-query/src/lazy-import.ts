/**
 * Memoises an import: the first call starts it, later calls share it, and a failed load is tried
 * again next time instead of being remembered. The client loads its endpoint definitions this way,
 * at its first call: those modules build the zod schemas and load zod itself, which a plain
 * `import '@x/unify-query'` would otherwise pay for (bench/results/latest.md, "Cold import").
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
