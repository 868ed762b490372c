import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createUser } from '../../../platform/auth/service.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../../platform/auth/demo.ts';
import {
  Browser,
  demoAccounts,
  startSauti,
  validReport,
  type TestContext,
  fileReport,
} from '../../../../test/helpers.ts';

/**
 * Who works a case within its unit: "assign to me" from the unassigned view, taking it from someone with a reason,
 * the walls (an officer a case names is never given it), the views and the unit's load.
 */

let sauti: TestContext;
const accounts = demoAccounts(() => sauti.app);
const as = accounts.as;
let plain = '';
/** A case naming Cpl. Kioko (2015-088120), who also holds an IAU investigator's account. */
let naming = '';
const caseUrl = (reference: string) => `/staff/cases/${reference}`;
const pool = () => sauti.platform.db.pool;
const count = async (sql: string, params: unknown[] = []) =>
  (await pool().query<{ n: number }>(`select count(*)::int as n from (${sql}) x`, params)).rows[0]!.n;
const assigneeOf = async (reference: string) =>
  (
    await pool().query<{ name: string | null }>(
      'select u.display_name as name from cases c left join users u on u.id = c.assignee_id where c.reference = $1',
      [reference],
    )
  ).rows[0]!.name;
const idOf = async (username: string) =>
  (await pool().query<{ id: string }>('select id from users where username = $1', [username])).rows[0]!.id;

const report = (form: Record<string, string>) => fileReport(sauti.app, form);

before(async () => {
  sauti = await startSauti({ workers: false });
  for (const [username, displayName, serviceNumber] of [
    ['iau.kioko', 'Peter Kioko (IAU)', '2015-088120'],
    ['iau.otieno', 'Grace Otieno (IAU)', null],
  ] as const)
    await createUser(pool(), {
      username,
      displayName,
      role: 'investigator',
      unitCode: 'IAU',
      serviceNumber,
      password: DEMO_PASSWORD,
      totpSecret: DEMO_TOTP_SECRET,
    });
  plain = await report(validReport);
  naming = await report({ ...validReport, officerName0: 'Cpl. Kioko', officerNumber0: '2015-088120' });
});
after(() => sauti.close());

test('an investigator takes a case from the unassigned view: it leaves that view for "my cases"', async () => {
  const ruth = await as('iau.investigator');
  const unassigned = (await ruth.get('/staff/cases?status=open&assignee=none')).body;
  assert.ok(unassigned.includes(plain), 'nobody works it yet');
  assert.match(unassigned, /aria-current="page"[^>]*>Unassigned</);
  const page = (await ruth.get(caseUrl(plain))).body;
  assert.match(page, /Nobody yet \(the unit\)/);
  const res = await ruth.post(`${caseUrl(plain)}/assign`, { assignee: 'me' }, { csrfFrom: caseUrl(plain) });
  assert.equal(res.statusCode, 303);
  assert.equal(await assigneeOf(plain), 'Ruth Njeri (IAU)');
  assert.ok((await ruth.get('/staff/cases?status=open&assignee=me')).body.includes(plain));
  assert.ok(!(await ruth.get('/staff/cases?status=open&assignee=none')).body.includes(plain));
  const after = (await ruth.get(caseUrl(plain))).body;
  assert.match(after, /worked by \(Nobody yet \(the unit\) → Ruth Njeri \(IAU\)\)/, 'the history says who took it');
  assert.ok(!after.includes('>Assign to me<'), 'no "assign to me" for the person already working it');
  assert.equal(await count(`select 1 from audit_log where action = 'case.assign' and subject_id = $1`, [plain]), 1);
  const home = (await ruth.get('/staff')).body;
  assert.match(
    home,
    /href="\/staff\/cases\?status=open&amp;assignee=me">1 case worked by you</,
    'the staff home counts it',
  );
  assert.match(home, /href="\/staff\/cases\?status=received">\d+ new cases?</);
});

test('taking a case from the person working it needs a reason; with one, the history keeps it', async () => {
  const grace = await as('iau.otieno');
  const refused = await grace.post(
    `${caseUrl(plain)}/assign`,
    { assignee: 'me', reason: '' },
    { csrfFrom: caseUrl(plain) },
  );
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /Give a reason\./);
  assert.match(refused.body, /href="#assign-reason"/, 'the error links to the reason field');
  assert.equal(await assigneeOf(plain), 'Ruth Njeri (IAU)', 'nothing changed');
  const taken = await grace.post(
    `${caseUrl(plain)}/assign`,
    { assignee: 'me', reason: 'Ruth is on leave until the 14th' },
    { csrfFrom: caseUrl(plain) },
  );
  assert.equal(taken.statusCode, 303);
  assert.equal(await assigneeOf(plain), 'Grace Otieno (IAU)');
  assert.match((await grace.get(caseUrl(plain))).body, /Ruth is on leave until the 14th/);
  const same = await grace.post(`${caseUrl(plain)}/assign`, { assignee: 'me' }, { csrfFrom: caseUrl(plain) });
  assert.equal(same.statusCode, 400);
  assert.match(same.body, /already works this case/);
});

test('an officer a case names is never offered it nor given it, and does not count it in the load', async () => {
  const ruth = await as('iau.investigator');
  const kioko = await idOf('iau.kioko');
  const page = (await ruth.get(caseUrl(naming))).body;
  assert.ok(!page.includes(`value="${kioko}"`), 'not in the list for the case naming him');
  assert.ok((await ruth.get(caseUrl(plain))).body.includes(`value="${kioko}"`), 'in the list for another case');
  const refused = await ruth.post(`${caseUrl(naming)}/assign`, { assignee: kioko }, { csrfFrom: caseUrl(naming) });
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /never an officer it names/);
  assert.equal(await assigneeOf(naming), null);
  const unassignedCount = (body: string) => Number(/Nobody yet<\/a><\/th><td>(\d+)</.exec(body)![1]);
  const seenByRuth = unassignedCount((await ruth.get('/staff/cases/team')).body);
  const seenByKioko = unassignedCount((await (await as('iau.kioko')).get('/staff/cases/team')).body);
  assert.equal(seenByKioko, seenByRuth - 1, 'the case naming him is not even a number to him');
});

test('the wrong unit, the wrong role, nobody signed in and a bad choice are refused and change nothing', async () => {
  const before = await count('select 1 from case_history');
  const gender = await as('gender.investigator');
  assert.equal(
    (await gender.post(`${caseUrl(naming)}/assign`, { assignee: 'me' }, { csrfFrom: '/staff/cases' })).statusCode,
    404,
  );
  const commander = await as('ocs.salama');
  const byCommander = await commander.post(`${caseUrl(naming)}/assign`, { assignee: 'me' }, { csrfFrom: '/staff' });
  assert.equal(byCommander.statusCode, 403);
  const nobody = await new Browser(sauti.app).post(
    `${caseUrl(naming)}/assign`,
    { assignee: 'me' },
    { csrfFrom: '/follow' },
  );
  assert.ok([302, 303, 401, 403].includes(nobody.statusCode), String(nobody.statusCode));
  const ruth = await as('iau.investigator');
  const junk = await ruth.post(`${caseUrl(naming)}/assign`, { assignee: 'everyone' }, { csrfFrom: caseUrl(naming) });
  assert.equal(junk.statusCode, 400);
  // the IG's office acts on any case but is not of its unit: it can give the case to someone, not take it
  const ig = await as('ig.office');
  const byIg = await ig.post(`${caseUrl(naming)}/assign`, { assignee: 'me' }, { csrfFrom: caseUrl(naming) });
  assert.equal(byIg.statusCode, 400);
  assert.equal(await count('select 1 from case_history'), before);
  assert.equal(await assigneeOf(naming), null);
});

test("the unit's load: its own people for an investigator, any unit for the IG's office, no other unit's", async () => {
  const ruth = await as('iau.investigator');
  const load = (await ruth.get('/staff/cases/team')).body;
  assert.match(load, /Open cases in [^<]*, by person/);
  assert.match(load, /Grace Otieno \(IAU\)<\/a><\/th><td>1</, 'Grace works one open case');
  assert.ok(!load.includes('Faith Achieng'), 'another unit is not listed');
  assert.equal((await ruth.get('/staff/cases/team?unit=GENDER')).statusCode, 403);
  const ig = await as('ig.office');
  assert.match((await ig.get('/staff/cases/team?unit=IAU')).body, /Grace Otieno \(IAU\)/);
  assert.equal((await (await as('ocs.salama')).get('/staff/cases/team')).statusCode, 403);
});

test('the queue opens on open cases, sorts by a column both ways, and shows who works each', async () => {
  const ruth = await as('iau.investigator');
  await ruth.post(
    `${caseUrl(naming)}/status`,
    { status: 'closed', reason: 'Resolved with the station', outcome: 'not_substantiated' },
    { csrfFrom: caseUrl(naming) },
  );
  const queue = (await ruth.get('/staff/cases')).body;
  assert.ok(queue.includes(plain));
  assert.ok(!queue.includes(naming), 'a closed case is not in the default view');
  assert.ok((await ruth.get('/staff/cases?status=all')).body.includes(naming));
  const ascending = (await ruth.get('/staff/cases?status=all&sort=received')).body;
  const descending = (await ruth.get('/staff/cases?status=all&sort=received&dir=desc')).body;
  assert.ok(ascending.indexOf(plain) < ascending.indexOf(naming), 'oldest first');
  assert.ok(descending.indexOf(naming) < descending.indexOf(plain), 'newest first');
  assert.match(descending, /aria-sort="descending"/);
  assert.match(queue, /Grace Otieno \(IAU\)/);
});

test('the JSON queue takes the same views: who works each case, "me" and "none", sorted either way', async () => {
  const ruth = await as('iau.investigator');
  const taken = await report(validReport);
  await ruth.post(`${caseUrl(taken)}/assign`, { assignee: 'me' }, { csrfFrom: caseUrl(taken) });
  type Listed = { total: number; cases: Array<{ reference: string; assignee: { id: string; name: string } | null }> };
  const mine = (await ruth.get('/api/cases?assignee=me')).json() as Listed;
  assert.ok(mine.cases.length > 0);
  for (const c of mine.cases) assert.equal(c.assignee?.name, 'Ruth Njeri (IAU)');
  const nobody = (await ruth.get('/api/cases?assignee=none&status=open')).json() as Listed;
  for (const c of nobody.cases) assert.equal(c.assignee, null);
  const up = ((await ruth.get('/api/cases?sort=received')).json() as Listed).cases.map((c) => c.reference);
  const down = ((await ruth.get('/api/cases?sort=received&dir=desc')).json() as Listed).cases.map((c) => c.reference);
  assert.deepEqual(down, [...up].reverse());
  assert.equal((await ruth.get('/api/cases?sort=shoe-size')).statusCode, 400, 'an unknown sort is refused');
});
