import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { demoAccounts, startSauti, type TestContext } from '../../../../test/helpers.ts';
import { arrest, postJson } from '../test-desk.ts';
import { escalateOverdueArrests } from './index.ts';

const HOUR = 3600_000;

let sauti: TestContext;
const as = demoAccounts(() => sauti.app).as;
const pool = () => sauti.platform.db.pool;

before(async () => {
  sauti = await startSauti();
});
after(() => sauti.close());

const at = (iso: string) => sauti.platform.clock.set(new Date(iso));

async function book(body: unknown): Promise<{ id: string; obNumber: string }> {
  const res = await postJson(sauti, await as('officer.kasarani'), '/api/ob/stations/kasarani/entries', body);
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

/** An arrest at `arrestedAt` (Nairobi time), recorded then. */
async function arrestAt(arrestedAt: string): Promise<{ id: string; obNumber: string }> {
  at(arrestedAt);
  return book({ ...arrest, occurredAt: arrestedAt, arrestedAt });
}

async function releaseAt(recordedAt: string, arrested: { obNumber: string }): Promise<void> {
  at(recordedAt);
  await book({
    kind: 'release',
    occurredAt: recordedAt,
    releaseOf: arrested.obNumber,
    releaseMode: 'court',
    narrative: 'Taken to Makadara Law Courts.',
  });
}

/** The cases opened for this arrest entry by the custody clock. */
const custodyCases = async (entryId: string) =>
  (
    await pool().query<{ reference: string; unit_code: string; title: string; category: string; summary: string }>(
      `select c.reference, c.unit_code, c.title, c.category, c.summary from ob_custody_deadlines d
       join cases c on c.id = d.case_id where d.entry_id = $1`,
      [entryId],
    )
  ).rows;

const linkedCases = async (entryId: string) =>
  (await pool().query('select case_id from ob_entry_cases where entry_id = $1', [entryId])).rowCount;

describe('the custody clock (Art. 49: before a court within 24 hours)', () => {
  test('an arrest left without release escalates to IAU after 24 hours, once, however many runs', async () => {
    const booked = await arrestAt('2026-11-30T09:00:00+03:00');

    at('2026-12-01T08:59:00+03:00');
    await escalateOverdueArrests(sauti.platform);
    assert.deepEqual(await custodyCases(booked.id), [], 'not before 24 hours');

    at('2026-12-01T09:00:00+03:00');
    await Promise.all([escalateOverdueArrests(sauti.platform), escalateOverdueArrests(sauti.platform)]);
    await escalateOverdueArrests(sauti.platform);
    const cases = await custodyCases(booked.id);
    assert.equal(cases.length, 1, 'one case');
    assert.equal(await linkedCases(booked.id), 1, 'the entry is linked to it once');
    const [opened] = cases;
    assert.equal(opened!.unit_code, 'IAU');
    assert.equal(opened!.category, 'unlawful_arrest');
    assert.equal(opened!.title, `Custody beyond 24 hours: OB ${booked.obNumber} Kasarani Police Station`);
    assert.doesNotMatch(opened!.summary, /John Doe/, 'the case names nobody held');

    // the commander sees it on the station's custody list, and the IAU in its queue
    const custody = await (await as('ocs.kasarani')).get('/api/ob/stations/kasarani/custody');
    assert.equal(custody.statusCode, 200, custody.body);
    const row = custody.json().arrests.find((a: { obNumber: string }) => a.obNumber === booked.obNumber);
    assert.equal(row.overdue, true);
    assert.equal(row.heldSeconds, 24 * 3600);
    assert.equal(row.escalation.case, opened!.reference);
    const page = await (await as('ocs.kasarani')).get('/staff/ob/custody/kasarani');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(opened!.reference));
    const queue = await (await as('iau.investigator')).get('/api/cases?status=open');
    assert.ok(queue.json().cases.some((c: { reference: string }) => c.reference === opened!.reference));
    const casePage = await (await as('iau.investigator')).get(`/staff/cases/${opened!.reference}`);
    assert.equal(casePage.statusCode, 200);
    assert.match(casePage.body, new RegExp(`OB ${booked.obNumber.replaceAll('/', '\\/')}`));
  });

  test('a release recorded before the deadline means no case', async () => {
    const booked = await arrestAt('2026-12-02T10:00:00+03:00');
    await releaseAt('2026-12-02T15:30:00+03:00', booked);
    at('2026-12-03T11:00:00+03:00');
    await escalateOverdueArrests(sauti.platform);
    assert.deepEqual(await custodyCases(booked.id), []);
    assert.equal(await linkedCases(booked.id), 0);
    const settled = await pool().query('select settled_at from ob_custody_deadlines where entry_id = $1', [booked.id]);
    assert.notEqual(settled.rows[0].settled_at, null, 'the clock stops watching it');
  });

  test('a release recorded only after the deadline still escalates: the person was held beyond 24 hours', async () => {
    const booked = await arrestAt('2026-12-04T10:00:00+03:00');
    await releaseAt('2026-12-05T13:00:00+03:00', booked);
    await escalateOverdueArrests(sauti.platform);
    assert.equal((await custodyCases(booked.id)).length, 1);
  });

  test('a deadline is written with the arrest, and the database lets it be settled only once', async () => {
    const booked = await arrestAt('2026-12-06T07:15:00+03:00');
    const { rows } = await pool().query('select due_at, settled_at from ob_custody_deadlines where entry_id = $1', [
      booked.id,
    ]);
    assert.equal(rows[0].due_at.getTime(), Date.parse('2026-12-06T07:15:00+03:00') + 24 * HOUR);
    await pool().query('update ob_custody_deadlines set settled_at = now() where entry_id = $1', [booked.id]);
    await assert.rejects(
      pool().query('update ob_custody_deadlines set settled_at = null where entry_id = $1', [booked.id]),
      /settled once/,
    );
    await assert.rejects(pool().query('delete from ob_custody_deadlines where entry_id = $1', [booked.id]));
  });

  test("another station's officer cannot read Kasarani's custody list", async () => {
    const res = await (await as('officer.salama')).get('/api/ob/stations/kasarani/custody');
    assert.equal(res.statusCode, 403);
  });
});
