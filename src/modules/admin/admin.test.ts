import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, demoAccounts, signIn, startSauti, type TestContext } from '../../../test/helpers.ts';
import { DEMO_PASSWORD } from '../../platform/auth/demo.ts';

/** The administrator's screens for staff accounts: what they do, what they refuse, and who is kept out. */

let sauti: TestContext;
const { as } = demoAccounts(() => sauti.app);
const pool = () => sauti.platform.db.pool;
const accounts = '/staff/admin/accounts';
const NEW_PASSWORD = 'correct horse battery staple';
const count = async (sql: string, params: unknown[] = []) =>
  (await pool().query<{ n: number }>(`select count(*)::int as n from (${sql}) x`, params)).rows[0]!.n;
const userRow = async (username: string) =>
  (
    await pool().query<{ role: string; unit_code: string | null; totp: boolean; disabled: boolean }>(
      `select role, unit_code, totp_secret is not null as totp, disabled_at is not null as disabled
       from users where username = $1`,
      [username],
    )
  ).rows[0];
/** Audit rows of an action on an account, written under the demo administrator's own account. */
const auditedByAdmin = (action: string, username: string) =>
  count(
    `select 1 from audit_log a join users u on u.id = a.actor_id
     where u.username = 'admin' and a.action = $1 and a.detail->>'username' = $2`,
    [action, username],
  );

before(async () => {
  sauti = await startSauti({ workers: false });
});
after(() => sauti.close());

const post = async (url: string, form: Record<string, string>) =>
  (await as('admin')).post(url, form, { csrfFrom: accounts });

test('the administrator lists the accounts, by role or name, and creates one that can sign in', async () => {
  const admin = await as('admin');
  const list = (await admin.get(`${accounts}?role=investigator`)).body;
  assert.match(list, /href="\/staff\/admin\/accounts\/iau.investigator">iau.investigator</);
  assert.ok(!list.includes('ocs.salama'), 'a station commander is not an investigator');
  assert.match((await admin.get(`${accounts}?q=Njeri`)).body, /1 account</);
  const res = await post(`${accounts}/new`, {
    username: 'akinyi.iau',
    displayName: 'Akinyi Odhiambo',
    role: 'investigator',
    unit: 'IAU',
    password: NEW_PASSWORD,
  });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, `${accounts}/akinyi.iau?done=created`);
  const page = (await admin.get(String(res.headers.location))).body;
  assert.match(page, /The account is created\./);
  assert.match(page, /Akinyi Odhiambo/);
  assert.deepEqual(await userRow('akinyi.iau'), {
    role: 'investigator',
    unit_code: 'IAU',
    totp: false,
    disabled: false,
  });
  assert.equal(await auditedByAdmin('user.create', 'akinyi.iau'), 1);
  const first = await new Browser(sauti.app).post(
    '/staff/sign-in',
    { username: 'akinyi.iau', password: NEW_PASSWORD },
    { csrfFrom: '/staff/sign-in' },
  );
  assert.match(
    String(first.headers.location),
    /^\/staff\/two-factor/,
    'the password works; an investigator enrols next',
  );
});

test("resetting an investigator's two-step verification makes their next sign-in enrol a new authenticator", async () => {
  const ruth = await signIn(sauti.app, 'iau.investigator');
  const page = (await (await as('admin')).get(`${accounts}/iau.investigator`)).body;
  assert.match(page, /Two-step verification<\/dt>\s*<dd>Enrolled/);
  const res = await post(`${accounts}/iau.investigator/two-factor`, {});
  assert.equal(res.statusCode, 303);
  assert.match((await (await as('admin')).get(String(res.headers.location))).body, /Two-step verification is reset/);
  assert.equal((await userRow('iau.investigator'))!.totp, false);
  assert.notEqual((await ruth.get('/staff/cases')).statusCode, 200, 'the session on the lost phone has ended');
  const browser = new Browser(sauti.app);
  const again = await browser.post(
    '/staff/sign-in',
    { username: 'iau.investigator', password: DEMO_PASSWORD },
    { csrfFrom: '/staff/sign-in' },
  );
  assert.match((await browser.get(String(again.headers.location))).body, /Scan this code with an authenticator app/);
  assert.equal(await auditedByAdmin('user.reset_2fa', 'iau.investigator'), 1);
});

test('a new password, another unit, disabling and enabling: each done, each audited', async () => {
  assert.equal((await post(`${accounts}/dci.investigator/password`, { password: NEW_PASSWORD })).statusCode, 303);
  await signIn(sauti.app, 'dci.investigator', NEW_PASSWORD);
  const moved = await post(`${accounts}/dci.investigator/placement`, { role: 'investigator', unit: 'GENDER' });
  assert.equal(moved.statusCode, 303);
  assert.equal((await userRow('dci.investigator'))!.unit_code, 'GENDER');
  assert.equal((await post(`${accounts}/dci.investigator/access`, { disabled: 'yes' })).statusCode, 303);
  assert.equal((await userRow('dci.investigator'))!.disabled, true);
  assert.match((await (await as('admin')).get(`${accounts}/dci.investigator`)).body, /Enable the account/);
  assert.equal((await post(`${accounts}/dci.investigator/access`, { disabled: 'no' })).statusCode, 303);
  assert.equal((await userRow('dci.investigator'))!.disabled, false);
  for (const action of ['user.reset_password', 'user.set_role', 'user.disable', 'user.enable'])
    assert.equal(await auditedByAdmin(action, 'dci.investigator'), 1, action);
});

test('bad input is refused with a clear error and changes nothing', async () => {
  const users = await count('select 1 from users');
  const bad = await post(`${accounts}/new`, { username: 'a b', role: 'investigator', password: 'short' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /at least 12 characters/);
  assert.match(bad.body, /An investigator must belong to a unit\./);
  const noRole = await post(`${accounts}/new`, { username: 'no.role', password: NEW_PASSWORD });
  assert.equal(noRole.statusCode, 400);
  assert.match(noRole.body, /Choose a role\./);
  const officer = await post(`${accounts}/new`, {
    username: 'no.number',
    role: 'officer',
    station: 'salama',
    password: NEW_PASSWORD,
  });
  assert.equal(officer.statusCode, 400);
  assert.match(officer.body, /must have their service number/);
  assert.equal(await count('select 1 from users'), users);
  const demote = await post(`${accounts}/moderator/placement`, { role: 'officer', station: 'salama' });
  assert.equal(demote.statusCode, 400);
  assert.match(demote.body, /must have their service number/);
  assert.equal((await userRow('moderator'))!.role, 'moderator');
  // the administrator cannot lock themself out
  const self = await post(`${accounts}/admin/access`, { disabled: 'yes' });
  assert.equal(self.statusCode, 400);
  assert.match(self.body, /You cannot do that to your own account/);
  assert.equal((await userRow('admin'))!.disabled, false);
  assert.equal((await post(`${accounts}/admin/placement`, { role: 'moderator' })).statusCode, 400);
  assert.equal((await userRow('admin'))!.role, 'administrator');
  assert.equal((await (await as('admin')).get(`${accounts}/nobody.here`)).statusCode, 404);
  assert.equal((await post(`${accounts}/nobody.here/two-factor`, {})).statusCode, 404);
});

test('no one but an administrator sees or changes accounts', async () => {
  const audits = await count(`select 1 from audit_log where action like 'user.%'`);
  for (const username of ['ig.office', 'gender.investigator', 'ipoa.liaison', 'ocs.salama', 'moderator']) {
    const other = await as(username);
    assert.equal((await other.get(accounts)).statusCode, 403, username);
    assert.equal((await other.get(`${accounts}/officer.salama`)).statusCode, 403, username);
    const reset = await other.post(`${accounts}/officer.salama/two-factor`, {}, { csrfFrom: '/staff' });
    assert.equal(reset.statusCode, 403, username);
    const create = await other.post(
      `${accounts}/new`,
      { username: 'sneaky', role: 'administrator', password: NEW_PASSWORD },
      { csrfFrom: '/staff' },
    );
    assert.equal(create.statusCode, 403, username);
  }
  const nobody = await new Browser(sauti.app).get(accounts);
  assert.ok([302, 303].includes(nobody.statusCode), String(nobody.statusCode));
  assert.equal(await count(`select 1 from users where username = 'sneaky'`), 0);
  assert.equal(await count(`select 1 from audit_log where action like 'user.%'`), audits);
});
