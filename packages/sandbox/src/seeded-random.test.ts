import { describe, expect, it } from 'vitest';
import { createSeededRandom, seededUuid } from './seeded-random.js';

describe('createSeededRandom', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const draw = (seed: number): number[] => {
      const random = createSeededRandom(seed);
      return Array.from({ length: 5 }, () => random.next());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    for (const value of draw(1)) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });

  it('draws integers within bounds, picks, hex and uuids', () => {
    const random = createSeededRandom(3);
    for (let index = 0; index < 100; index += 1) {
      const value = random.integer(2, 4);
      expect([2, 3, 4]).toContain(value);
    }
    expect(['a', 'b']).toContain(random.pick(['a', 'b']));
    expect(() => random.pick([])).toThrow(RangeError);
    expect(random.hex(12)).toMatch(/^[0-9a-f]{12}$/);
    expect(seededUuid(random)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
