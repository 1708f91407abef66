// Two copies of @x/errors in one process (a hoisting accident, or two majors side by side) must
// still recognise each other's errors: isInstance uses Symbol.for markers, not instanceof.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as local from '../src/index.js';

let copyDir: string;
let copy: typeof local;

beforeAll(async () => {
  copyDir = mkdtempSync(join(tmpdir(), 'x-errors-copy-'));
  cpSync(join(import.meta.dirname, '..', 'dist'), copyDir, { recursive: true });
  copy = (await import(pathToFileURL(join(copyDir, 'index.js')).href)) as typeof local;
});

afterAll(() => {
  rmSync(copyDir, { recursive: true, force: true });
});

describe('errors from a second copy of the package', () => {
  it('are a different class, so instanceof fails', () => {
    expect(copy.ApiRequestError).not.toBe(local.ApiRequestError);
    expect(new copy.ApiRequestError({ failure: 'network' })).not.toBeInstanceOf(local.ApiRequestError);
  });

  it.each([
    'ApiError',
    'ApiRequestError',
    'ApiResultError',
    'ValidationError',
    'RetryError',
    'BizNotExistError',
    'PermissionError',
    'TenantIdIsNoneError',
  ] as const)('are still recognised by %s.isInstance', (name) => {
    const options = name === 'ApiRequestError' ? { failure: 'network' } : name === 'RetryError' ? { reason: 'aborted', attemptErrors: [] } : {};
    const ForeignClass = copy[name] as unknown as new (options: object) => Error;
    const foreignError = new ForeignClass(options);
    expect(local[name].isInstance(foreignError)).toBe(true);
    expect(local.BkError.isInstance(foreignError)).toBe(true);
  });

  it('do not match an unrelated class of the other copy', () => {
    expect(local.ApiResultError.isInstance(new copy.ApiRequestError({ failure: 'network' }))).toBe(false);
  });
});
