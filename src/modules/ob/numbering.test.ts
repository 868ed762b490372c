import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { toActor, findUserByUsername } from '../../platform/auth/store.ts';
import type { StaffActor } from '../../platform/auth/actor.ts';
import { startSauti, type TestContext } from '../../../test/helpers.ts';
import { recordEntry, type RecordedEntry } from './service.ts';
import { arrest, lostPhone } from './test-desk.ts';

// Two desks saving at the same instant at one station get consecutive numbers: 10,000 saves at
// once, some of them failing inside their transaction, leave the day numbered 1..n with no gap
// and no number given twice.

let sauti: TestContext;
const SAVES = 10_000;

before(async () => {
  sauti = await startSauti();
  sauti.platform.clock.set(new Date('2026-11-30T21:30:00Z')); // 00:30 in Nairobi: the day is 2026-12-01
});
after(() => sauti.close());

async function actor(username: string): Promise<StaffActor> {
  return toActor((await findUserByUsername(sauti.platform.db.pool, username))!);
}

async function numbersOfDay(station: string, day: string): Promise<number[]> {
  const { rows } = await sauti.platform.db.pool.query<{ number: number }>(
    'select number from ob_entries where station_id = $1 and day = $2 order by number',
    [station, day],
  );
  return rows.map((r) => r.number);
}

test(
  '10,000 concurrent saves at one station: numbers 1..n, no gap, no duplicate, each desk told its own',
  { timeout: 240_000 },
  async () => {
    const desks = [await actor('officer.kasarani'), await actor('ocs.kasarani')];
    const booked = await recordEntry(sauti.platform, desks[0]!, 'kasarani', {
      ...arrest,
      occurredAt: '2026-12-01T00:10:00+03:00',
      arrestedAt: '2026-12-01T00:10:00+03:00',
    });
    const release = {
      kind: 'release',
      occurredAt: '2026-12-01T00:20:00+03:00',
      releaseOf: booked.obNumber,
      releaseMode: 'free',
      narrative: 'Released.',
    };
    const outcomes = await Promise.allSettled(
      Array.from({ length: SAVES }, (_, i) =>
        // every 100th save releases the same arrest: one succeeds, the rest fail inside their transaction
        recordEntry(
          sauti.platform,
          desks[i % 2]!,
          'kasarani',
          i % 100 === 0 ? release : { ...lostPhone, narrative: `Save ${i}` },
        ),
      ),
    );
    const told = outcomes
      .filter((o): o is PromiseFulfilledResult<RecordedEntry> => o.status === 'fulfilled')
      .map((o) => o.value);
    const refused = outcomes.filter((o) => o.status === 'rejected');
    assert.equal(refused.length, SAVES / 100 - 1, 'every release but one was refused');
    for (const r of refused)
      assert.match(
        String((r as PromiseRejectedResult).reason?.problems?.[0]?.field ?? (r as PromiseRejectedResult).reason),
        /releaseOf/,
      );
    assert.ok(
      told.every((e) => e.day === '2026-12-01'),
      'numbered in the Nairobi day',
    );
    const stored = await numbersOfDay('kasarani', '2026-12-01');
    assert.equal(stored.length, told.length + 1);
    assert.deepEqual(
      stored,
      Array.from({ length: stored.length }, (_, i) => i + 1),
      'numbers run 1..n without a gap',
    );
    const toldNumbers = told.map((e) => e.number).sort((a, b) => a - b);
    assert.equal(new Set(toldNumbers).size, toldNumbers.length, 'no number was given twice');
    const counter = await sauti.platform.db.pool.query<{ last_number: number }>(
      "select last_number from ob_day_counters where station_id = 'kasarani' and day = '2026-12-01'",
    );
    assert.equal(counter.rows[0]!.last_number, stored.length, 'no number was taken by a failed save');
  },
);
