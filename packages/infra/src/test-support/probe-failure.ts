// What the probe tests expect of a failed probe. Test-only (excluded from the build).
import type { ApiRequestError } from '@x/errors';
import { expect } from 'vitest';
import { isProbeError } from '../probe/infra-probe-error.js';

/** The error a probe rejects with, checked to be a probe error; throws when the probe succeeds. */
export async function probeFailure(promise: Promise<unknown>): Promise<ApiRequestError> {
  const error = await promise.then(
    () => {
      throw new Error('the probe succeeded');
    },
    (caught: unknown) => caught,
  );
  expect(isProbeError(error)).toBe(true);
  return error as ApiRequestError;
}
