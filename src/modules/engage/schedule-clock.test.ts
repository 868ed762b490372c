import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { jurisdiction } from '../../jurisdiction/kenya/index.ts';
import { resetClock, signIn, startSauti, type TestContext } from '../../../test/helpers.ts';
import { addDays, localDate, localTime, weekday, zonedToUtc } from './schedule.ts';
import { generateSessions } from './schedule/generation.ts';

let sauti: TestContext;
const zone = jurisdiction.timeZone;
const HOUR = 3600_000;

const query = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  sauti.platform.db.pool.query<T>(sql, params).then((r) => r.rows);

before(async () => {
  sauti = await startSauti();
});
after(async () => {
  resetClock(sauti.platform);
  await sauti.close();
});

/** The Monday whose 11:00 (Nairobi) session has not started at `at`, worked out apart from the code under test. */
function expectedFirstDate(at: Date): string {
  const today = localDate(at, zone);
  const toMonday = (8 - weekday(today)) % 7;
  return toMonday === 0 && localTime(at, zone) >= '11:00' ? addDays(today, 7) : addDays(today, toMonday);
}

describe('the schedule keeps to the platform clock', () => {
  test('at every hour of a week (and around Monday 11:00 and midnight in Nairobi), the form offers the next session not yet started, and six sessions are generated, all ahead', async () => {
    const ig = await signIn(sauti.app, 'ig.office');
    const clock = sauti.platform.clock;
    // Monday 30 November 2026, 00:00 in Nairobi, and every hour of that week
    const week = zonedToUtc('2026-11-30', '00:00', zone);
    const moments: Date[] = [];
    for (let h = 0; h < 7 * 24; h++) moments.push(new Date(week.getTime() + h * HOUR));
    for (const [date, time] of [
      ['2026-11-29', '23:59'],
      ['2026-11-30', '10:59'],
      ['2026-11-30', '11:00'],
      ['2026-11-30', '11:30'],
      ['2026-11-30', '11:59'],
      ['2026-11-30', '12:00'],
      ['2026-12-06', '23:59'],
      ['2026-12-07', '00:00'],
      ['2026-12-07', '11:30'],
    ] as const) {
      moments.push(zonedToUtc(date, time, zone));
    }
    const seen = new Map<string, string>();
    try {
      for (const [i, now] of moments.entries()) {
        const label = `${localDate(now, zone)} ${localTime(now, zone)} Nairobi`;
        clock.set(now);
        const form = await ig.get('/staff/engage/schedule');
        assert.equal(form.statusCode, 200, label);
        const firstDate = /name="firstDate" type="date" value="(\d{4}-\d{2}-\d{2})"/.exec(form.body)?.[1];
        assert.ok(firstDate, `${label}: the form has a first date`);
        assert.equal(firstDate, expectedFirstDate(now), label);
        assert.equal(weekday(firstDate), 1, `${label}: a Monday`);
        assert.ok(zonedToUtc(firstDate, '11:00', zone).getTime() > now.getTime(), `${label}: its 11:00 is still ahead`);
        assert.ok(
          zonedToUtc(firstDate, '11:00', zone).getTime() - now.getTime() <= 7 * 24 * HOUR,
          `${label}: and at most a week ahead`,
        );
        seen.set(label, firstDate);
        assert.match(form.body, /name="startTime" type="time" value="11:00"/);

        const res = await ig.post(
          '/staff/engage/series',
          {
            firstDate,
            intervalWeeks: '2',
            startTime: '11:00',
            durationMinutes: '60',
            hashtag: '#EngageTheIG',
            moderation: 'pre',
          },
          { csrfFrom: '/staff/engage/schedule' },
        );
        assert.equal(res.statusCode, 303, `${label}: ${res.body.slice(0, 300)}`);
        const rows = await query<{ series_id: string; occurrence: number; starts_at: Date; ends_at: Date }>(
          'select series_id, occurrence, starts_at, ends_at from engage_sessions where series_id is not null order by occurrence',
        );
        assert.equal(rows.length, 6, `${label}: six sessions`);
        for (const [k, r] of rows.entries()) {
          assert.equal(r.occurrence, k, label);
          assert.equal(r.starts_at.toISOString(), `${addDays(firstDate, 14 * k)}T08:00:00.000Z`, label);
          assert.equal(r.starts_at.getUTCDay(), 1, label);
          assert.equal(r.ends_at.getTime() - r.starts_at.getTime(), HOUR, label);
          assert.ok(r.starts_at.getTime() > now.getTime(), `${label}: session ${k} is in the future`);
        }
        assert.equal(await generateSessions(sauti.platform, clock.now()), 0, `${label}: generating again adds nothing`);
        const audit = await query(`select 1 from audit_log where action = 'engage.series.create'`);
        assert.equal(audit.length, i + 1, label);
        // each hour starts from an empty schedule, as on a fresh installation
        await query('delete from engage_sessions where series_id = $1', [rows[0]!.series_id]);
        await query('delete from engage_series where id = $1', [rows[0]!.series_id]);
      }
    } finally {
      resetClock(sauti.platform);
    }
    // the moments the suite used to fail at, and midnight
    assert.equal(
      seen.get('2026-11-30 11:30 Nairobi'),
      '2026-12-07',
      'Monday 11:30: today’s session has started, so next Monday',
    );
    assert.equal(seen.get('2026-11-30 12:00 Nairobi'), '2026-12-07');
    assert.equal(seen.get('2026-11-30 10:59 Nairobi'), '2026-11-30', 'Monday before 11:00: today');
    assert.equal(
      seen.get('2026-11-30 00:00 Nairobi'),
      '2026-11-30',
      'Monday midnight in Nairobi (still Sunday in UTC): today',
    );
    assert.equal(seen.get('2026-11-29 23:59 Nairobi'), '2026-11-30', 'Sunday 23:59: tomorrow');
    assert.equal(seen.get('2026-12-06 23:59 Nairobi'), '2026-12-07');
    assert.equal(seen.get('2026-12-07 00:00 Nairobi'), '2026-12-07');
    assert.equal(seen.size, 7 * 24 + 7, 'every hour of the week, and the moments around them');
  });
});
