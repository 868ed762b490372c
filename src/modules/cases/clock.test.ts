import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDateTime } from '../../platform/i18n/index.ts';
import { Browser, resetClock, signIn, startSauti, validReport, type TestContext } from '../../../test/helpers.ts';

/**
 * A case opens at the platform clock's moment: its reference carries that moment's year in
 * Nairobi, its first-response clock runs from it, and the queue judges it overdue at the clock.
 */

const MINUTE = 60_000;
/** 00:30 on New Year's Day 2025 in Nairobi (still 2024 in UTC). */
const T = new Date('2024-12-31T21:30:00Z');
/** 16 working hours later: nine on Thursday 2 January (08:00–17:00), seven on Friday: 15:00 on the 3rd. */
const DUE = new Date('2025-01-03T15:00:00+03:00');

let sauti: TestContext;
let iau: Browser;
let reference: string;

before(async () => {
  sauti = await startSauti({ workers: false });
  iau = await signIn(sauti.app, 'iau.investigator');
});
after(async () => {
  resetClock(sauti.platform);
  await sauti.close();
});

/** The case as the unit's queue (JSON) lists it, or undefined when it is not listed. */
async function listed(query = ''): Promise<{ reference: string; overdue: boolean } | undefined> {
  const res = await iau.get(`/api/cases${query}`);
  assert.equal(res.statusCode, 200);
  return (res.json() as { cases: Array<{ reference: string; overdue: boolean }> }).cases.find(
    (c) => c.reference === reference,
  );
}

describe('a case on a pinned clock', () => {
  test('opened at the clock: its reference, its first-response due time and the receipt that says so', async () => {
    sauti.platform.clock.set(T);
    const filed = await new Browser(sauti.app).post('/report', {
      ...validReport,
      description: 'Asked for a bribe at the roadblock on New Year',
    });
    assert.equal(filed.statusCode, 201);
    reference = /(CASE-\d{4}-\d{6})/.exec(filed.body)![1]!;
    assert.match(reference, /^CASE-2025-/, "the year in Nairobi at the clock's moment");
    const row = (
      await sauti.platform.db.pool.query<{ opened_at: Date; first_response_due_at: Date }>(
        'select opened_at, first_response_due_at from cases where reference = $1',
        [reference],
      )
    ).rows[0]!;
    assert.equal(row.opened_at.toISOString(), T.toISOString());
    assert.equal(
      row.first_response_due_at.toISOString(),
      DUE.toISOString(),
      'bribery: 16 working hours, from the first working day after New Year',
    );
    assert.ok(filed.body.includes(formatDateTime('en', DUE)), 'the receipt gives the same due time');
  });

  test('overdue in the queue from the moment the first response was due, by the clock', async () => {
    sauti.platform.clock.set(new Date(DUE.getTime() - MINUTE));
    assert.equal((await listed())?.overdue, false);
    assert.equal(await listed('?overdue=true'), undefined, 'not in the overdue-only queue yet');
    const page = await iau.get(`/staff/cases/${reference}`);
    assert.equal(page.statusCode, 200);

    sauti.platform.clock.set(new Date(DUE.getTime() + MINUTE));
    assert.equal((await listed())?.overdue, true);
    assert.equal((await listed('?overdue=true'))?.overdue, true, 'and in the overdue-only queue');
  });
});
