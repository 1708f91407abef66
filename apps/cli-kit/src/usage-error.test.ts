import { describe, expect, it } from 'vitest';
import { UsageError } from './usage-error.js';

describe('UsageError', () => {
  it('is an Error named UsageError', () => {
    const error = new UsageError('--limit must be a positive integer');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('UsageError');
    expect(String(error)).toBe('UsageError: --limit must be a positive integer');
  });
});
