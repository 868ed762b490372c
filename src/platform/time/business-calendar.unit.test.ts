import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { easterSunday, publicHolidays, workingCalendar } from '../../jurisdiction/kenya/calendar.ts';
import { addWorkingTime, subtractWorkingTime, workingTimeBetween } from './business-calendar.ts';

const HOUR = 3600_000;
/** A Nairobi wall-clock time as an instant (EAT is UTC+3 all year). */
const eat = (local: string) => new Date(`${local}+03:00`);

describe('Kenyan public holidays', () => {
  test('Easter falls where the churches keep it', () => {
    assert.equal(easterSunday(2024), '2024-03-31');
    assert.equal(easterSunday(2025), '2025-04-20');
    assert.equal(easterSunday(2026), '2026-04-05');
    assert.equal(easterSunday(2027), '2027-03-28');
  });

  test('fixed days, Good Friday and Easter Monday, gazetted days', () => {
    const days = publicHolidays(2026);
    for (const d of ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-01', '2026-06-01', '2026-10-20', '2026-12-12'])
      assert.ok(days.has(d), d);
    assert.ok(days.has('2026-03-20'), 'Idd-ul-Fitr as gazetted');
    assert.ok(!days.has('2026-04-07'));
  });

  test("a Sunday's holiday is kept on the next day that is not a holiday", () => {
    // Jamhuri Day 2027 is a Sunday; Christmas 2022 was a Sunday and Boxing Day followed it
    assert.ok(publicHolidays(2027).has('2027-12-13'));
    const days2022 = publicHolidays(2022);
    assert.ok(days2022.has('2022-12-26') && days2022.has('2022-12-27'));
    assert.ok(!publicHolidays(2026).has('2026-12-14'), 'Jamhuri Day 2026 is a Saturday: nothing moves');
  });
});

describe('working time on the calendar', () => {
  test('counts only working hours, from the next opening when received outside them', () => {
    // received on Friday 27 November 2026 at 16:00: one hour that day, then Monday from 08:00
    assert.deepEqual(addWorkingTime(workingCalendar, eat('2026-11-27T16:00'), 3 * HOUR), eat('2026-11-30T10:00'));
    // received on a Saturday night: the clock starts on Monday at opening
    assert.deepEqual(addWorkingTime(workingCalendar, eat('2026-11-28T22:00'), 2 * HOUR), eat('2026-11-30T10:00'));
    // a clock that runs out at closing time is due at closing, not the next morning
    assert.deepEqual(addWorkingTime(workingCalendar, eat('2026-11-30T08:00'), 9 * HOUR), eat('2026-11-30T17:00'));
  });

  test('skips public holidays: a case received the evening before Jamhuri Day weekend', () => {
    // Friday 11 December 2026 at 17:30; Saturday 12th is Jamhuri Day, Sunday off: due Monday 14th
    assert.deepEqual(addWorkingTime(workingCalendar, eat('2026-12-11T17:30'), 4 * HOUR), eat('2026-12-14T12:00'));
    // Christmas Friday and Boxing Day Saturday 2026
    assert.deepEqual(addWorkingTime(workingCalendar, eat('2026-12-24T16:00'), 2 * HOUR), eat('2026-12-28T09:00'));
  });

  test('between two moments, and back from a moment, agree with adding', () => {
    const from = eat('2026-12-09T15:20');
    for (const hours of [0.5, 3, 9, 17, 40, 100]) {
      const due = addWorkingTime(workingCalendar, from, hours * HOUR);
      assert.equal(workingTimeBetween(workingCalendar, from, due), hours * HOUR, `${hours} h`);
      assert.deepEqual(subtractWorkingTime(workingCalendar, due, hours * HOUR), from, `${hours} h back`);
    }
    assert.equal(workingTimeBetween(workingCalendar, eat('2026-12-12T09:00'), eat('2026-12-13T18:00')), 0);
    assert.equal(workingTimeBetween(workingCalendar, eat('2026-12-14T10:00'), eat('2026-12-14T09:00')), 0);
  });

  test('a calendar without working days is refused rather than looping', () => {
    const closed = { zone: 'Africa/Nairobi', week: [null, null, null, null, null, null, null], isHoliday: () => false };
    assert.throws(() => addWorkingTime(closed, eat('2026-12-01T09:00'), HOUR), /no working time/);
  });
});
