import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addDays,
  addMonths,
  formatDate,
  formatDateTime,
  formatLocalDate,
  formatMonth,
  formatTime,
  instantAt,
  isLocalDate,
  isoInZone,
  localDate,
  localMonth,
  localMonthsEnding,
  localTime,
  localYear,
  offsetText,
  startOfLocalDay,
  zoneOffsetMinutes,
} from './index.ts';

// the zones are parameters: Nairobi (UTC+3 all year) is the jurisdiction's; London shows another zone, with and without summer time
const NAIROBI = 'Africa/Nairobi';
const LONDON = 'Europe/London';

test('around midnight in Nairobi: the local date turns at 21:00 UTC', () => {
  assert.equal(localDate(new Date('2026-11-29T20:59:59Z'), NAIROBI), '2026-11-29');
  assert.equal(localTime(new Date('2026-11-29T20:59:59Z'), NAIROBI), '23:59');
  assert.equal(
    localDate(new Date('2026-11-29T21:00:00Z'), NAIROBI),
    '2026-11-30',
    'a Monday begins at 21:00 UTC on Sunday',
  );
  assert.equal(localTime(new Date('2026-11-29T21:00:00Z'), NAIROBI), '00:00');
  assert.equal(startOfLocalDay('2026-11-30', NAIROBI).toISOString(), '2026-11-29T21:00:00.000Z');
  assert.equal(instantAt('2026-11-30', '11:00', NAIROBI).toISOString(), '2026-11-30T08:00:00.000Z');
  assert.equal(instantAt('2026-11-30', '23:59:59', NAIROBI).toISOString(), '2026-11-30T20:59:59.000Z');
  // the new year begins in Nairobi three hours before it does in UTC
  assert.equal(localYear(new Date('2026-12-31T21:30:00Z'), NAIROBI), '2027');
  assert.equal(localMonth(new Date('2026-12-31T21:30:00Z'), NAIROBI), '2027-01');
  assert.equal(localYear(new Date('2026-12-31T20:30:00Z'), NAIROBI), '2026');
});

test('the offset and an instant written in the zone', () => {
  assert.equal(zoneOffsetMinutes(new Date('2026-06-22T12:00:00Z'), NAIROBI), 180);
  assert.equal(offsetText(new Date('2026-06-22T12:00:00Z'), NAIROBI), '+03:00');
  assert.equal(isoInZone(new Date('2026-06-22T11:30:00.250Z'), NAIROBI), '2026-06-22T14:30:00+03:00');
  assert.equal(isoInZone(new Date('2026-11-29T21:00:00Z'), NAIROBI), '2026-11-30T00:00:00+03:00');
  assert.equal(offsetText(new Date('2026-06-22T12:00:00Z'), 'America/St_Johns'), '-02:30', 'negative, with minutes');
});

test('the zone is a parameter: the same instants in London, in winter and in summer', () => {
  // winter: London is on UTC
  assert.equal(zoneOffsetMinutes(new Date('2026-11-30T12:00:00Z'), LONDON), 0);
  assert.equal(
    localDate(new Date('2026-11-29T21:00:00Z'), LONDON),
    '2026-11-29',
    'still Sunday in London when Monday begins in Nairobi',
  );
  assert.equal(localTime(new Date('2026-11-29T21:00:00Z'), LONDON), '21:00');
  assert.equal(startOfLocalDay('2026-11-30', LONDON).toISOString(), '2026-11-30T00:00:00.000Z');
  assert.equal(isoInZone(new Date('2026-11-30T08:00:00Z'), LONDON), '2026-11-30T08:00:00+00:00');
  // summer: an hour ahead of UTC, two behind Nairobi
  assert.equal(zoneOffsetMinutes(new Date('2026-06-22T12:00:00Z'), LONDON), 60);
  assert.equal(instantAt('2026-06-22', '11:00', LONDON).toISOString(), '2026-06-22T10:00:00.000Z');
  assert.equal(startOfLocalDay('2026-06-22', LONDON).toISOString(), '2026-06-21T23:00:00.000Z');
  // the day the clocks go back (25 October 2026) is 25 hours long; 12:00 is on the winter side
  assert.equal(instantAt('2026-10-25', '12:00', LONDON).toISOString(), '2026-10-25T12:00:00.000Z');
  assert.equal(
    startOfLocalDay('2026-10-26', LONDON).getTime() - startOfLocalDay('2026-10-25', LONDON).getTime(),
    25 * 3600_000,
  );
});

test('calendar dates and months move without a zone', () => {
  assert.equal(addDays('2026-11-30', 1), '2026-12-01');
  assert.equal(addDays('2026-03-01', -1), '2026-02-28');
  assert.equal(addDays('2028-02-28', 1), '2028-02-29');
  assert.equal(addMonths('2026-01', -1), '2025-12');
  assert.equal(addMonths('2026-11', 2), '2027-01');
  assert.ok(isLocalDate('2028-02-29'));
  assert.ok(!isLocalDate('2026-02-29'), 'not a leap year');
  assert.ok(!isLocalDate('2026-2-3'));
  assert.ok(!isLocalDate('30/11/2026'));
});

test('twelve local months ending with the month of an instant, each beginning at local midnight', () => {
  // 21:30 UTC on 31 October is already November in Nairobi, still October in London
  const at = new Date('2026-10-31T21:30:00Z');
  const nairobi = localMonthsEnding(at, 12, NAIROBI);
  assert.equal(nairobi.length, 12);
  assert.equal(nairobi[0]!.month, '2025-12');
  assert.equal(nairobi[0]!.starts.toISOString(), '2025-11-30T21:00:00.000Z');
  assert.equal(nairobi[11]!.month, '2026-11');
  assert.equal(nairobi[11]!.starts.toISOString(), '2026-10-31T21:00:00.000Z');
  const london = localMonthsEnding(at, 12, LONDON);
  assert.equal(london[11]!.month, '2026-10');
  assert.equal(london[11]!.starts.toISOString(), '2026-09-30T23:00:00.000Z', 'October begins in summer time');
  assert.equal(london[0]!.starts.toISOString(), '2025-11-01T00:00:00.000Z');
});

test('dates and times for people, in the zone and the language', () => {
  const lateEvening = new Date('2026-11-29T20:30:00Z');
  assert.equal(
    formatDate('en', lateEvening, NAIROBI),
    formatDate('en', new Date('2026-11-29T12:00:00Z'), NAIROBI),
    'still the 29th in Nairobi',
  );
  const afterMidnight = new Date('2026-11-29T21:30:00Z');
  assert.match(formatDateTime('en', afterMidnight, NAIROBI), /30 Nov 2026/);
  assert.match(formatDateTime('en', afterMidnight, NAIROBI), /00:30/);
  assert.match(formatDateTime('en', afterMidnight, LONDON), /29 Nov 2026/);
  assert.match(formatDateTime('en', afterMidnight, LONDON), /21:30/);
  assert.equal(formatTime('en', afterMidnight, NAIROBI), '00:30');
  assert.equal(
    formatTime('en', '2026-11-29T21:30:00Z', LONDON),
    '21:30',
    'an ISO string is read as the instant it names',
  );
  assert.equal(formatDateTime('en', null, NAIROBI), '');
  assert.equal(formatDate('sw', undefined, NAIROBI), '');
  // a calendar date has no zone: the same day wherever it is read
  assert.equal(formatLocalDate('en', '2026-11-30'), formatDate('en', new Date('2026-11-30T09:00:00Z'), NAIROBI));
  assert.equal(formatMonth('en', '2026-06'), 'June 2026');
  assert.equal(
    formatMonth('sw', '2026-06'),
    new Intl.DateTimeFormat('sw-KE', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(Date.UTC(2026, 5, 1)),
    ),
  );
});

test('local times stay right second by second across a change of clocks, and for old offsets with seconds', () => {
  const zone = 'Europe/London';
  // 2026-03-29 01:00 UTC: London moves from 01:00 GMT to 02:00 BST
  const iso = (ms: number) => isoInZone(new Date(ms), zone);
  const change = Date.UTC(2026, 2, 29, 1, 0, 0);
  assert.equal(iso(change - 1000), '2026-03-29T00:59:59+00:00');
  assert.equal(iso(change - 30_000), '2026-03-29T00:59:30+00:00');
  assert.equal(iso(change), '2026-03-29T02:00:00+01:00');
  assert.equal(iso(change + 59_000), '2026-03-29T02:00:59+01:00');
  assert.equal(localTime(new Date(change + 61_000), zone), '02:01');
  // Nairobi's local mean time in 1900 was UTC+2:27:16
  assert.equal(
    isoInZone(new Date(Date.UTC(1900, 0, 1, 0, 0, 10)), 'Africa/Nairobi').slice(0, 19),
    '1900-01-01T02:27:26',
  );
  assert.equal(
    isoInZone(new Date(Date.UTC(1900, 0, 1, 0, 0, 50)), 'Africa/Nairobi').slice(0, 19),
    '1900-01-01T02:28:06',
  );
});
