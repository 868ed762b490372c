import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { demoAccounts, startSauti, type TestContext } from '../../../../test/helpers.ts';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import { NotFound } from '../../../platform/http/errors.ts';
import { entryOf } from '../index.ts';
import { postJson } from '../test-desk.ts';

let sauti: TestContext;
const as = demoAccounts(() => sauti.app).as;
const pool = () => sauti.platform.db.pool;
const caseCount = async () => (await pool().query<{ n: number }>('select count(*)::int as n from cases')).rows[0]!.n;

before(async () => {
  sauti = await startSauti();
  sauti.platform.clock.set(new Date('2026-11-30T12:00:00+03:00'));
});
after(() => sauti.close());

const complaint = {
  kind: 'report',
  occurredAt: '2026-11-30T11:20:00+03:00',
  place: 'Kasarani, Mwiki road stage',
  narrative: 'Complainant says a traffic officer demanded KES 1,000 to release his matatu.',
  persons: [{ role: 'complainant', name: 'Peter Otieno', phone: '0722000111' }],
};

async function record(body: unknown): Promise<{ id: string; obNumber: string }> {
  const res = await postJson(sauti, await as('officer.kasarani'), '/api/ob/stations/kasarani/entries', body);
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

const openCase = async (who: string, body: unknown, station = 'kasarani') =>
  postJson(sauti, await as(who), `/api/ob/stations/${station}/cases`, body);

async function staffActor(username: string): Promise<StaffActor> {
  const { rows } = await pool().query('select * from users where username = $1', [username]);
  const u = rows[0];
  return {
    kind: 'staff',
    id: String(u.id),
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    unitCode: u.unit_code,
    stationId: u.station_id,
    serviceNumber: u.service_number,
    duties: [],
  };
}

describe('an entry opens a case in the hub', () => {
  test('a complaint against an officer made at the desk goes to IAU, with the entry linked', async () => {
    const entry = await record(complaint);
    const res = await openCase('officer.kasarani', {
      entry: `OB ${entry.obNumber}`,
      category: 'bribery_extortion',
      note: 'Complainant can identify the officer.',
      officerServiceNumber: '2015-088120',
    });
    assert.equal(res.statusCode, 201, res.body);
    const { rows } = await pool().query(
      'select c.unit_code, c.source, c.station_id from cases c where c.reference = $1',
      [res.json().case],
    );
    assert.deepEqual(rows[0], { unit_code: 'IAU', source: 'ob', station_id: 'kasarani' });
    const linked = await pool().query(
      'select 1 from ob_entry_cases l join cases c on c.id = l.case_id where l.entry_id = $1 and c.reference = $2',
      [entry.id, res.json().case],
    );
    assert.equal(linked.rowCount, 1);
  });

  test("the case's investigators read the linked entry; another unit's are refused", async () => {
    const entry = await record({
      ...complaint,
      narrative: 'Complainant reports harassment by an officer at the gate.',
    });
    const res = await openCase('ocs.kasarani', { entry: entry.obNumber, category: 'sexual_harassment_gbv' });
    assert.equal(res.statusCode, 201, res.body);
    const reference = res.json().case;
    const [day, month, year] = entry.obNumber.split('/').slice(1);
    const number = Number(entry.obNumber.split('/')[0]);

    const gender = await staffActor('gender.investigator');
    const read = await entryOf(sauti.platform, gender, 'kasarani', `${year}-${month}-${day}`, number);
    assert.equal(read.narrative, 'Complainant reports harassment by an officer at the gate.');
    const page = await (await as('gender.investigator')).get(`/staff/cases/${reference}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /harassment by an officer at the gate/);

    const dci = await staffActor('dci.investigator');
    await assert.rejects(entryOf(sauti.platform, dci, 'kasarani', `${year}-${month}-${day}`, number), NotFound);
    assert.equal((await (await as('dci.investigator')).get(`/staff/cases/${reference}`)).statusCode, 404);
  });

  test("an officer of another station cannot open a case from Kasarani's entry", async () => {
    const entry = await record(complaint);
    const before = await caseCount();
    const res = await openCase('officer.salama', { entry: entry.obNumber, category: 'bribery_extortion' });
    assert.equal(res.statusCode, 403);
    assert.equal(await caseCount(), before);
  });

  test('a bad entry reference or category is a 400 naming the field, and no case opens', async () => {
    const before = await caseCount();
    const missing = await openCase('officer.kasarani', { entry: 'OB 999/30/11/2026', category: 'bribery_extortion' });
    assert.equal(missing.statusCode, 400);
    assert.deepEqual(
      missing.json().error.fields.map((f: { field: string }) => f.field),
      ['entry'],
    );
    const garbled = await openCase('officer.kasarani', { entry: 'page 12', category: 'parking' });
    assert.equal(garbled.statusCode, 400);
    assert.deepEqual(
      garbled.json().error.fields.map((f: { field: string }) => f.field),
      ['entry', 'category'],
    );
    assert.equal(await caseCount(), before);
  });

  test('the desk form opens the case and comes back (303); a mistake shows the form again with its error', async () => {
    const entry = await record(complaint);
    const desk = await as('officer.kasarani');
    const form = '/staff/ob/cases/kasarani/new';
    const done = await desk.post(
      '/staff/ob/cases/kasarani',
      { entry: entry.obNumber, category: 'brutality', back: '/staff/ob/custody/kasarani' },
      { csrfFrom: form },
    );
    assert.equal(done.statusCode, 303, done.body.slice(0, 300));
    assert.match(String(done.headers.location), /^\/staff\/ob\/custody\/kasarani\?opened=CASE-2026-\d{6}$/);
    const offsite = await desk.post(
      '/staff/ob/cases/kasarani',
      { entry: entry.obNumber, category: 'brutality', back: '//evil.example/' },
      { csrfFrom: form },
    );
    assert.match(String(offsite.headers.location), /^\/staff\/ob\/cases\/kasarani\/new\?opened=/);
    const wrong = await desk.post('/staff/ob/cases/kasarani', { entry: '', category: 'brutality' }, { csrfFrom: form });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /href="#entry"/);
  });
});
