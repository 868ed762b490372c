import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { demoAccounts, signIn, startSauti, type Browser, type TestContext } from '../../../../test/helpers.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../../platform/auth/demo.ts';
import { createUser } from '../../../platform/auth/service.ts';
import { facilities } from '../../../jurisdiction/kenya/index.ts';
import { assault, postJson } from '../../ob/test-desk.ts';
import { p3Progress } from './service.ts';

let sauti: TestContext;
let accounts: ReturnType<typeof demoAccounts>;
let p3: { id: string; number: string; obNumber: string };
let otherMedic: Browser;

const partTwo = {
  examinedAt: '2026-11-30T13:45',
  examinerName: 'Dr. Catherine Mwikali',
  examinerRegistration: 'A7731',
  injuries: 'Laceration 4 cm on the left forearm, sutured.\nBruise 3 x 2 cm below the left eye.',
  weapon: 'Sharp object',
  injuryAge: 'About 6 hours',
  degree: 'harm',
  treatment: 'Wound cleaned and sutured; tetanus toxoid; analgesics.',
  remarks: '',
};

const pool = () => sauti.platform.db.pool;
const count = async (sql: string, params: unknown[] = []) =>
  (await pool().query<{ n: number }>(`select count(*)::int as n from ${sql}`, params)).rows[0]!.n;
const partTwoReads = () =>
  count("audit_log where action = 'documents.p3.part2.read' and subject_type = 'document' and subject_id = $1", [
    p3.id,
  ]);
const fieldsOf = (body: { error: { fields: Array<{ field: string }> } }) => body.error.fields.map((p) => p.field);

before(async () => {
  sauti = await startSauti({ workers: false });
  sauti.platform.clock.set(new Date('2026-11-30T15:00:00+03:00'));
  accounts = demoAccounts(() => sauti.app);
  const desk = await accounts.as('officer.salama');
  const entry = await postJson(sauti, desk, '/api/ob/stations/salama/entries', assault);
  assert.equal(entry.statusCode, 201, entry.body);
  const { obNumber } = entry.json();
  const issued = await postJson(sauti, desk, '/api/documents/stations/salama/documents', { kind: 'p3', ob: obNumber });
  assert.equal(issued.statusCode, 201, issued.body);
  p3 = { id: issued.json().id, number: issued.json().number, obNumber };
  await createUser(pool(), {
    username: 'medic.knh',
    displayName: 'Dr. Otieno Achieng (Kenyatta National Hospital)',
    role: 'medical_officer',
    facilityId: 'kenyatta-national-hospital',
    password: DEMO_PASSWORD,
    totpSecret: DEMO_TOTP_SECRET,
  });
  otherMedic = await signIn(sauti.app, 'medic.knh');
});
after(() => sauti.close());

describe("a P3 form's Part II, from the station to the health facility and back", () => {
  test('the desk sends its P3 form to a facility of its county, once', async () => {
    const desk = await accounts.as('officer.salama');
    const home = await desk.get('/staff/p3');
    assert.equal(home.headers.location, '/staff/p3/stations/salama');
    assert.match((await desk.get('/staff/p3/stations/salama')).body, /P3\/SALAMA\/2026\/1[\s\S]*Not yet sent/);
    const page = await desk.get(`/staff/p3/${p3.id}`);
    assert.equal(page.statusCode, 200);
    const options = [...page.body.matchAll(/<option value(?:="([^"]*)")?/g)].map((m) => m[1] ?? '');
    const makueni = facilities.filter((f) => f.countyCode === '017').map((f) => f.id);
    assert.equal(options[0], '', 'a placeholder first, then the facilities of Makueni');
    assert.deepEqual(new Set(options.slice(1, makueni.length + 1)), new Set(makueni));
    assert.ok(options.includes('kenyatta-national-hospital'));

    const url = `/staff/p3/${p3.id}/send`;
    const blank = await desk.post(url, { facility: '' }, { csrfFrom: `/staff/p3/${p3.id}` });
    assert.equal(blank.statusCode, 400);
    assert.match(blank.body, /href="#facility">Choose the health facility the P3 form goes to/);
    const made = await desk.post(
      url,
      { facility: 'makueni-county-referral-hospital' },
      { csrfFrom: `/staff/p3/${p3.id}` },
    );
    assert.equal(made.statusCode, 303, made.body);
    assert.equal(made.headers.location, `/staff/p3/${p3.id}?done=sent`);
    assert.match((await desk.get(made.headers.location as string)).body, /Sent to Makueni County Referral Hospital/);
    const again = await postJson(sauti, desk, `/api/documents/p3/${p3.id}/facility`, { facility: 'mbooni-hospital' });
    assert.equal(again.statusCode, 409);
    assert.deepEqual(await p3Progress(pool(), p3.number), {
      facility: 'Makueni County Referral Hospital',
      sentAt: new Date('2026-11-30T12:00:00Z'),
      completedAt: null,
    });
  });

  test("the facility's medical officer finds it in the queue with Part I's facts", async () => {
    const medic = await accounts.as('medic.makueni');
    const queue = await medic.get('/staff/p3');
    assert.equal(queue.statusCode, 200);
    assert.match(queue.body, /P3 forms sent to Makueni County Referral Hospital/);
    assert.match(queue.body, /1 form waiting for Part II/);
    const page = (await medic.get(`/staff/p3/${p3.id}`)).body;
    for (const fact of [p3.number, `OB ${p3.obNumber}`, 'Salama Police Station', 'Mutua Kioko'])
      assert.ok(page.includes(fact), fact);
    assert.match(page, /name="injuries"/);
  });

  test('the other walls: another facility, another station, an investigator without a linked case', async () => {
    const queue = await otherMedic.get('/api/documents/p3');
    assert.equal(queue.statusCode, 200);
    assert.deepEqual(queue.json(), { facility: 'kenyatta-national-hospital', forms: [] });
    assert.match((await otherMedic.get('/staff/p3')).body, /No P3 form is waiting for Part II/);
    assert.equal((await otherMedic.get(`/staff/p3/${p3.id}`)).statusCode, 403);
    assert.equal((await otherMedic.get(`/api/documents/p3/${p3.id}`)).statusCode, 403);
    assert.equal((await postJson(sauti, otherMedic, `/api/documents/p3/${p3.id}/part2`, partTwo)).statusCode, 403);

    const kasarani = await accounts.as('officer.kasarani');
    assert.equal((await kasarani.get(`/api/documents/p3/${p3.id}`)).statusCode, 403);
    assert.equal((await kasarani.get('/staff/p3/stations/salama')).statusCode, 403);
    assert.equal((await kasarani.get('/api/documents/p3')).statusCode, 403, 'no facility queue for the police');
    for (const investigator of ['dci.investigator', 'iau.investigator']) {
      const who = await accounts.as(investigator);
      assert.equal((await who.get(`/api/documents/p3/${p3.id}`)).statusCode, 403, investigator);
    }
    const desk = await accounts.as('officer.salama');
    assert.equal((await postJson(sauti, desk, `/api/documents/p3/${p3.id}/part2`, partTwo)).statusCode, 403);
    assert.equal((await sauti.app.inject({ method: 'GET', url: `/api/documents/p3/${p3.id}` })).statusCode, 401);
    assert.equal(await count('p3_findings'), 0);
  });

  test('Part II with mistakes comes back naming each field, and nothing is kept', async () => {
    const medic = await accounts.as('medic.makueni');
    const bad = await postJson(sauti, medic, `/api/documents/p3/${p3.id}/part2`, {
      examinedAt: 'this morning',
      examinerName: ' ',
      injuries: '',
      degree: 'serious',
      injuryAge: 'x'.repeat(201),
    });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(fieldsOf(bad.json()), [
      'examinedAt',
      'examinerName',
      'examinerRegistration',
      'injuries',
      'weapon',
      'injuryAge',
      'degree',
      'treatment',
    ]);
    const later = await postJson(sauti, medic, `/api/documents/p3/${p3.id}/part2`, {
      ...partTwo,
      examinedAt: '2026-11-30T18:00',
    });
    assert.deepEqual(fieldsOf(later.json()), ['examinedAt'], 'an examination cannot be later than now');

    const form = await medic.post(
      `/staff/p3/${p3.id}/part2`,
      { ...partTwo, injuries: '', degree: '' },
      { csrfFrom: `/staff/p3/${p3.id}` },
    );
    assert.equal(form.statusCode, 400);
    assert.match(form.body, /href="#injuries">Describe the injuries found/);
    assert.match(form.body, /href="#degree">Choose the degree of injury/);
    assert.match(form.body, /id="injuries-error"/);
    assert.match(form.body, /value="A7731"/, 'what was typed is kept');
    assert.equal(await count('p3_findings'), 0);
    assert.equal(await count("audit_log where action = 'documents.p3.completed'"), 0);
  });

  test('the medical officer completes Part II once; it goes back to the station, whose reading is audited', async () => {
    const medic = await accounts.as('medic.makueni');
    const done = await medic.post(`/staff/p3/${p3.id}/part2`, partTwo, { csrfFrom: `/staff/p3/${p3.id}` });
    assert.equal(done.statusCode, 303, done.body);
    assert.equal(done.headers.location, `/staff/p3/${p3.id}?done=completed`);
    const again = await postJson(sauti, medic, `/api/documents/p3/${p3.id}/part2`, { ...partTwo, degree: 'maim' });
    assert.equal(again.statusCode, 409);
    assert.doesNotMatch((await medic.get(`/staff/p3/${p3.id}`)).body, /name="injuries"/);
    assert.match((await medic.get('/staff/p3')).body, /0 forms waiting for Part II/);

    const readsBefore = await partTwoReads();
    const desk = await accounts.as('officer.salama');
    const read = await desk.get(`/api/documents/p3/${p3.id}`);
    assert.equal(read.statusCode, 200, read.body);
    const { findings, completedAt } = read.json();
    assert.equal(completedAt, '2026-11-30T12:00:00.000Z');
    assert.deepEqual(
      [findings.degree, findings.weapon, findings.examinedAt],
      ['harm', 'Sharp object', '2026-11-30T10:45:00.000Z'],
    );
    assert.equal(findings.injuries, partTwo.injuries);
    assert.equal(findings.remarks, null);
    const { rows } = await pool().query(
      `select actor_label, detail->>'as' as reader from audit_log
       where action = 'documents.p3.part2.read' and subject_id = $1 order by id desc limit 1`,
      [p3.id],
    );
    assert.deepEqual(rows, [{ actor_label: 'Joseph Mwangi (officer.salama)', reader: 'desk' }]);
    const commander = await accounts.as('ocs.salama');
    assert.match((await commander.get(`/staff/p3/${p3.id}`)).body, /Laceration 4 cm on the left forearm/);
    assert.equal(await partTwoReads(), readsBefore + 2);

    const progress = await p3Progress(pool(), p3.number);
    assert.deepEqual(Object.keys(progress!).sort(), ['completedAt', 'facility', 'sentAt'], 'no findings');
    assert.ok(progress!.completedAt);
  });

  test('investigators of a case opened from the entry read Part II; others still may not', async () => {
    const desk = await accounts.as('officer.salama');
    const opened = await postJson(sauti, desk, '/api/ob/stations/salama/cases', {
      entry: p3.obNumber,
      category: 'brutality',
      note: 'The complainant says the two men wore police uniform.',
    });
    assert.equal(opened.statusCode, 201, opened.body);
    const iau = await accounts.as('iau.investigator');
    const read = await iau.get(`/api/documents/p3/${p3.id}`);
    assert.equal(read.statusCode, 200, read.body);
    assert.equal(read.json().findings.degree, 'harm');
    const { rows } = await pool().query(
      `select detail->>'as' as reader from audit_log
       where action = 'documents.p3.part2.read' and subject_id = $1 order by id desc limit 1`,
      [p3.id],
    );
    assert.deepEqual(rows, [{ reader: `investigator on ${opened.json().case}` }]);
    const readsBefore = await partTwoReads();
    assert.equal((await (await accounts.as('dci.investigator')).get(`/api/documents/p3/${p3.id}`)).statusCode, 403);
    assert.equal((await otherMedic.get(`/api/documents/p3/${p3.id}`)).statusCode, 403);
    assert.equal(await partTwoReads(), readsBefore, 'a refused read shows nothing and records no reading');
  });

  test('what was sent and found is never changed, even by the application behind Sauti’s back', async () => {
    await assert.rejects(pool().query("update p3_findings set degree = 'maim'"), /append-only|permission denied/);
    await assert.rejects(pool().query('delete from p3_forms'), /append-only|permission denied/);
  });
});
