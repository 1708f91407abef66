// Small, dependency-free statistics for the benchmark report.

/**
 * The `p`-th percentile (0–100) of `values` by linear interpolation between the closest ranks
 * (numpy's default, "type 7"): p50 of [1, 2, 3, 4] is 2.5. NaN for no values.
 */
export function percentile(values: ArrayLike<number>, p: number): number {
  if (values.length === 0) return Number.NaN;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  const sorted = Float64Array.from(values).sort();
  const rank = (p / 100) * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  const low = sorted[lower] ?? Number.NaN;
  const high = sorted[upper] ?? Number.NaN;
  return low + (high - low) * (rank - lower);
}

/** The median (p50) of `values`. */
export function median(values: ArrayLike<number>): number {
  return percentile(values, 50);
}

/** All arrays joined into one typed array (pooled latencies of every round). */
export function concatenate(arrays: readonly Float64Array[]): Float64Array {
  const total = arrays.reduce((sum, array) => sum + array.length, 0);
  const joined = new Float64Array(total);
  let offset = 0;
  for (const array of arrays) {
    joined.set(array, offset);
    offset += array.length;
  }
  return joined;
}

/** `value` rounded to `digits` significant digits (for the JSON and tables; never for math). */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const factor = 10 ** Math.max(0, digits - 1 - magnitude);
  return Math.round(value * factor) / factor;
}
