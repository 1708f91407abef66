/**
 * A small seeded pseudo-random generator (mulberry32). The sandbox never uses `Math.random`, so
 * the same seed gives the same records, ids and fault decisions on every run.
 */
export interface SeededRandom {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [minimum, maximum] (both inclusive). */
  integer(minimum: number, maximum: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** A lower-case hexadecimal string of `length` characters. */
  hex(length: number): string;
}

/** Creates a generator from a 32-bit seed. */
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
    integer: (minimum, maximum) => minimum + Math.floor(next() * (maximum - minimum + 1)),
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new RangeError('pick() needs a non-empty list');
      return item;
    },
    hex: (length) => {
      // Eight hex digits per draw: ids are made by the hundred thousand when records are seeded.
      let text = '';
      while (text.length < length)
        text += Math.floor(next() * 4_294_967_296)
          .toString(16)
          .padStart(8, '0');
      return text.slice(0, length);
    },
  };
}

/** A uuid-shaped (version 4 layout) string drawn from a seeded generator. */
export function seededUuid(random: SeededRandom): string {
  const hex = random.hex(32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
