/**
 * Case clocks benchmark (npm run bench:clocks): the cost of working out a new case's due times on the working
 * calendar (first response, resolution, the warning before the next one) for a bribery complaint, against the
 * baseline of adding the same hours round the clock, over 20,000 openings spread across a year.
 */
import { openingTimes, roundTheClock } from '../src/modules/cases/clocks/clocks.ts';
import { misconductCategory } from '../src/jurisdiction/kenya/misconduct.ts';

const OPENINGS = 20_000;
const start = Date.parse('2026-01-01T00:00:00Z');
const step = (365 * 24 * 3600_000) / OPENINGS;
const working = misconductCategory('bribery_extortion')!.clocks;
const continuous = {
  firstResponse: roundTheClock(working.firstResponse.hours),
  update: roundTheClock(working.update.hours),
  resolution: roundTheClock(working.resolution.hours),
};

function perOpening(clocks: typeof working): number {
  const began = performance.now();
  for (let i = 0; i < OPENINGS; i++) openingTimes(clocks, new Date(start + i * step));
  return ((performance.now() - began) * 1000) / OPENINGS;
}

// a first pass warms the code and the calendar's days; the second is measured
perOpening(working);
perOpening(continuous);
const onCalendar = perOpening(working);
const baseline = perOpening(continuous);
console.log(`opening a case's clocks: ${onCalendar.toFixed(1)} µs on the working calendar`);
console.log(`baseline, the same hours round the clock: ${baseline.toFixed(1)} µs`);
console.log(`ratio: ${(onCalendar / baseline).toFixed(1)}x`);
