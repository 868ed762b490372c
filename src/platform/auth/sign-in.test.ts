import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.ts';
import { Browser, resetClock, startSauti, type TestContext } from '../../../test/helpers.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from './demo.ts';
import { currentTotp, totpAt, totpStep } from './totp.ts';

let sauti: TestContext;
before(async () => {
  sauti = await startSauti();
});
after(() => sauti.close());

const MINUTE = 60_000;
const WRONG = /The username or password is not right/;
const WRONG_CODE = /That code is not right/;
const monday = new Date('2026-03-02T08:30:00Z');

/** One sign-in attempt from a browser of its own, from the given client address. */
async function attempt(app: FastifyInstance, username: string, password: string, remoteAddress = '127.0.0.1') {
  const browser = new Browser(app);
  const csrf = await browser.csrf('/staff/sign-in');
  const res = await app.inject({
    method: 'POST',
    url: '/staff/sign-in',
    remoteAddress,
    payload: new URLSearchParams({ _csrf: csrf, username, password }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: browser.header() },
  });
  browser.keep(res);
  return { res, browser };
}

/** The page without its per-browser form token, to compare two answers. */
const withoutToken = (body: string) => body.replace(/name="_csrf" value="[^"]+"/g, '');

async function codeStep(username: string): Promise<number | null> {
  const { rows } = await sauti.platform.db.pool.query<{ totp_last_step: string | null }>(
    'select totp_last_step from users where username = $1',
    [username],
  );
  return rows[0]!.totp_last_step === null ? null : Number(rows[0]!.totp_last_step);
}

describe('a two-step code works once', () => {
  test('the same code cannot sign the account in again, nor an older one after a newer', async () => {
    const code = currentTotp(DEMO_TOTP_SECRET);
    const first = (await attempt(sauti.app, 'iau.investigator', DEMO_PASSWORD)).browser;
    assert.equal((await first.post('/staff/two-factor', { code }, { csrfFrom: '/staff/two-factor' })).statusCode, 303);
    assert.equal((await first.get('/staff/cases')).statusCode, 200);

    const replay = (await attempt(sauti.app, 'iau.investigator', DEMO_PASSWORD)).browser;
    const again = await replay.post('/staff/two-factor', { code }, { csrfFrom: '/staff/two-factor' });
    assert.equal(again.statusCode, 401);
    assert.match(again.body, WRONG_CODE);
    const older = await replay.post(
      '/staff/two-factor',
      { code: totpAt(DEMO_TOTP_SECRET, (await codeStep('iau.investigator'))! - 1) },
      { csrfFrom: '/staff/two-factor' },
    );
    assert.equal(older.statusCode, 401, 'a code from before the one used is refused too');
    assert.equal((await replay.get('/staff/cases')).statusCode, 303, 'still not signed in');

    const newer = await replay.post(
      '/staff/two-factor',
      { code: totpAt(DEMO_TOTP_SECRET, totpStep() + 1) },
      { csrfFrom: '/staff/two-factor' },
    );
    assert.equal(newer.statusCode, 303, 'the next code (within the drift allowed) still works');
    assert.equal((await replay.get('/staff/cases')).statusCode, 200);
  });

  test('the session gets a new id once the second step is passed; the password-only id no longer works', async () => {
    await sauti.platform.db.pool.query(`update users set totp_last_step = null where username = 'ipoa.liaison'`);
    const { browser } = await attempt(sauti.app, 'ipoa.liaison', DEMO_PASSWORD);
    const before = browser.cookies.get('sauti_session')!;
    assert.ok(before);
    assert.equal(
      (
        await browser.post(
          '/staff/two-factor',
          { code: currentTotp(DEMO_TOTP_SECRET) },
          { csrfFrom: '/staff/two-factor' },
        )
      ).statusCode,
      303,
    );
    const afterwards = browser.cookies.get('sauti_session')!;
    assert.notEqual(afterwards, before);
    assert.equal((await browser.get('/staff/cases')).statusCode, 200);
    const old = await sauti.app.inject({ url: '/staff/cases', cookies: { sauti_session: before } });
    assert.equal(old.statusCode, 303);
    assert.match(String(old.headers.location), /^\/staff\/sign-in/, 'the old id is not even half signed in');
  });
});

describe('failed sign-ins lock the account, whatever address they come from', () => {
  test('five wrong passwords lock it: the right one is then refused with the same page as a wrong one, until the lock ends', async () => {
    sauti.platform.clock.set(monday);
    try {
      for (let i = 0; i < 5; i++) {
        const { res } = await attempt(sauti.app, 'ocs.salama', `wrong password ${i}`, `198.51.100.${i + 1}`);
        assert.equal(res.statusCode, 401);
      }
      const wrong = (await attempt(sauti.app, 'ocs.salama', 'wrong password again', '198.51.100.9')).res;
      const right = (await attempt(sauti.app, 'ocs.salama', DEMO_PASSWORD, '198.51.100.10')).res;
      assert.equal(right.statusCode, 401, 'the right password is refused while locked');
      assert.match(right.body, WRONG);
      assert.equal(withoutToken(right.body), withoutToken(wrong.body), 'the same page as a wrong password');
      assert.ok(!right.cookies.some((c) => c.name === 'sauti_session'));

      sauti.platform.clock.advance(5 * MINUTE - 1000);
      assert.equal(
        (await attempt(sauti.app, 'ocs.salama', DEMO_PASSWORD)).res.statusCode,
        401,
        'still locked just before five minutes',
      );
      sauti.platform.clock.advance(1000);
      assert.equal(
        (await attempt(sauti.app, 'ocs.salama', DEMO_PASSWORD)).res.statusCode,
        303,
        'the lock ends after five minutes',
      );

      // the success cleared the count: four more failures do not lock
      for (let i = 0; i < 4; i++) await attempt(sauti.app, 'ocs.salama', 'wrong password');
      assert.equal((await attempt(sauti.app, 'ocs.salama', DEMO_PASSWORD)).res.statusCode, 303);
      const { rows } = await sauti.platform.db.pool.query(
        `select failed_sign_ins, lockouts, locked_until from users where username = 'ocs.salama'`,
      );
      assert.deepEqual(rows[0], { failed_sign_ins: 0, lockouts: 0, locked_until: null });
    } finally {
      resetClock(sauti.platform);
    }
  });

  test('a second lock lasts longer, and every instance sees it', async () => {
    const other = await buildApp(sauti.platform);
    await other.ready();
    sauti.platform.clock.set(monday);
    try {
      for (let i = 0; i < 5; i++) await attempt(i % 2 ? other : sauti.app, 'officer.salama', 'wrong password');
      assert.equal(
        (await attempt(other, 'officer.salama', DEMO_PASSWORD)).res.statusCode,
        401,
        'the other instance sees the lock',
      );
      sauti.platform.clock.advance(5 * MINUTE);
      for (let i = 0; i < 5; i++) await attempt(i % 2 ? sauti.app : other, 'officer.salama', 'wrong password');
      sauti.platform.clock.advance(9 * MINUTE);
      assert.equal(
        (await attempt(sauti.app, 'officer.salama', DEMO_PASSWORD)).res.statusCode,
        401,
        'the second lock lasts ten minutes',
      );
      sauti.platform.clock.advance(MINUTE);
      assert.equal((await attempt(other, 'officer.salama', DEMO_PASSWORD)).res.statusCode, 303);
      const { rows } = await sauti.platform.db.pool.query(
        `select count(*)::int as n from audit_log where action = 'staff.sign_in.locked' and subject_id = (select id::text from users where username = 'officer.salama')`,
      );
      assert.equal(rows[0].n, 2, 'each lock is in the audit trail');
    } finally {
      resetClock(sauti.platform);
      await other.close();
    }
  });

  test('wrong two-step codes count too: knowing the password buys no more guesses, and the lock holds at both steps', async () => {
    await sauti.platform.db.pool.query(`update users set totp_last_step = null where username = 'gender.investigator'`);
    sauti.platform.clock.set(monday);
    try {
      const { browser } = await attempt(sauti.app, 'gender.investigator', DEMO_PASSWORD);
      for (let i = 0; i < 3; i++)
        assert.equal(
          (await browser.post('/staff/two-factor', { code: '000000' }, { csrfFrom: '/staff/two-factor' })).statusCode,
          401,
        );
      // signing in again with the password does not wipe the count
      const again = (await attempt(sauti.app, 'gender.investigator', DEMO_PASSWORD)).browser;
      for (let i = 0; i < 2; i++)
        assert.equal(
          (await again.post('/staff/two-factor', { code: '111111' }, { csrfFrom: '/staff/two-factor' })).statusCode,
          401,
        );
      const right = await again.post(
        '/staff/two-factor',
        { code: currentTotp(DEMO_TOTP_SECRET) },
        { csrfFrom: '/staff/two-factor' },
      );
      assert.equal(right.statusCode, 401, 'the right code is refused while locked');
      assert.match(right.body, WRONG_CODE);
      assert.equal(
        (await attempt(sauti.app, 'gender.investigator', DEMO_PASSWORD)).res.statusCode,
        401,
        'the password step is locked too',
      );
      assert.equal(await codeStep('gender.investigator'), null, 'the code refused during the lock was not used up');

      sauti.platform.clock.advance(5 * MINUTE);
      const later = (await attempt(sauti.app, 'gender.investigator', DEMO_PASSWORD)).browser;
      assert.equal(
        (
          await later.post(
            '/staff/two-factor',
            { code: currentTotp(DEMO_TOTP_SECRET) },
            { csrfFrom: '/staff/two-factor' },
          )
        ).statusCode,
        303,
      );
      assert.equal((await later.get('/staff/cases')).statusCode, 200);
    } finally {
      resetClock(sauti.platform);
    }
  });

  test('attempts on one account are judged one at a time: one arriving while another is judged is refused and not counted', async () => {
    const other = await sauti.platform.db.pool.connect();
    try {
      await other.query('begin');
      await other.query(`select id from users where username = 'officer.mombasa' for update`);
      const during = (await attempt(sauti.app, 'officer.mombasa', DEMO_PASSWORD)).res;
      assert.equal(during.statusCode, 401);
      assert.match(during.body, WRONG);
    } finally {
      await other.query('rollback');
      other.release();
    }
    const { rows } = await sauti.platform.db.pool.query(
      `select failed_sign_ins from users where username = 'officer.mombasa'`,
    );
    assert.equal(rows[0].failed_sign_ins, 0);
    assert.equal((await attempt(sauti.app, 'officer.mombasa', DEMO_PASSWORD)).res.statusCode, 303);
  });

  test('an unknown username is refused the same way and locks nothing', async () => {
    for (let i = 0; i < 6; i++)
      assert.equal((await attempt(sauti.app, 'no.such.person', 'wrong password')).res.statusCode, 401);
    const { rows } = await sauti.platform.db.pool.query(
      `select count(*)::int as n from users where failed_sign_ins > 0 or locked_until is not null`,
    );
    assert.equal(rows[0].n, 0);
  });

  test('enabling an account again (sauti user enable) lifts its lock', async () => {
    const { setUserDisabled } = await import('./service.ts');
    for (let i = 0; i < 5; i++) await attempt(sauti.app, 'moderator', 'wrong password');
    assert.equal((await attempt(sauti.app, 'moderator', DEMO_PASSWORD)).res.statusCode, 401);
    await setUserDisabled(sauti.platform.db.pool, 'moderator', false);
    assert.equal((await attempt(sauti.app, 'moderator', DEMO_PASSWORD)).res.statusCode, 303);
  });
});
