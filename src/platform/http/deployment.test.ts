import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { Browser, startSauti, type TestContext } from '../../../test/helpers.ts';
import { DEMO_PASSWORD } from '../auth/demo.ts';

const METRICS_TOKEN = 'metrics-0123456789abcdef0123456789abcdef';

type Cookie = { name: string; value: string; secure?: boolean; maxAge?: number };

/** A browser on a plain-http address (e.g. http://192.168.1.20:3000): it drops every cookie marked Secure. */
class PlainHttpBrowser extends Browser {
  override keep(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of response.cookies as Cookie[]) {
      if (c.secure) continue;
      if (c.maxAge === 0 || c.value === '') this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return response;
  }
}

describe('/metrics is not public', () => {
  let plain: TestContext;
  let guarded: TestContext;
  before(async () => {
    plain = await startSauti({ demoStaff: false });
    guarded = await startSauti({ env: { METRICS_TOKEN }, demoStaff: false });
  });
  after(async () => {
    await plain.close();
    await guarded.close();
  });

  test('without METRICS_TOKEN a real deployment does not serve it at all, not even to this machine', async () => {
    const res = await plain.app.inject('/metrics');
    assert.equal(res.statusCode, 404);
    assert.ok(!res.body.includes('process_cpu_user_seconds_total'));
  });

  test('with METRICS_TOKEN, no token or a wrong one is refused (401, WWW-Authenticate: Bearer)', async () => {
    for (const authorization of [
      undefined,
      'Bearer wrong-token',
      `Bearer ${METRICS_TOKEN}x`,
      `Basic ${Buffer.from(`prometheus:${METRICS_TOKEN}`).toString('base64')}`,
      METRICS_TOKEN,
    ]) {
      const res = await guarded.app.inject({ url: '/metrics', headers: authorization ? { authorization } : {} });
      assert.equal(res.statusCode, 401, String(authorization));
      assert.match(String(res.headers['www-authenticate']), /^Bearer realm="sauti-metrics"/);
      assert.ok(!res.body.includes('process_cpu_user_seconds_total'));
    }
  });

  test('with the token, Prometheus gets the metrics', async () => {
    await guarded.app.inject('/');
    const res = await guarded.app.inject({
      url: '/metrics',
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      remoteAddress: '203.0.113.50',
    });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /sauti_http_request_duration_seconds_bucket\{[^}]*route="\/"/);
    assert.match(res.body, /process_cpu_user_seconds_total/);
  });
});

describe('a demo', () => {
  let demo: TestContext;
  before(async () => {
    demo = await startSauti({ env: { SAUTI_DEMO: 'true' }, demoStaff: false });
  });
  after(() => demo.close());

  test('serves /metrics without a token to this machine only', async () => {
    assert.equal((await demo.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode, 200);
    assert.equal((await demo.app.inject({ url: '/metrics', remoteAddress: '::1' })).statusCode, 200);
    assert.equal((await demo.app.inject({ url: '/metrics', remoteAddress: '192.168.1.30' })).statusCode, 404);
  });

  test('shows a demo account the two-step code it may use now, so signing in twice in a row works', async () => {
    for (let round = 0; round < 2; round++) {
      const browser = new Browser(demo.app);
      await browser.post(
        '/staff/sign-in',
        { username: 'ig.office', password: DEMO_PASSWORD },
        { csrfFrom: '/staff/sign-in' },
      );
      const page = await browser.get('/staff/two-factor');
      const code = /class="notice">[^<]*?(\d{6})/.exec(page.body)?.[1];
      assert.ok(code, 'the demo code is shown');
      assert.equal(
        (await browser.post('/staff/two-factor', { code }, { csrfFrom: '/staff/two-factor' })).statusCode,
        303,
        `round ${round + 1}`,
      );
    }
  });
});

describe('TRUST_PROXY counts hops', () => {
  let proxied: TestContext;
  before(async () => {
    proxied = await startSauti({ env: { TRUST_PROXY: '1', RATE_LIMIT_SIGN_INS: '2' }, demoStaff: false });
  });
  after(() => proxied.close());

  /** A sign-in attempt that reached Sauti through the load balancer at 10.0.0.2. */
  async function throughProxy(forwardedFor: string): Promise<number> {
    const browser = new Browser(proxied.app);
    const csrf = await browser.csrf('/staff/sign-in');
    const res = await proxied.app.inject({
      method: 'POST',
      url: '/staff/sign-in',
      remoteAddress: '10.0.0.2',
      payload: new URLSearchParams({ _csrf: csrf, username: 'nobody', password: 'wrong' }).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: browser.header(),
        'x-forwarded-for': forwardedFor,
      },
    });
    return res.statusCode;
  }

  test('with TRUST_PROXY=1 a forged left-most X-Forwarded-For does not escape the rate limit', async () => {
    // the client 203.0.113.7 writes its own X-Forwarded-For; the load balancer appends the address it saw
    const statuses = [];
    for (const forged of ['198.51.100.1', '198.51.100.2', '198.51.100.3'])
      statuses.push(await throughProxy(`${forged}, 203.0.113.7`));
    assert.deepEqual(statuses, [401, 401, 429]);
    assert.equal(await throughProxy('203.0.113.8'), 401, 'another client behind the same proxy has its own count');
  });
});

describe('cookies follow PUBLIC_URL', () => {
  let lan: TestContext;
  let secure: TestContext;
  const logLines: string[] = [];
  before(async () => {
    // HOST=0.0.0.0 and opened as http://192.168.…: PUBLIC_URL left at its plain-http default
    lan = await startSauti({
      env: { HOST: '0.0.0.0', LOG_LEVEL: 'warn' },
      app: { logStream: { write: (line: string) => void logLines.push(line) } },
    });
    secure = await startSauti({ env: { PUBLIC_URL: 'https://sauti.example.go.ke' } });
  });
  after(async () => {
    await lan.close();
    await secure.close();
  });

  test('over plain http on a LAN address, forms and the language switch work, and the start warns about it', async () => {
    const browser = new PlainHttpBrowser(lan.app);
    const form = await browser.get('/staff/sign-in');
    const signedIn = await browser.post(
      '/staff/sign-in',
      { username: 'moderator', password: DEMO_PASSWORD },
      { csrfFrom: '/staff/sign-in' },
    );
    assert.doesNotMatch(signedIn.body, /This form has expired/);
    assert.equal(signedIn.statusCode, 303);
    for (const c of [...form.cookies, ...signedIn.cookies] as Cookie[])
      assert.equal(c.secure, undefined, `${c.name} is not Secure`);
    assert.equal((await browser.get('/staff')).statusCode, 200, 'and the session holds');
    await browser.get('/lang?to=sw&back=/');
    assert.match((await browser.get('/')).body, /<html lang="sw"/);
    const warning = logLines
      .map((l) => JSON.parse(l) as { level: number; msg: string })
      .find((l) => l.level === 40 && l.msg.includes('PUBLIC_URL'));
    assert.ok(warning, 'a warning at start');
    assert.match(warning.msg, /plain http/);
    assert.match(warning.msg, /HTTPS/);
  });

  test('with an https PUBLIC_URL every cookie is Secure', async () => {
    const browser = new Browser(secure.app);
    const page = await browser.get('/staff/sign-in');
    const signedIn = await browser.post(
      '/staff/sign-in',
      { username: 'moderator', password: DEMO_PASSWORD },
      { csrfFrom: '/staff/sign-in' },
    );
    const lang = await browser.get('/lang?to=sw&back=/');
    const cookies = [page, signedIn, lang].flatMap((r) => r.cookies as Cookie[]);
    assert.deepEqual([...new Set(cookies.map((c) => c.name))].sort(), ['sauti_csrf', 'sauti_lang', 'sauti_session']);
    for (const c of cookies) assert.equal(c.secure, true, c.name);
  });
});
