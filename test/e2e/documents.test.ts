/**
 * Free documents in real browsers against `sauti serve`: a traffic accident is recorded at Salama;
 * the victim, on a 360 px phone in Kiswahili, asks for the accident abstract with the
 * slip's code and follows the request; the desk issues the abstract from its documents page; the
 * victim sees it issued. Screenshots go to /tmp/documents-shots.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertAccessible,
  assertNoHorizontalOverflow,
  browserSuite,
  desktop,
  phone,
  screenshotsIn,
  staffSignIn,
} from './harness.ts';

const suite = browserSuite(() => ({ JOB_POLL_SECONDS: '1' }));
const shots = '/tmp/documents-shots';

const shoot = screenshotsIn(shots, 'documents');

let slip: { ob: string; code: string };
let requestCode: string;

test('the desk records a traffic accident at Salama, and its slip carries the code', async () => {
  const { page } = await suite.newPage(desktop);
  await staffSignIn(page, suite.server.url, 'officer.salama');
  await page.goto('/staff/ob/salama/new');
  await page.selectOption('#kind', 'accident');
  await page.fill('#place', 'Salama market junction, Mombasa road');
  await page.fill('#narrative', 'A matatu hit a boda boda at the junction; the rider was injured in the leg.');
  await page
    .check('input[name="accident.injuries"][value="injured"]')
    .catch(() => page.selectOption('[name="accident.injuries"]', 'injured'));
  await page.fill('[id="persons.0.name"]', 'Mutua Kioko');
  await Promise.all([page.waitForURL(/\/slip\?done=recorded$/), page.click('#ob-desk button[type="submit"]')]);
  const ob = ((await page.locator('#ob-number').textContent()) ?? '').replace(/^OB\s*/, '').trim();
  const code = ((await page.locator('#slip-code').textContent()) ?? '').trim();
  slip = { ob, code };
  // the slip says the documents are free, and where to ask for them with it
  assert.match((await page.locator('.ob-slip').textContent()) ?? '', /Police abstracts and P3 forms are free/);
  const ask = await page.locator('.ob-slip a[href^="/documents?"]').getAttribute('href');
  assert.equal(ask, `/documents?${new URLSearchParams({ station: 'salama', ob, code }).toString()}`);
  assert.match(slip.ob, /^\d+\/\d{2}\/\d{2}\/\d{4}$/);
});

test('the victim asks for the abstract on a phone, in Kiswahili, without an account, and sees the clock', async () => {
  const { page } = await suite.newPage(phone);
  const query = new URLSearchParams({ station: 'salama', ob: slip.ob, code: slip.code });
  await page.goto(`/lang?to=sw&back=${encodeURIComponent(`/documents?${query.toString()}`)}`);
  assert.match((await page.locator('h1').textContent()) ?? '', /Omba abstract ya polisi/);
  assert.match((await page.locator('main').textContent()) ?? '', /Hati hizi ni bure/);
  await page.check('#kind-abstract_traffic');
  await assertNoHorizontalOverflow(page, 'request form');
  await assertAccessible(page, 'request form');
  await shoot(page, 'request-form-360-sw.png');
  await page.click('main form button[type="submit"]');
  requestCode = ((await page.locator('.receipt-code strong').textContent()) ?? '').trim();
  assert.match(requestCode, /^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  assert.match((await page.locator('main').textContent()) ?? '', /Kituo kinapaswa kutoa hati yako/);
  await assertAccessible(page, 'request made');
  await shoot(page, 'request-made-360-sw.png');
});

test('the desk issues it from its documents page, and the victim sees it issued', async () => {
  const { page } = await suite.newPage(desktop);
  await staffSignIn(page, suite.server.url, 'officer.salama');
  await page.goto('/staff/documents');
  assert.match(page.url(), /\/staff\/documents\/salama$/);
  assert.match((await page.locator('main').textContent()) ?? '', /1 request waiting/);
  await assertAccessible(page, 'desk documents page');
  await shoot(page, 'desk-documents.png');
  await Promise.all([page.waitForURL(/issued=/), page.click('main li.card form button[type="submit"]')]);
  assert.match((await page.locator('main').textContent()) ?? '', /Issued PA\/SALAMA\/\d{4}\/1/);

  const victim = (await suite.newPage(phone)).page;
  await victim.goto(`/documents/follow?code=${requestCode}`);
  const status = (await victim.locator('main').textContent()) ?? '';
  assert.match(status, /Police abstract for a traffic accident: issued/);
  assert.match(status, /PA\/SALAMA\/\d{4}\/1/);
  assert.equal(await victim.locator('main .qr svg').isVisible(), true, "the document's QR code is on the page");
  const pdfHref = await victim.locator('main a[href$="/document.pdf"]').getAttribute('href');
  const pdf = await victim.request.get(pdfHref!);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  await assertNoHorizontalOverflow(victim, 'follow page');
  await assertAccessible(victim, 'follow page');
  await shoot(victim, 'follow-issued-360.png');
});
