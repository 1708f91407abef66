/**
 * Memoises an import (or any one-time async load): the first call starts it, later calls share
 * it, and a failed load is tried again next time instead of being remembered. Keeps zod and the
 * schemas off the import path of `@x/infra`: they load with the first call that needs them.
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
