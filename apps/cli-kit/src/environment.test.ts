import { describe, expect, it } from 'vitest';
import { firstPresent, present } from './environment.js';

describe('environment values', () => {
  it('trims values and treats blank ones as missing', () => {
    expect(present(' https://paas.example.com ')).toBe('https://paas.example.com');
    expect(present('   ')).toBeUndefined();
    expect(present(undefined)).toBeUndefined();
  });

  it('takes the first variable that is set and not blank', () => {
    const env = { A: ' ', B: 'second', C: 'third' };
    expect(firstPresent(env, ['A', 'B', 'C'])).toBe('second');
    expect(firstPresent(env, ['MISSING'])).toBeUndefined();
    expect(firstPresent(env, [])).toBeUndefined();
  });
});
