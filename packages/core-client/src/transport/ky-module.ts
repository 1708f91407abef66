import type * as Ky from 'ky';

type KyModule = typeof Ky;

let loaded: KyModule | undefined;
let loading: Promise<KyModule> | undefined;

/**
 * Loads ky (~90 ms of CPU) on the first call rather than when the package is imported: a
 * promise until it is loaded, `undefined` after (so later calls do not wait a tick).
 */
export function prepareKy(): Promise<void> | undefined {
  if (loaded !== undefined) return undefined;
  loading ??= import('ky').then(
    (module) => {
      loaded = module;
      return module;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading.then(() => undefined);
}

/** ky, once {@link prepareKy} has settled; calls only run after it has. */
export function loadedKy(): KyModule {
  if (loaded === undefined) throw new Error('ky is not loaded yet: await prepareKy() first');
  return loaded;
}

// Before ky is loaded no ky error can exist (the check by name would only see another copy's).
/** ky's `isHTTPError`; false while ky is not loaded. */
export function isHTTPError(error: unknown): error is Ky.HTTPError {
  return loaded?.isHTTPError(error) ?? false;
}

/** ky's `isNetworkError`; false while ky is not loaded. */
export function isNetworkError(error: unknown): error is Ky.NetworkError {
  return loaded?.isNetworkError(error) ?? false;
}

/** ky's `isTimeoutError`; false while ky is not loaded. */
export function isTimeoutError(error: unknown): error is Ky.TimeoutError {
  return loaded?.isTimeoutError(error) ?? false;
}
