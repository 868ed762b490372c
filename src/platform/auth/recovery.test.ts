import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, startSauti, type TestContext } from '../../../test/helpers.ts';
import { resetSecondFactor } from './accounts.ts';
import { createUser } from './service.ts';
import { currentTotp } from './totp.ts';

/** One-time recovery codes: made right after enrolment, shown once, each signing in once in place of the app's code. */

let sauti: TestContext;
const PASSWORD = 'a long enough password';
const pool = () => sauti.platform.db.pool;
let codes: string[] = [];
const failures = async () =>
  (await pool().query<{ n: number }>(`select failed_sign_ins as n from users where username = 'wambui.iau'`)).rows[0]!
    .n;
const audited = async (action: string) =>
  (await pool().query<{ n: number }>('select count(*)::int as n from audit_log where action = $1', [action])).rows[0]!
    .n;

async function passwordStep(): Promise<Browser> {
  const browser = new Browser(sauti.app);
  const res = await browser.post(
    '/staff/sign-in',
    { username: 'wambui.iau', password: PASSWORD },
    { csrfFrom: '/staff/sign-in' },
  );
  assert.match(String(res.headers.location), /^\/staff\/two-factor/);
  return browser;
}
const secondStep = (browser: Browser, code: string) =>
  browser.post('/staff/two-factor', { code, next: '/staff/cases' }, { csrfFrom: '/staff/two-factor' });

before(async () => {
  sauti = await startSauti({ workers: false });
  await createUser(pool(), {
    username: 'wambui.iau',
    displayName: 'Wambui',
    role: 'investigator',
    unitCode: 'IAU',
    password: PASSWORD,
  });
});
after(() => sauti.close());

test('right after enrolling, the investigator is offered recovery codes and sees ten, once', async () => {
  const browser = await passwordStep();
  const page = (await browser.get('/staff/two-factor')).body;
  const secret = /class="secret">([A-Z2-7]+)</.exec(page)![1]!;
  const enrolled = await secondStep(browser, currentTotp(secret));
  assert.equal(enrolled.statusCode, 303);
  assert.equal(enrolled.headers.location, '/staff/recovery-codes?enrolled=1&next=%2Fstaff%2Fcases');
  const offer = (await browser.get(String(enrolled.headers.location))).body;
  assert.match(offer, /Two-step verification is set up\./);
  assert.match(offer, /You have 0 unused recovery codes\./);
  const made = await browser.post(
    '/staff/recovery-codes',
    { next: '/staff/cases' },
    { csrfFrom: '/staff/recovery-codes' },
  );
  assert.equal(made.statusCode, 200);
  assert.equal(made.headers['cache-control'], 'no-store');
  codes = [...made.body.matchAll(/<li><code>([0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4})<\/code><\/li>/g)].map((m) => m[1]!);
  assert.equal(new Set(codes).size, 10);
  assert.match(made.body, /href="\/staff\/cases"/);
  const later = (await browser.get('/staff/recovery-codes')).body;
  assert.match(later, /You have 10 unused recovery codes\./);
  assert.ok(!later.includes(codes[0]!), 'never shown again');
  const stored = await pool().query<{ code_hash: string }>('select code_hash from staff_recovery_codes');
  assert.ok(stored.rows.every((r) => !codes.includes(r.code_hash)) && stored.rows.length === 10, 'kept as hashes only');
  assert.equal(await audited('staff.recovery_codes.made'), 1);
});

test('a recovery code signs in once in place of the app, typed in capitals or without dashes', async () => {
  const browser = await passwordStep();
  const res = await secondStep(browser, codes[0]!.toUpperCase());
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/staff/cases');
  assert.equal((await browser.get('/staff/cases')).statusCode, 200);
  assert.equal(await audited('staff.sign_in.recovery_code'), 1);
  const other = await passwordStep();
  assert.equal((await secondStep(other, codes[1]!.replace(/-/g, ''))).statusCode, 303);
  assert.match((await other.get('/staff/recovery-codes')).body, /You have 8 unused recovery codes\./);
});

test('a used, wrong or replaced code is refused and counts against the account like a wrong code', async () => {
  const before = await failures();
  const browser = await passwordStep();
  const again = await secondStep(browser, codes[0]!);
  assert.equal(again.statusCode, 401);
  assert.match(again.body, /That code is not right/);
  assert.equal((await secondStep(browser, 'zzzz-zzzz-zzzz')).statusCode, 401);
  assert.equal(await failures(), before + 2);
  // new codes replace the old: an unused old one no longer works
  const signedIn = await passwordStep();
  assert.equal((await secondStep(signedIn, codes[2]!)).statusCode, 303);
  await signedIn.post('/staff/recovery-codes', { next: '/staff' }, { csrfFrom: '/staff/recovery-codes' });
  assert.equal((await secondStep(await passwordStep(), codes[3]!)).statusCode, 401);
});

test("an administrator's reset of two-step verification removes the codes; nobody signed in sees none", async () => {
  await resetSecondFactor(pool(), { kind: 'system', label: 'test' }, 'wambui.iau');
  const { rows } = await pool().query<{ n: number }>('select count(*)::int as n from staff_recovery_codes');
  assert.equal(rows[0]!.n, 0);
  const nobody = await new Browser(sauti.app).get('/staff/recovery-codes');
  assert.equal(nobody.statusCode, 303);
  assert.match(String(nobody.headers.location), /^\/staff\/sign-in/);
});
