/**
 * Durations as histograms, so that they can be added up over any filter: bucket 0 holds durations under
 * the first bound, bucket i those from bound i - 1 up to bound i, the last those from the last bound on.
 * Bounds grow by a quarter from 15 minutes to about two years, so a median or 90th percentile read from a
 * histogram (linearly within its bucket) is within an eighth of the true one.
 */
const FIRST_BOUND_HOURS = 0.25;
const GROWTH = 1.25;
const LONGEST_HOURS = 24 * 730;

export const durationBounds: readonly number[] = (() => {
  const bounds: number[] = [];
  for (let b = FIRST_BOUND_HOURS; b < LONGEST_HOURS; b *= GROWTH) bounds.push(Number(b.toFixed(4)));
  return bounds;
})();

/** How many buckets a histogram has. */
export const histogramLength = durationBounds.length + 1;

/** The bucket a duration of `hours` falls in (what SQL's width_bucket gives for the same bounds). */
export function bucketOf(hours: number): number {
  let i = 0;
  while (i < durationBounds.length && hours >= durationBounds[i]!) i++;
  return i;
}

/** Adds histograms bucket by bucket. */
export function addHistograms(a: readonly number[], b: readonly number[]): number[] {
  return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => (a[i] ?? 0) + (b[i] ?? 0));
}

/** The p-th quantile (0 < p < 1) in hours, or null for an empty histogram. */
export function percentileOf(histogram: readonly number[], p: number): number | null {
  const total = histogram.reduce((s, n) => s + n, 0);
  if (total === 0) return null;
  const rank = p * total;
  let below = 0;
  for (let i = 0; i < histogram.length; i++) {
    const n = histogram[i] ?? 0;
    if (n > 0 && below + n >= rank) {
      const low = i === 0 ? 0 : durationBounds[i - 1]!;
      const high = durationBounds[i] ?? low * GROWTH;
      return low + ((rank - below) / n) * (high - low);
    }
    below += n;
  }
  return durationBounds[durationBounds.length - 1]!;
}
