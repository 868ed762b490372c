import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Browser,
  demoAccounts,
  fileReport,
  startSauti,
  validReport,
  type TestContext,
} from '../../../../test/helpers.ts';
import { csvFields } from '../../../platform/text/csv.ts';

/** The audit trail read back: the IG's office reads all of it, the IPOA liaison a case within IPOA's mandate. */

let sauti: TestContext;
const { as } = demoAccounts(() => sauti.app);
const pool = () => sauti.platform.db.pool;
let bribery = '';
let death = '';
const count = async (sql: string, params: unknown[] = []) =>
  (await pool().query<{ n: number }>(`select count(*)::int as n from (${sql}) x`, params)).rows[0]!.n;
const auditedAs = (username: string, action: string) =>
  count(`select 1 from audit_log a join users u on u.id = a.actor_id where u.username = $1 and a.action = $2`, [
    username,
    action,
  ]);

before(async () => {
  sauti = await startSauti({ workers: false });
  bribery = await fileReport(sauti.app, validReport);
  death = await fileReport(sauti.app, {
    ...validReport,
    category: 'death_serious_injury',
    description: 'A man was beaten in the cells and taken to hospital.',
  });
  // Ruth reads the bribery case; the IPOA liaison reads the death in custody
  assert.equal((await (await as('iau.investigator')).get(`/staff/cases/${bribery}`)).statusCode, 200);
  assert.equal((await (await as('ipoa.liaison')).get(`/staff/cases/${death}`)).statusCode, 200);
});
after(() => sauti.close());

test("the IG's office sees who read a case, filters by action and person, and its own reading is recorded", async () => {
  const ig = await as('ig.office');
  const before = await auditedAs('ig.office', 'audit.read');
  const page = (await ig.get(`/staff/audit?subject=${bribery}`)).body;
  assert.match(page, /Ruth Njeri \(IAU\)[^<]*<\/td><td><code>case\.view<\/code>/);
  assert.ok(!page.includes(death), "another case's entries are not listed");
  const byAction = (await ig.get(`/staff/audit?action=case.&actor=Wairimu`)).body;
  assert.match(byAction, /case\.view/);
  assert.ok(!byAction.includes('Ruth Njeri'), 'only the person asked for');
  assert.equal(await auditedAs('ig.office', 'audit.read'), before + 2);
  const refused = await ig.get('/staff/audit?from=yesterday');
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /Write the date as YYYY-MM-DD\./);
});

test('the trail downloads as a CSV file, formula-safe, and the download is recorded', async () => {
  await pool().query(
    `update users set display_name = '=HYPERLINK("http://x.example","x")' where username = 'dci.investigator'`,
  );
  assert.equal((await (await as('dci.investigator')).get('/staff/cases')).statusCode, 200);
  const ig = await as('ig.office');
  const res = await ig.get('/staff/audit/export.csv?actor=HYPERLINK');
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
  const lines = res.body
    .replace(/^\ufeff/, '')
    .split('\r\n')
    .filter(Boolean);
  assert.deepEqual(csvFields(lines[0]!), ['When', 'Who', 'Action', 'Subject type', 'Subject', 'Detail']);
  assert.ok(lines.length > 1, 'the entries of that person');
  for (const line of lines.slice(1)) assert.match(csvFields(line)[1]!, /^'=HYPERLINK/, 'neutralised');
  assert.equal(await auditedAs('ig.office', 'audit.export'), 1);
});

test('the IPOA liaison reads the trail of a case within its mandate, one case at a time, and is recorded on it', async () => {
  const ipoa = await as('ipoa.liaison');
  const blank = (await ipoa.get('/staff/audit')).body;
  assert.match(blank, /Enter the reference of a case within IPOA's mandate/);
  assert.ok(!blank.includes('<table class="audit"'), 'nothing is listed without a case');
  const page = (await ipoa.get(`/staff/audit?subject=${death}`)).body;
  assert.match(page, /Esther Wairimu \(IPOA liaison\)[^<]*<\/td><td><code>case\.view<\/code>/);
  assert.equal(
    await count(`select 1 from audit_log where action = 'audit.read' and subject_type = 'case' and subject_id = $1`, [
      death,
    ]),
    1,
  );
  // a case outside IPOA's mandate, an unknown one, and the whole trail by another subject are refused
  assert.equal((await ipoa.get(`/staff/audit?subject=${bribery}`)).statusCode, 404);
  const unknown = await ipoa.get('/staff/audit?subject=CASE-1999-000001');
  assert.equal(unknown.statusCode, 400);
  assert.match(unknown.body, /There is no case with that reference\./);
  const other = (await ipoa.get(`/staff/audit?subject=${death}&subjectType=user`)).body;
  assert.match(other, /case\.view/, 'the subject stays the case');
  assert.equal((await ipoa.get('/staff/audit/export.csv')).statusCode, 400);
});

test('no one else reads the trail', async () => {
  const reads = await count(`select 1 from audit_log where action like 'audit.%'`);
  for (const username of ['iau.investigator', 'npsc.liaison', 'admin', 'ocs.salama', 'moderator']) {
    const other = await as(username);
    assert.equal((await other.get(`/staff/audit?subject=${death}`)).statusCode, 403, username);
    assert.equal((await other.get('/staff/audit/export.csv')).statusCode, 403, username);
  }
  const nobody = await new Browser(sauti.app).get('/staff/audit');
  assert.ok([302, 303].includes(nobody.statusCode), String(nobody.statusCode));
  assert.equal(await count(`select 1 from audit_log where action like 'audit.%'`), reads);
});
