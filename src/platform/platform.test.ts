import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { Browser, signIn, startSauti, validReport, type TestContext } from '../../test/helpers.ts';
import { migrate } from './db/migrate.ts';
import { migrationSources } from './boot.ts';
import { modules } from '../modules/index.ts';
import { setUserDisabled } from './auth/service.ts';
import * as authStore from './auth/store.ts';
import { sha256Hex } from './crypto/index.ts';
import { currentTotp } from './auth/totp.ts';
import { DEMO_TOTP_SECRET } from './auth/demo.ts';

let sauti: TestContext;
before(async () => {
  sauti = await startSauti();
});
after(() => sauti.close());

describe('health, metrics and API documentation', () => {
  test('/healthz is 200 when migrated and 503 when a migration is pending', async () => {
    assert.deepEqual((await sauti.app.inject('/healthz')).json(), { status: 'ok' });
    await sauti.platform.db.pool.query(`delete from schema_migrations where id = 'reports/001-reports.sql'`);
    try {
      const res = await sauti.app.inject('/healthz');
      assert.equal(res.statusCode, 503);
      assert.equal(res.json().reason, 'migrations pending');
    } finally {
      await sauti.platform.db.pool.query(`insert into schema_migrations (id) values ('reports/001-reports.sql')`);
    }
  });

  test('migrations are idempotent', async () => {
    const owner = new pg.Pool({ connectionString: sauti.platform.db.ownerConnectionString, max: 1 });
    try {
      assert.deepEqual(await migrate(owner, migrationSources(modules)), []);
    } finally {
      await owner.end();
    }
  });

  // /metrics (behind METRICS_TOKEN): http/deployment.test.ts

  test('/api/openapi.json documents the JSON endpoints, and /api/docs shows them', async () => {
    const spec = (await sauti.app.inject('/api/openapi.json')).json() as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    assert.match(spec.openapi, /^3\./);
    for (const path of ['/api/reports', '/api/reports/follow', '/api/reports/categories', '/api/cases', '/healthz'])
      assert.ok(spec.paths[path], path);
    assert.ok(!spec.paths['/report'], 'HTML pages are not listed');
    const docs = await sauti.app.inject('/api/docs/');
    assert.equal(docs.statusCode, 200);
    assert.match(docs.body, /swagger/i);
  });
});

describe('HTTP hygiene', () => {
  test('security headers on every page', async () => {
    const res = await sauti.app.inject('/');
    assert.match(String(res.headers['content-security-policy']), /default-src 'self'/);
    assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
  });

  test('JSON API: malformed JSON 400, unknown field 400 naming it, oversize 413, wrong type 415, never a stack trace', async () => {
    const post = (payload: string, type = 'application/json') =>
      sauti.app.inject({ method: 'POST', url: '/api/reports', payload, headers: { 'content-type': type } });
    const malformed = await post('{"category": ');
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().error.code, 'bad_input');
    assert.ok(!malformed.body.includes('at '), 'no stack trace');
    const missing = await post(JSON.stringify({ category: 'brutality' }));
    assert.equal(missing.statusCode, 400);
    const fields = (missing.json().error.fields as Array<{ field: string }>).map((f) => f.field);
    for (const f of ['description', 'county', 'anonymous'])
      assert.ok(fields.includes(f), `names ${f}: ${fields.join(',')}`);
    const semantic = await post(
      JSON.stringify({ category: 'nonsense', description: 'x', county: '999', anonymous: true }),
    );
    assert.equal(semantic.statusCode, 400);
    assert.deepEqual((semantic.json().error.fields as Array<{ field: string }>).map((f) => f.field).sort(), [
      'category',
      'county',
    ]);
    const huge = await post(JSON.stringify({ description: 'x'.repeat(300_000) }));
    assert.equal(huge.statusCode, 413);
    const wrongType = await post('category=brutality', 'text/plain');
    assert.equal(wrongType.statusCode, 415);
    const count = await sauti.platform.db.pool.query('select count(*)::int as n from reports');
    assert.equal(count.rows[0].n, 0, 'nothing was half-written');
  });

  test('a valid JSON report is acknowledged with its receipt and can be followed', async () => {
    const res = await sauti.app.inject({
      method: 'POST',
      url: '/api/reports',
      payload: {
        category: 'brutality',
        description: 'Beaten at a roadblock',
        county: '047',
        station: 'kasarani',
        anonymous: true,
        officers: [{ vehiclePlate: 'GKB 123A' }],
      },
    });
    assert.equal(res.statusCode, 201);
    const body = res.json();
    assert.match(body.receipt, /^\d{16}$/);
    const follow = await sauti.app.inject({
      method: 'POST',
      url: '/api/reports/follow',
      payload: { receipt: body.receipt },
    });
    assert.equal(follow.statusCode, 200);
    assert.equal(follow.json().reference, body.caseReference);
    assert.equal(follow.json().status, 'received');
    const wrong = await sauti.app.inject({
      method: 'POST',
      url: '/api/reports/follow',
      payload: { receipt: '0000000000000000' },
    });
    assert.equal(wrong.statusCode, 404);
    assert.deepEqual(Object.keys(wrong.json().error), ['code', 'message', 'fields']);
  });

  test('unknown pages get a 404 page; unknown API paths a JSON 404', async () => {
    const page = await sauti.app.inject('/no/such/page');
    assert.equal(page.statusCode, 404);
    assert.match(String(page.headers['content-type']), /text\/html/);
    const api = await sauti.app.inject('/api/nothing');
    assert.equal(api.statusCode, 404);
    assert.equal(api.json().error.code, 'not_found');
  });

  test('the demo banner shows only in demo mode', async () => {
    assert.ok(!(await sauti.app.inject('/')).body.includes('demo-banner'));
    const demo = await startSauti({ env: { SAUTI_DEMO: 'true' }, demoStaff: false });
    try {
      for (const url of ['/', '/report', '/follow', '/staff/sign-in'])
        assert.match((await demo.app.inject(url)).body, /class="demo-banner"/, url);
    } finally {
      await demo.close();
    }
  });
});

describe('staff sign-in', () => {
  test('a wrong password is refused with the same message as an unknown user', async () => {
    const a = await new Browser(sauti.app).post(
      '/staff/sign-in',
      { username: 'iau.investigator', password: 'wrong password!' },
      { csrfFrom: '/staff/sign-in' },
    );
    const b = await new Browser(sauti.app).post(
      '/staff/sign-in',
      { username: 'nobody.here', password: 'wrong password!' },
      { csrfFrom: '/staff/sign-in' },
    );
    assert.equal(a.statusCode, 401);
    assert.equal(b.statusCode, 401);
    assert.match(a.body, /The username or password is not right/);
    assert.match(b.body, /The username or password is not right/);
  });

  test('roles that need it must pass TOTP before they see anything', async () => {
    const browser = new Browser(sauti.app);
    const res = await browser.post(
      '/staff/sign-in',
      { username: 'iau.investigator', password: 'sauti-demo-2026' },
      { csrfFrom: '/staff/sign-in' },
    );
    assert.match(String(res.headers.location), /^\/staff\/two-factor/);
    const blocked = await browser.get('/staff/cases');
    assert.equal(blocked.statusCode, 303);
    assert.match(String(blocked.headers.location), /^\/staff\/two-factor/);
    assert.equal((await browser.get('/api/cases')).statusCode, 401);
    const wrong = await browser.post('/staff/two-factor', { code: '000000' }, { csrfFrom: '/staff/two-factor' });
    assert.equal(wrong.statusCode, 401);
    const right = await browser.post(
      '/staff/two-factor',
      { code: currentTotp(DEMO_TOTP_SECRET) },
      { csrfFrom: '/staff/two-factor' },
    );
    assert.equal(right.statusCode, 303);
    assert.equal((await browser.get('/staff/cases')).statusCode, 200);
  });

  test('a role that needs TOTP but has none enrolled is shown how to enrol, and only a right code enrols it', async () => {
    const { createUser } = await import('./auth/service.ts');
    await createUser(sauti.platform.db.pool, {
      username: 'new.investigator',
      displayName: 'New',
      role: 'investigator',
      unitCode: 'IAU',
      password: 'a long enough password',
    });
    const browser = new Browser(sauti.app);
    await browser.post(
      '/staff/sign-in',
      { username: 'new.investigator', password: 'a long enough password' },
      { csrfFrom: '/staff/sign-in' },
    );
    const page = await browser.get('/staff/two-factor');
    const secret = /class="secret">([A-Z2-7]+)</.exec(page.body)?.[1];
    assert.ok(secret, 'the enrolment key is shown');
    assert.match(page.body, /<svg/);
    assert.equal(
      (await browser.post('/staff/two-factor', { code: '123456' }, { csrfFrom: '/staff/two-factor' })).statusCode,
      401,
    );
    assert.equal(
      (await browser.post('/staff/two-factor', { code: currentTotp(secret) }, { csrfFrom: '/staff/two-factor' }))
        .statusCode,
      303,
    );
    const { rows } = await sauti.platform.db.pool.query(
      `select totp_secret from users where username = 'new.investigator'`,
    );
    assert.equal(rows[0].totp_secret, secret);
  });

  test('session cookies are HttpOnly and SameSite (and Secure under an https PUBLIC_URL: http/deployment.test.ts)', async () => {
    const res = await new Browser(sauti.app).post(
      '/staff/sign-in',
      { username: 'moderator', password: 'sauti-demo-2026' },
      { csrfFrom: '/staff/sign-in' },
    );
    const cookie = (
      res.cookies as Array<{ name: string; httpOnly?: boolean; sameSite?: string; secure?: boolean }>
    ).find((c) => c.name === 'sauti_session');
    assert.ok(cookie);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');
  });

  test('a disabled account cannot sign in and its sessions end', async () => {
    const browser = await signIn(sauti.app, 'moderator');
    assert.equal((await browser.get('/staff')).statusCode, 200);
    await setUserDisabled(sauti.platform.db.pool, 'moderator', true);
    assert.equal((await browser.get('/staff')).statusCode, 303);
    const again = await new Browser(sauti.app).post(
      '/staff/sign-in',
      { username: 'moderator', password: 'sauti-demo-2026' },
      { csrfFrom: '/staff/sign-in' },
    );
    assert.equal(again.statusCode, 401);
    await setUserDisabled(sauti.platform.db.pool, 'moderator', false);
  });

  test('a session ended or an account disabled by another instance stops working here too', async () => {
    const statusOf = async (browser: Browser) => (await browser.get('/staff')).statusCode;
    /** Asks until the answer changes: the other instance's notice arrives when it arrives (within seconds). */
    const refusedSoon = async (browser: Browser) => {
      const deadline = Date.now() + 10_000;
      while ((await statusOf(browser)) === 200) {
        assert.ok(Date.now() < deadline, 'the session still works 10 s after it ended elsewhere');
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.equal(await statusOf(browser), 303);
    };
    const ended = await signIn(sauti.app, 'moderator');
    assert.equal(await statusOf(ended), 200);
    // what another instance's sign-out does: the row goes, and a notice goes out
    await authStore.deleteSession(sauti.platform.db.pool, sha256Hex(ended.cookies.get('sauti_session')!));
    await refusedSoon(ended);

    const disabled = await signIn(sauti.app, 'moderator');
    assert.equal(await statusOf(disabled), 200);
    await authStore.setUserDisabled(sauti.platform.db.pool, 'moderator', true);
    await refusedSoon(disabled);
    await setUserDisabled(sauti.platform.db.pool, 'moderator', false);
  });

  test('sign-in attempts are rate limited', async () => {
    const limited = await startSauti({ env: { RATE_LIMIT_SIGN_INS: '2' }, demoStaff: false });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        statuses.push(
          (
            await new Browser(limited.app).post(
              '/staff/sign-in',
              { username: 'x', password: 'y' },
              { csrfFrom: '/staff/sign-in' },
            )
          ).statusCode,
        );
      }
      assert.deepEqual(statuses, [401, 401, 429]);
    } finally {
      await limited.close();
    }
  });

  test('signing out ends the session', async () => {
    const browser = await signIn(sauti.app, 'admin');
    await browser.post('/staff/sign-out', {}, { csrfFrom: '/staff' });
    assert.equal((await browser.get('/staff')).statusCode, 303);
  });
});

test('report intake is refused while the form token is missing even for JSON posted as a form', async () => {
  const res = await sauti.app.inject({
    method: 'POST',
    url: '/follow',
    payload: new URLSearchParams({ receipt: '1' }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(res.statusCode, 403);
  assert.ok(validReport);
});
