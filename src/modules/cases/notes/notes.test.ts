import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, signIn, startSauti, validReport, type TestContext } from '../../../../test/helpers.ts';

let sauti: TestContext;
let reference = '';
let receipt = '';
/** A case IPOA leads and IAU is informed of: IAU may read it, not act on it. */
let informed = '';
const caseUrl = () => `/staff/cases/${reference}`;
const count = async (sql: string, params: unknown[] = []) =>
  (await sauti.platform.db.pool.query<{ n: number }>(`select count(*)::int as n from (${sql}) x`, params)).rows[0]!.n;

before(async () => {
  sauti = await startSauti({ workers: false });
  // a contactable reporter: news of the case would reach them by SMS, a note must not
  const res = await new Browser(sauti.app).post('/report', {
    ...validReport,
    anonymous: 'no',
    contactPhone: '0712 345 678',
    contactName: 'Achieng',
  });
  assert.equal(res.statusCode, 201);
  reference = /(CASE-\d{4}-\d{6})/.exec(res.body)![1]!;
  receipt = /id="receipt-code">\s*([\d ]{19})/.exec(res.body)![1]!.replace(/ /g, '');
  const death = await new Browser(sauti.app).post('/report', {
    ...validReport,
    category: 'death_serious_injury',
    description: 'A man was shot dead during an arrest in Kasarani',
    county: '047',
    station: 'kasarani',
  });
  informed = /(CASE-\d{4}-\d{6})/.exec(death.body)![1]!;
});
after(() => sauti.close());

const NOTE = 'Cpl. Kioko was off duty that day; check the OB for the desk roster.';

test('an investigator adds an internal note; the case page shows it apart from the messages, with who and when', async () => {
  const iau = await signIn(sauti.app, 'iau.investigator');
  const smsBefore = await count('select 1 from sms_outbox');
  const res = await iau.post(`${caseUrl()}/notes`, { note: NOTE }, { csrfFrom: caseUrl() });
  assert.equal(res.statusCode, 303);
  const page = (await iau.get(`${caseUrl()}?done=note`)).body;
  assert.match(page, /Internal note added\./);
  const notes = page.slice(page.indexOf('id="notes-title"'));
  assert.ok(notes.includes('Cpl. Kioko was off duty that day'), 'in the notes section');
  assert.match(notes, /Ruth Njeri/, 'who wrote it');
  assert.match(page, /internal note added/, 'the history says a note was added');
  assert.equal(await count('select 1 from sms_outbox'), smsBefore, 'a note sends the reporter nothing');
  assert.equal(await count(`select 1 from audit_log where action = 'case.note' and subject_id = $1`, [reference]), 1);
});

test('the reporter never sees a note: not on the follow page, not in the JSON API', async () => {
  const citizen = new Browser(sauti.app);
  await citizen.post('/follow', { receipt }, { csrfFrom: '/follow' });
  const follow = (await citizen.get('/follow')).body;
  assert.ok(follow.includes(reference) || /id="report-status"/.test(follow), 'the follow page opened');
  assert.ok(!follow.includes('off duty'));
  assert.ok(!/internal note/i.test(follow));
  const api = await sauti.app.inject({ method: 'POST', url: '/api/reports/follow', payload: { receipt } });
  assert.equal(api.statusCode, 200);
  assert.ok(!api.body.includes('off duty'));
  assert.ok(!/note/i.test(api.body), api.body.slice(0, 300));
});

test('an empty note is a clear error on the form and keeps nothing', async () => {
  const iau = await signIn(sauti.app, 'iau.investigator');
  const before = await count('select 1 from case_notes');
  const res = await iau.post(`${caseUrl()}/notes`, { note: '   ' }, { csrfFrom: caseUrl() });
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /Write the note\./);
  assert.equal(await count('select 1 from case_notes'), before);
});

test('who may not act on the case cannot add a note, and who may not see it cannot read its notes', async () => {
  const before = await count('select 1 from case_notes');
  // another unit's investigator: the case does not exist for them
  const gender = await signIn(sauti.app, 'gender.investigator');
  const refused = await gender.post(`${caseUrl()}/notes`, { note: 'x' }, { csrfFrom: '/staff/cases' });
  assert.equal(refused.statusCode, 404);
  assert.equal((await gender.get(caseUrl())).statusCode, 404);
  // the IG's office reads every case and its notes
  const ig = await signIn(sauti.app, 'ig.office');
  assert.ok((await ig.get(caseUrl())).body.includes('off duty'));
  // a unit informed of a case reads it but may not act on it: no form, and a note sent anyway is refused
  const iau = await signIn(sauti.app, 'iau.investigator');
  const informedUrl = `/staff/cases/${informed}`;
  const page = (await iau.get(informedUrl)).body;
  assert.match(page, /only the unit leading it can act/);
  assert.ok(!page.includes(`action="${informedUrl}/notes"`), 'no form for who may not act');
  const forbidden = await iau.post(`${informedUrl}/notes`, { note: 'x' }, { csrfFrom: informedUrl });
  assert.equal(forbidden.statusCode, 403);
  // nobody signed in
  const anonymous = await new Browser(sauti.app).post(`${caseUrl()}/notes`, { note: 'x' }, { csrfFrom: '/follow' });
  assert.ok([302, 303, 401, 403].includes(anonymous.statusCode), String(anonymous.statusCode));
  assert.equal(await count('select 1 from case_notes'), before);
});

test('notes are append-only in the database', async () => {
  await assert.rejects(sauti.platform.db.pool.query(`update case_notes set body = 'changed'`));
  await assert.rejects(sauti.platform.db.pool.query(`delete from case_notes`));
});
