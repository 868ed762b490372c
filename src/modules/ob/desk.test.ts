import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, demoAccounts, startSauti, type TestContext } from '../../../test/helpers.ts';
import { arrest, lostPhone, postJson } from './test-desk.ts';

let sauti: TestContext;
const as = demoAccounts(() => sauti.app).as;
const pool = () => sauti.platform.db.pool;
const count = async (sql: string, params: unknown[] = []) =>
  (await pool().query<{ n: number }>(sql, params)).rows[0]!.n;
const entries = () => count('select count(*)::int as n from ob_entries');

before(async () => {
  sauti = await startSauti();
  sauti.platform.clock.set(new Date('2026-11-30T10:00:00+03:00'));
});
after(() => sauti.close());

const record = async (body: unknown, who = 'officer.kasarani', station = 'kasarani') =>
  postJson(sauti, await as(who), `/api/ob/stations/${station}/entries`, body);

describe('the station desk', () => {
  test('a lost phone, an arrest and its release take consecutive numbers of the day, in Nairobi time', async () => {
    const lost = await record(lostPhone);
    assert.equal(lost.statusCode, 201, lost.body);
    const first = lost.json();
    assert.match(first.obNumber, /^\d+\/30\/11\/2026$/);
    assert.match(first.slipCode, /^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    const booked = (await record(arrest)).json();
    const n = Number(first.obNumber.split('/')[0]);
    assert.equal(booked.obNumber, `${n + 1}/30/11/2026`);
    const released = await record({
      kind: 'release',
      occurredAt: '2026-11-30T09:50:00+03:00',
      releaseOf: `OB ${booked.obNumber}`,
      releaseMode: 'bail',
      releaseNote: 'Cash bail KES 5,000, receipt 0012',
      narrative: 'Released on police cash bail.',
    });
    assert.equal(released.statusCode, 201, released.body);
    assert.equal(released.json().obNumber, `${n + 2}/30/11/2026`);
    const again = await record({
      kind: 'release',
      occurredAt: '2026-11-30T09:55:00+03:00',
      releaseOf: booked.obNumber,
      releaseMode: 'free',
      narrative: 'Released again?',
    });
    assert.equal(again.statusCode, 400);
    assert.deepEqual(again.json().error.fields, [
      { field: 'releaseOf', message: 'This person has already been released' },
    ]);
  });

  test('a release for someone never booked is refused, naming the field, and takes no number', async () => {
    const before = await entries();
    const res = await record({
      kind: 'release',
      occurredAt: '2026-11-30T09:50:00+03:00',
      releaseOf: 'OB 999/30/11/2026',
      releaseMode: 'court',
      narrative: 'To court.',
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /releaseOf/);
    assert.equal(await entries(), before);
    const next = (await record(lostPhone)).json();
    const last = await count(
      "select max(number)::int as n from ob_entries where station_id = 'kasarani' and day = '2026-11-30' and number < $1",
      [Number(next.obNumber.split('/')[0])],
    );
    assert.equal(Number(next.obNumber.split('/')[0]), last + 1);
  });

  test('an entry for another station is refused, and so is anyone not at a desk', async () => {
    const before = await entries();
    assert.equal((await record(lostPhone, 'officer.kasarani', 'salama')).statusCode, 403);
    assert.equal((await record(lostPhone, 'iau.investigator')).statusCode, 403);
    const anonymous = await postJson(sauti, new Browser(sauti.app), '/api/ob/stations/kasarani/entries', lostPhone);
    assert.equal(anonymous.statusCode, 401, anonymous.body);
    assert.equal(await entries(), before);
  });

  test('bad input gets a 400 naming each field, and nothing is stored', async () => {
    const before = await entries();
    const res = await record({
      kind: 'arrest',
      occurredAt: '2026-12-25T10:00:00+03:00',
      narrative: 'x'.repeat(4001),
      persons: [{ role: 'arrested', age: 400 }],
    });
    assert.equal(res.statusCode, 400);
    for (const field of ['occurredAt', 'narrative', 'persons.0.age', 'arrestedAt', 'arrestedBy', 'reason', 'persons'])
      assert.match(res.body, new RegExp(`"${field.replace('.', '\\.')}"`), field);
    assert.equal(await entries(), before);
  });

  test('a correction is a new entry naming the one it amends; amending an amendment shows the chain', async () => {
    const original = (await record(lostPhone)).json();
    const fix = await record({ ...lostPhone, amends: original.obNumber, amendReason: 'Wrong phone model' });
    assert.equal(fix.statusCode, 201, fix.body);
    const fix2 = await record({ ...lostPhone, amends: fix.json().obNumber, amendReason: 'Serial corrected' });
    assert.equal(fix2.statusCode, 201, fix2.body);
    const day = await (await as('officer.kasarani')).get('/api/ob/stations/kasarani/days/2026-11-30');
    const book = day.json().entries as Array<{ obNumber: string; amends: string | null; amendedBy: string[] }>;
    const find = (ob: string) => book.find((e) => e.obNumber === ob)!;
    assert.deepEqual(find(original.obNumber).amendedBy, [fix.json().obNumber]);
    assert.deepEqual(find(fix.json().obNumber).amendedBy, [fix2.json().obNumber]);
    assert.equal(find(fix2.json().obNumber).amends, fix.json().obNumber);
  });

  test('the database refuses to edit or delete an entry', async () => {
    // the application's login has no such privilege, and the table's owner is stopped by its trigger
    await assert.rejects(pool().query("update ob_entries set narrative = 'changed'"), /permission denied/);
    await assert.rejects(pool().query('delete from ob_entries'), /permission denied/);
    await assert.rejects(sauti.database.asOwner("update ob_entries set narrative = 'changed'"), /append-only/);
    await assert.rejects(sauti.database.asOwner('delete from ob_entries'), /append-only/);
  });
});
