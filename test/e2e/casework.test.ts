/**
 * The case hub as a tool people live in, and administration and oversight, in a real browser against `sauti serve`:
 * an investigator's saved view (desktop and 360 px), the reporter's timeline in Kiswahili and a reply after
 * closure, an administrator resetting an investigator's two-step verification, and the IPOA liaison reading the
 * audit trail of a case within IPOA's mandate.
 */
import { test } from 'node:test';
import { currentTotp } from '../../src/platform/auth/totp.ts';
import assert from 'node:assert/strict';
import {
  assertAccessible,
  assertNoHorizontalOverflow,
  browserSuite,
  DEMO_PASSWORD,
  desktop,
  fakeMp4,
  phone,
  RECEIPT_PATTERN,
  screenshot,
  smallPng,
  staffSignIn,
} from './harness.ts';

const suite = browserSuite();

test('an investigator saves a filtered queue as a named view, opens it again, and it fits a phone', async () => {
  const { page } = await suite.newPage(desktop);
  await staffSignIn(page, suite.server.url, 'iau.investigator');
  await page.goto('/staff/cases');
  await page.selectOption('#category', 'bribery_extortion');
  await Promise.all([page.waitForURL(/category=bribery_extortion/), page.click('form.filters button[type="submit"]')]);
  const shown = await page.locator('table.cases tbody tr').count();
  assert.ok(shown > 0, 'the demo has bribery cases for IAU');
  await page.click('details.save-view summary');
  await page.fill('#name', 'Bribery, open');
  await Promise.all([page.waitForURL(/done=view/), page.click('details.save-view button[type="submit"]')]);
  assert.match((await page.locator('.notice.success').textContent()) ?? '', /The view is saved/);
  assert.equal(await page.locator('nav.views.saved a[aria-current="page"]').textContent(), 'Bribery, open');
  await assertAccessible(page, 'queue with a saved view');
  await screenshot(page, 'queue-saved-view.png');

  // from the unfiltered queue, the saved view brings the same cases back
  await page.goto('/staff/cases');
  await Promise.all([page.waitForURL(/category=bribery_extortion/), page.click('nav.views.saved a')]);
  assert.equal(await page.locator('table.cases tbody tr').count(), shown);
  const csv = await page.request.get(
    (await page.locator('a:has-text("Download this view (CSV)")').getAttribute('href')) ?? '',
  );
  assert.equal(csv.headers()['content-type'], 'text/csv; charset=utf-8');
  assert.equal((await csv.text()).split('\r\n').filter((l) => l.startsWith('CASE-')).length, shown);
  await page.setViewportSize({ width: 360, height: 740 });
  await assertNoHorizontalOverflow(page, 'the saved view at 360 px');
  await screenshot(page, 'queue-saved-view-360.png');
});

test('a reporter, in Kiswahili on a phone without JavaScript, follows a case to its closing, sees the timeline and the way to IPOA, and replies', async () => {
  const citizen = (await suite.newPage({ ...phone, javaScriptEnabled: false })).page;
  await citizen.goto('/lang?to=sw&back=/report');
  await citizen.check('#category');
  await citizen.fill('#description', 'Afisa aliniomba hongo ya shilingi elfu moja ili nipate fomu ya P3 katika kituo.');
  await citizen.selectOption('#county', '047');
  await citizen.setInputFiles('#evidence', [
    { name: 'desk.mp4', mimeType: 'video/mp4', buffer: fakeMp4(64 * 1024) },
    { name: 'desk.png', mimeType: 'image/png', buffer: smallPng },
  ]);
  await Promise.all([citizen.waitForURL((u) => u.pathname === '/report'), citizen.click('#submit-report')]);
  const receipt = ((await citizen.locator('#receipt-code').textContent()) ?? '').trim();
  assert.match(receipt, RECEIPT_PATTERN);
  const reference = ((await citizen.locator('dl.summary-list dd').first().textContent()) ?? '').trim();
  assert.match(reference, /^CASE-\d{4}-\d{6}$/);

  // the investigator takes the case up and closes it, telling the reporter why
  const investigator = (await suite.newPage(desktop)).page;
  await staffSignIn(investigator, suite.server.url, 'iau.investigator');
  await investigator.goto(`/staff/cases/${reference}`);
  await Promise.all([investigator.waitForURL(/done=assign/), investigator.click('button:has-text("Assign to me")')]);
  // the video evidence is shown in the page, and streams in parts as a player asks for them
  const video = investigator.locator('.evidence-preview.video video');
  assert.equal(await video.count(), 1);
  const part = await investigator.request.get((await video.getAttribute('src')) ?? '', {
    headers: { range: 'bytes=0-1023' },
  });
  assert.equal(part.status(), 206);
  assert.equal((await part.body()).length, 1024);
  assert.equal(await investigator.locator('.evidence-preview.photo img').count(), 1);
  await screenshot(investigator, 'case-evidence-previews.png');
  const statusForm = investigator.locator(`form[action="/staff/cases/${reference}/status"]`);
  await statusForm.locator('select[name="status"]').selectOption('closed');
  await statusForm.locator('select[name="outcome"]').selectOption('referred_elsewhere');
  await statusForm
    .locator('textarea[name="reason"]')
    .fill('P3 forms are free; the station commander has been told. Internal.');
  await statusForm
    .locator('textarea[name="publicNote"]')
    .fill('Fomu ya P3 ni bure. Tumemwagiza mkuu wa kituo, na suala limepelekwa kwa kamanda wa kaunti.');
  await Promise.all([investigator.waitForURL(/done=status/), statusForm.locator('button[type="submit"]').click()]);

  await citizen.goto('/follow');
  await citizen.fill('#receipt', receipt.replace(/ /g, ''));
  await Promise.all([
    citizen.waitForURL((u) => u.pathname === '/follow'),
    citizen.click('main form[action="/follow"] button[type="submit"]'),
  ]);
  const steps = await citizen.locator('ol.timeline strong').allTextContents();
  assert.deepEqual(steps, ['Imepokelewa', 'Mpelelezi anaishughulikia', 'Imefungwa']);
  assert.match((await citizen.locator('ol.timeline').textContent()) ?? '', /Fomu ya P3 ni bure/);
  assert.ok(
    !((await citizen.locator('main').textContent()) ?? '').includes('Internal.'),
    'the staff reason stays inside',
  );
  assert.match((await citizen.locator('.closed-case').textContent()) ?? '', /piga 1559 bila malipo/);
  await assertNoHorizontalOverflow(citizen, 'the follow page in Kiswahili at 360 px');
  await screenshot(citizen, 'follow-timeline-sw-360.png');

  await citizen.fill('#message', 'Asante. Lakini afisa huyo bado anaomba pesa kwa watu wengine.');
  await Promise.all([
    citizen.waitForURL(/done=message/),
    citizen.click('form[action="/follow/messages"] button[type="submit"]'),
  ]);
  assert.equal(
    await citizen.locator('ol.timeline strong').last().textContent(),
    'Imefunguliwa tena baada ya jibu lako',
  );
  assert.equal(await citizen.locator('.closed-case').count(), 0, 'the case is open again');
});

test('a citizen prints the receipt: a button where a script can print, and a page of the receipt alone', async () => {
  const { page } = await suite.newPage(desktop);
  await page.goto('/report');
  await page.check('#category');
  await page.fill('#description', 'The officer at the desk asked for KSh 500 to record my complaint.');
  await page.selectOption('#county', '047');
  await Promise.all([page.waitForURL((u) => u.pathname === '/report'), page.click('#submit-report')]);
  const button = page.locator('button.print-receipt');
  await button.waitFor({ state: 'visible' });
  assert.equal(await button.textContent(), 'Print this receipt');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.site-footer').isVisible(), false, 'no footer on paper');
  assert.equal(await button.isVisible(), false, 'nor the button');
  assert.equal(await page.locator('#receipt-code').isVisible(), true);
  await screenshot(page, 'receipt-print.png');
});

test("an administrator resets an investigator's two-step verification; the investigator enrols again", async () => {
  const { page } = await suite.newPage(desktop);
  await staffSignIn(page, suite.server.url, 'admin');
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/staff/admin/accounts'),
    page.click('nav.staff-nav a[href="/staff/admin/accounts"]'),
  ]);
  await page.selectOption('#role', 'investigator');
  await Promise.all([page.waitForURL(/role=investigator/), page.click('form.filters button[type="submit"]')]);
  await assertAccessible(page, 'staff accounts');
  await screenshot(page, 'admin-accounts.png');
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/staff/admin/accounts/dci.investigator'),
    page.click('a[href="/staff/admin/accounts/dci.investigator"]'),
  ]);
  await Promise.all([
    page.waitForURL(/done=twoFactor/),
    page.click('form[action$="/dci.investigator/two-factor"] button[type="submit"]'),
  ]);
  assert.match((await page.locator('.notice.success').textContent()) ?? '', /Two-step verification is reset/);
  assert.match((await page.locator('dl.summary-list').textContent()) ?? '', /Not enrolled/);
  await assertAccessible(page, 'an account after its two-step reset');
  await screenshot(page, 'admin-account-2fa-reset.png');

  // the investigator signs in: the password, then a new authenticator to enrol
  const investigator = (await suite.newPage(desktop)).page;
  await investigator.goto('/staff/sign-in');
  await investigator.fill('#username', 'dci.investigator');
  await investigator.fill('#password', DEMO_PASSWORD);
  await Promise.all([
    investigator.waitForURL((u) => u.pathname === '/staff/two-factor'),
    investigator.click('main button[type="submit"]'),
  ]);
  assert.match((await investigator.locator('main').textContent()) ?? '', /Scan this code with an authenticator app/);
  await screenshot(investigator, 'two-factor-enrol-after-reset.png');

  // the new phone's first code, then recovery codes for the next time a phone is lost
  const secret = ((await investigator.locator('code.secret').textContent()) ?? '').trim();
  await investigator.fill('#code', currentTotp(secret));
  await Promise.all([
    investigator.waitForURL((u) => u.pathname === '/staff/recovery-codes'),
    investigator.click('main button[type="submit"]'),
  ]);
  await Promise.all([investigator.waitForLoadState(), investigator.click('main form button[type="submit"]')]);
  await investigator.locator('ol.recovery-codes').waitFor();
  assert.equal(await investigator.locator('ol.recovery-codes code').count(), 10);
  await assertAccessible(investigator, 'recovery codes');
  await screenshot(investigator, 'recovery-codes.png');
});

test('the IPOA liaison reads who read a death-in-custody case, and the reading is on the case', async () => {
  const { page } = await suite.newPage(desktop);
  await staffSignIn(page, suite.server.url, 'ipoa.liaison');
  await page.goto('/staff/cases?status=all&category=death_serious_injury');
  const link = page.locator('table.cases tbody tr a').first();
  const reference = ((await link.textContent()) ?? '').trim();
  assert.match(reference, /^CASE-\d{4}-\d{6}$/);
  await Promise.all([page.waitForURL((u) => u.pathname === `/staff/cases/${reference}`), link.click()]);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/staff/audit'),
    page.click('nav.staff-nav a[href="/staff/audit"]'),
  ]);
  await page.fill('#subject', reference);
  await Promise.all([page.waitForURL(/subject=/), page.click('form.filters button[type="submit"]')]);
  const rows = page.locator('table.audit tbody tr');
  assert.ok((await rows.count()) >= 1);
  const texts = await rows.allTextContents();
  assert.ok(
    texts.some((row) => /Esther Wairimu \(IPOA liaison\).*case\.view/.test(row)),
    'her own reading of the case is listed',
  );
  assert.match(texts[0]!, /audit\.read/, 'and, newest, her reading of the trail');
  await assertAccessible(page, 'audit trail');
  await screenshot(page, 'audit-ipoa.png');
});
