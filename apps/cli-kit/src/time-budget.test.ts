import { describe, expect, it } from 'vitest';
import { clientTimeouts } from './time-budget.js';

describe('clientTimeouts', () => {
  it('leaves the client defaults alone without --timeout', () => {
    expect(clientTimeouts(undefined)).toEqual({});
  });

  it('sets the total budget and caps the per-attempt timeout at it', () => {
    expect(clientTimeouts(5_000)).toEqual({ totalTimeout: 5_000, timeout: 5_000 });
    expect(clientTimeouts(300_000)).toEqual({ totalTimeout: 300_000, timeout: 60_000 });
  });
});
