/** A small deterministic generator (mulberry32): the same seed always gives the same draws. */
export interface SeededRandom {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, bound). */
  below(bound: number): number;
  /** One item of `items`, chosen by `weight`. */
  weighted<T extends { readonly weight: number }>(items: readonly T[]): T;
}

export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    below: (bound) => Math.floor(next() * bound),
    weighted: (items) => {
      const total = items.reduce((sum, item) => sum + item.weight, 0);
      let draw = next() * total;
      for (const item of items) {
        draw -= item.weight;
        if (draw < 0) return item;
      }
      const last = items.at(-1);
      if (last === undefined) throw new RangeError('weighted() needs at least one item');
      return last;
    },
  };
}
