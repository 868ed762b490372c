import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, signIn, startSauti, type TestContext } from '../../../test/helpers.ts';
import { BadInput, NotFound } from '../http/errors.ts';
import { listAccounts, resetPassword, resetSecondFactor, setPlacement } from './accounts.ts';
import { createUser } from './service.ts';
import { DEMO_PASSWORD } from './demo.ts';

/** Looking after staff accounts: a new password, a new two-step enrolment, another role; each audited, each ending sessions. */

let sauti: TestContext;
const admin = { kind: 'system', label: 'sauti command' } as const;
const pool = () => sauti.platform.db.pool;
const NEW_PASSWORD = 'a new long password 2026';
const userRow = async (username: string) =>
  (
    await pool().query<{
      role: string;
      unit_code: string | null;
      station_id: string | null;
      totp: boolean;
      service_number: string | null;
    }>(
      'select role, unit_code, station_id, service_number, totp_secret is not null as totp from users where username = $1',
      [username],
    )
  ).rows[0]!;
const audits = async (action: string, username: string) =>
  (
    await pool().query<{ n: number }>(
      `select count(*)::int as n from audit_log where action = $1 and detail->>'username' = $2`,
      [action, username],
    )
  ).rows[0]!.n;

before(async () => {
  sauti = await startSauti({ workers: false });
});
after(() => sauti.close());

test('a new password works at once, the old one no longer, and the signed-in browser is signed out', async () => {
  const before = await signIn(sauti.app, 'dci.investigator');
  assert.equal((await before.get('/staff/cases')).statusCode, 200);
  await resetPassword(pool(), admin, 'dci.investigator', NEW_PASSWORD);
  assert.notEqual((await before.get('/staff/cases')).statusCode, 200, 'the old session has ended');
  await assert.rejects(signIn(sauti.app, 'dci.investigator', DEMO_PASSWORD), /sign-in of dci.investigator failed/);
  assert.equal((await (await signIn(sauti.app, 'dci.investigator', NEW_PASSWORD)).get('/staff/cases')).statusCode, 200);
  assert.equal(await audits('user.reset_password', 'dci.investigator'), 1);
});

test('a reset two-step verification makes the next sign-in enrol a new authenticator', async () => {
  assert.equal((await userRow('iau.investigator')).totp, true);
  await resetSecondFactor(pool(), admin, 'iau.investigator');
  assert.equal((await userRow('iau.investigator')).totp, false);
  const browser = new Browser(sauti.app);
  const res = await browser.post(
    '/staff/sign-in',
    { username: 'iau.investigator', password: DEMO_PASSWORD },
    { csrfFrom: '/staff/sign-in' },
  );
  assert.match(String(res.headers.location), /^\/staff\/two-factor/);
  assert.match((await browser.get(String(res.headers.location))).body, /Scan this code with an authenticator app/);
  assert.equal(await audits('user.reset_2fa', 'iau.investigator'), 1);
});

test("another role or unit is checked like a new account's, and the account list shows it", async () => {
  await setPlacement(pool(), admin, 'gender.investigator', { role: 'investigator', unitCode: 'IAU' });
  assert.equal((await userRow('gender.investigator')).unit_code, 'IAU');
  const listed = (await listAccounts(pool())).find((a) => a.username === 'gender.investigator');
  assert.equal(listed?.unit_code, 'IAU');
  assert.equal(await audits('user.set_role', 'gender.investigator'), 1);
  // an officer needs a station and the service number the case walls recognise
  const refused = await setPlacement(pool(), admin, 'moderator', { role: 'officer', stationId: 'salama' }).catch(
    (error: unknown) => error,
  );
  assert.ok(refused instanceof BadInput);
  assert.deepEqual(
    refused.problems.map((p) => p.field),
    ['serviceNumber'],
  );
  assert.equal((await userRow('moderator')).role, 'moderator', 'nothing changed');
  assert.equal(await audits('user.set_role', 'moderator'), 0);
  await assert.rejects(setPlacement(pool(), admin, 'nobody.here', { role: 'moderator' }), NotFound);
  await assert.rejects(resetPassword(pool(), admin, 'moderator', 'short'), BadInput);
});

test('an officer or station commander account without a service number is refused', async () => {
  const base = { displayName: 'No Number', password: DEMO_PASSWORD, stationId: 'salama' };
  for (const role of ['officer', 'station_commander'] as const) {
    const error = await createUser(pool(), { ...base, username: `no.number.${role}`, role }).catch((e: unknown) => e);
    assert.ok(error instanceof BadInput, role);
    assert.deepEqual(
      error.problems.map((p) => p.field),
      ['serviceNumber'],
    );
  }
  const made = await createUser(pool(), {
    ...base,
    username: 'with.number',
    role: 'officer',
    serviceNumber: '2014-077902',
  });
  assert.ok(made);
});
