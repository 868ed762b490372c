import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createUser } from '../../../platform/auth/service.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../../platform/auth/demo.ts';
import { csvFields } from '../../../platform/text/csv.ts';
import {
  Browser,
  demoAccounts,
  startSauti,
  validReport,
  type TestContext,
  fileReport,
} from '../../../../test/helpers.ts';

/** Saved named views of the queue, and any view as a CSV file: whose they are, what they hold, what is refused. */

let sauti: TestContext;
const { as } = demoAccounts(() => sauti.app);
let bribery = '';
const pool = () => sauti.platform.db.pool;
const count = async (sql: string, params: unknown[] = []) =>
  (await pool().query<{ n: number }>(`select count(*)::int as n from (${sql}) x`, params)).rows[0]!.n;
const viewsOf = (username: string) =>
  count('select 1 from case_saved_views v join users u on u.id = v.user_id where u.username = $1', [username]);

const report = (form: Record<string, string>) => fileReport(sauti.app, form);

before(async () => {
  sauti = await startSauti({ workers: false });
  // an account whose name a spreadsheet would run as a formula, working one case
  await createUser(pool(), {
    username: 'iau.formula',
    displayName: '=HYPERLINK("http://evil.example","Click")',
    role: 'investigator',
    unitCode: 'IAU',
    serviceNumber: null,
    password: DEMO_PASSWORD,
    totpSecret: DEMO_TOTP_SECRET,
  });
  bribery = await report(validReport);
  await report({
    ...validReport,
    category: 'unlawful_arrest',
    description: 'Held overnight at the station without charge.',
  });
  const formula = await as('iau.formula');
  const url = `/staff/cases/${bribery}`;
  assert.equal((await formula.post(`${url}/assign`, { assignee: 'me' }, { csrfFrom: url })).statusCode, 303);
});
after(() => sauti.close());

const saveAs = async (username: string, name: string, address: string) =>
  (await as(username)).post('/staff/cases/views', { name, address }, { csrfFrom: '/staff/cases' });

test('an investigator saves the queue as a named view, sees it beside the built-in ones, and opens it', async () => {
  const ruth = await as('iau.investigator');
  const res = await saveAs('iau.investigator', 'Salama bribery', 'status=open&category=bribery_extortion&q=demanded');
  assert.equal(res.statusCode, 303);
  const address = String(res.headers.location);
  assert.match(address, /^\/staff\/cases\?status=open&category=bribery_extortion&q=demanded&done=view$/);
  const page = (await ruth.get(address)).body;
  assert.match(page, /The view is saved\./);
  assert.match(page, /aria-current="page"[^>]*>Salama bribery</, 'the saved view is the one shown');
  assert.ok(page.includes(bribery), 'the bribery case is in it');
  assert.match(page, /Delete the view “Salama bribery”/);
  assert.match(page, /1 case</, 'the unlawful-arrest case is not');
  assert.match(
    (await ruth.get('/staff/cases')).body,
    /href="\/staff\/cases\?status=open&amp;category=bribery_extortion&amp;q=demanded">Salama bribery</,
  );
});

test("a view is its owner's alone: nobody else sees it, and deleting it as someone else is not found", async () => {
  await saveAs('iau.investigator', 'Late ones', 'status=open&overdue=1');
  const mine = await pool().query<{ id: string }>(
    `select v.id from case_saved_views v join users u on u.id = v.user_id where u.username = 'iau.investigator' and v.name = 'Late ones'`,
  );
  const id = mine.rows[0]!.id;
  const tom = await as('dci.investigator');
  assert.ok(!(await tom.get('/staff/cases')).body.includes('Late ones'), 'another person does not see it');
  const refused = await tom.post(`/staff/cases/views/${id}/delete`, {}, { csrfFrom: '/staff/cases' });
  assert.equal(refused.statusCode, 404);
  assert.equal(await count('select 1 from case_saved_views where id = $1', [id]), 1, 'it is still there');
  const ruth = await as('iau.investigator');
  const deleted = await ruth.post(`/staff/cases/views/${id}/delete`, {}, { csrfFrom: '/staff/cases' });
  assert.equal(deleted.statusCode, 303);
  assert.match((await ruth.get(String(deleted.headers.location))).body, /The view is deleted\./);
  assert.equal(await count('select 1 from case_saved_views where id = $1', [id]), 0);
});

test('a view without a name, with a name already used (in any case) or one too many is refused, changing nothing', async () => {
  await saveAs('gender.investigator', 'Mine', 'status=open&assignee=me');
  const before = await viewsOf('gender.investigator');
  const empty = await saveAs('gender.investigator', '   ', 'status=open&county=047');
  assert.equal(empty.statusCode, 400);
  assert.match(empty.body, /Give the view a name\./);
  assert.match(empty.body, /<option value="047" selected/, 'the queue shown again is the one being saved');
  const taken = await saveAs('gender.investigator', 'MINE', 'status=closed');
  assert.equal(taken.statusCode, 400);
  assert.match(taken.body, /You already have a view called “MINE”\./);
  const tooLong = await saveAs('gender.investigator', 'x'.repeat(61), 'status=open');
  assert.equal(tooLong.statusCode, 400);
  assert.equal(await viewsOf('gender.investigator'), before);
  for (let i = before; i < 20; i++)
    assert.equal((await saveAs('gender.investigator', `View ${i}`, 'status=open')).statusCode, 303);
  const tooMany = await saveAs('gender.investigator', 'One more', 'status=open');
  assert.equal(tooMany.statusCode, 400);
  assert.match(tooMany.body, /at most 20 saved views/);
  assert.equal(await viewsOf('gender.investigator'), 20);
});

test('any view downloads as a CSV file of the cases the person may see, formula-safe and audited', async () => {
  const ruth = await as('iau.investigator');
  const res = await ruth.get('/staff/cases/export.csv?status=open&category=bribery_extortion');
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
  assert.match(
    String(res.headers['content-disposition']),
    /^attachment; filename="sauti-cases-\d{4}-\d{2}-\d{2}\.csv"$/,
  );
  const lines = res.body.replace(/^\ufeff/, '').split('\r\n');
  assert.deepEqual(csvFields(lines[0]!).slice(0, 5), ['Reference', 'Category', 'Status', 'Outcome', 'Worked by']);
  const row = lines.map((l) => csvFields(l)).find((cells) => cells[0] === bribery);
  assert.ok(row, 'the bribery case is in the file');
  assert.equal(row[4], `'=HYPERLINK("http://evil.example","Click")`, 'a name that looks like a formula is neutralised');
  assert.ok(!res.body.includes('demanded'), 'no description: the file holds what the queue shows');
  assert.equal(lines.filter((l) => /^CASE-/.test(l)).length, 1, 'only the view asked for');
  const audited = await pool().query<{ detail: { view: string; rows: number } }>(
    `select detail from audit_log where action = 'case.export' order by id desc limit 1`,
  );
  assert.deepEqual(audited.rows[0]!.detail, { view: 'status=open&category=bribery_extortion', rows: 1, total: 1 });
});

test('the export is walled like the queue: another unit gets none of these cases, other roles and nobody get nothing', async () => {
  const tom = await as('dci.investigator');
  const dci = await tom.get('/staff/cases/export.csv?status=all');
  assert.equal(dci.statusCode, 200);
  assert.ok(!dci.body.includes(bribery), 'an IAU case is not in the DCI file');
  const before = await count(`select 1 from audit_log where action = 'case.export'`);
  assert.equal((await (await as('ocs.salama')).get('/staff/cases/export.csv')).statusCode, 403);
  assert.equal(
    (await (await as('ocs.salama')).post('/staff/cases/views', { name: 'x', address: '' }, { csrfFrom: '/staff' }))
      .statusCode,
    403,
  );
  const nobody = await new Browser(sauti.app).get('/staff/cases/export.csv');
  assert.ok([302, 303, 401].includes(nobody.statusCode), String(nobody.statusCode));
  assert.equal(await count(`select 1 from audit_log where action = 'case.export'`), before, 'refusals leave no export');
});
