import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, startSauti, type TestContext } from '../../../test/helpers.ts';

let sauti: TestContext;
before(async () => {
  sauti = await startSauti();
});
after(() => sauti.close());

const sessions = async () =>
  (await sauti.platform.db.pool.query<{ n: number }>('select count(*)::int as n from staff_sessions')).rows[0]!.n;

test('a NUL no service cleans (a sign-in name) is a 400 naming the field, as a page and as JSON', async () => {
  const before = await sessions();
  const browser = new Browser(sauti.app);
  const page = await browser.post(
    '/staff/sign-in',
    { username: 'ad\u0000min', password: 'sauti-demo-2026' },
    { csrfFrom: '/staff/sign-in' },
  );
  assert.equal(page.statusCode, 400, page.body.slice(0, 300));
  assert.match(page.body, /“username”/);
  const json = await browser.post(
    '/staff/sign-in',
    { username: 'ad\u0000min', password: 'x' },
    { csrfFrom: '/staff/sign-in', headers: { accept: 'application/json' } },
  );
  assert.equal(json.statusCode, 400);
  assert.equal(json.json().error.fields[0].field, 'username');
  assert.equal(await sessions(), before, 'nobody was signed in');
});

test('a multipart body that a route reads without the platform’s reader, cut short or without a boundary, is a 400', async () => {
  const browser = new Browser(sauti.app);
  const token = await browser.csrf('/verify');
  const cut = Buffer.from(
    `--b\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--b\r\nContent-Disposition: form-data; name="file"; filename="r.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 cut`,
  );
  const res = await sauti.app.inject({
    method: 'POST',
    url: '/verify',
    payload: cut,
    headers: { 'content-type': 'multipart/form-data; boundary=b', cookie: browser.header() },
  });
  assert.equal(res.statusCode, 400, res.body.slice(0, 300));
  const noBoundary = await sauti.app.inject({
    method: 'POST',
    url: '/verify',
    payload: 'x',
    headers: { 'content-type': 'multipart/form-data', cookie: browser.header() },
  });
  assert.equal(noBoundary.statusCode, 400);
  assert.match(noBoundary.body, /“body”/);
});
