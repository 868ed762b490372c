import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addHistograms, bucketOf, durationBounds, histogramLength, percentileOf } from './durations.ts';

const histogramOf = (hours: readonly number[]) => {
  const h = new Array<number>(histogramLength).fill(0);
  for (const x of hours) h[bucketOf(x)]!++;
  return h;
};

test('a median and 90th percentile read from the histogram are within an eighth of the true ones', () => {
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let round = 0; round < 50; round++) {
    const hours = Array.from({ length: 501 }, () => Math.exp(random() * 8) / 4).sort((a, b) => a - b);
    const h = histogramOf(hours);
    for (const p of [0.5, 0.9]) {
      const exact = hours[Math.ceil(p * hours.length) - 1]!;
      const read = percentileOf(h, p)!;
      assert.ok(Math.abs(read - exact) / exact < 0.125, `p${p * 100}: ${read} vs ${exact}`);
    }
  }
});

test('buckets: under the first bound is bucket 0, at a bound starts the next; histograms add up', () => {
  assert.equal(bucketOf(0), 0);
  assert.equal(bucketOf(durationBounds[0]!), 1);
  assert.equal(bucketOf(1e9), durationBounds.length);
  assert.deepEqual(addHistograms([1, 2], [3, 4, 5]), [4, 6, 5]);
  assert.equal(percentileOf(new Array<number>(histogramLength).fill(0), 0.5), null);
});
