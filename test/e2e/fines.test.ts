/**
 * Traffic fines in a real browser against `sauti serve`, on a 360 px phone: a traffic officer at the
 * Mombasa Traffic Base issues a notice for two offences on the Mombasa road (the total shown as they are
 * ticked); the motorist opens their notice in English and in Kiswahili and checks it is genuine at
 * /fines/verify, without JavaScript too; cancels the M-Pesa prompt once, then pays (the simulator calls back
 * twice; it counts once) and opens the signed receipt; a commander at Kasarani withdraws another notice with
 * a written reason, which the motorist then reads. Screenshots go to /tmp/fines-shots (and test-results/screenshots).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import {
  assertAccessible,
  assertNoHorizontalOverflow,
  browserSuite,
  phone,
  screenshotsIn,
  staffSignIn,
} from './harness.ts';

const suite = browserSuite();
const shoot = screenshotsIn('/tmp/fines-shots', 'fines');

let link = '';
let number = '';

async function tick(page: Page, label: RegExp): Promise<void> {
  await page.getByLabel(label).check();
}

test('a traffic officer issues a notice on a phone, seeing the total as offences are ticked', async () => {
  const { page } = await suite.newPage(phone);
  await staffSignIn(page, suite.server.url, 'officer.mombasa');
  await page.goto('/staff/fines/new');
  await tick(page, /Exceeding the speed limit by 11–15 km\/h/);
  await tick(page, /Not wearing a seat belt/);
  await page.locator('#fines-total', { hasText: 'Total: Ksh 3,500' }).waitFor();
  await page.fill('#registration', 'KDJ 482M');
  await page.fill('#driverName', 'Otieno Ochieng');
  await page.fill('#driverPhone', '0712 345 678');
  await page.fill('#place', 'Mombasa road near Changamwe roundabout');
  await assertNoHorizontalOverflow(page, 'the officer’s notice form');
  await assertAccessible(page, 'the officer’s notice form');
  await shoot(page, 'officer-form-360-en.png');
  await page.getByRole('button', { name: 'Issue the notice' }).click();
  await page.locator('h2', { hasText: /Notice \d{3} \d{3} \d{3} \d issued/ }).waitFor();
  await shoot(page, 'officer-issued-360-en.png');
  link = (await page.locator('a', { hasText: "Open the motorist's notice" }).getAttribute('href')) ?? '';
  number = /\/fines\/(\d{10})\//.exec(link)?.[1] ?? '';
  assert.ok(number, link);
  await page.goto(`/lang?to=sw&back=${encodeURIComponent('/staff/fines/new')}`);
  await page.getByRole('button', { name: 'Toa ilani' }).waitFor();
  await assertNoHorizontalOverflow(page, 'the officer’s notice form in Kiswahili');
  await shoot(page, 'officer-form-360-sw.png');
  await page.goto(`/lang?to=en&back=${encodeURIComponent('/staff/fines/new')}`);
});

test('the motorist reads the notice on a phone, in English and in Kiswahili', async () => {
  const { page } = await suite.newPage(phone);
  await page.goto(link);
  await page.locator('.fines-due', { hasText: 'To pay: Ksh 3,500 by' }).waitFor();
  assert.match((await page.locator('.fines-pay').textContent()) ?? '', /174379.*Account number.*\d{10}/s);
  await assertNoHorizontalOverflow(page, 'the motorist’s notice');
  await assertAccessible(page, 'the motorist’s notice');
  await shoot(page, 'notice-360-en.png');
  await page.goto(`/lang?to=sw&back=${encodeURIComponent(link)}`);
  await page.locator('.fines-due', { hasText: 'Kulipa: Ksh 3,500 kabla ya' }).waitFor();
  await assertNoHorizontalOverflow(page, 'the motorist’s notice in Kiswahili');
  await shoot(page, 'notice-360-sw.png');
});

test('anyone checks the notice is genuine at /fines/verify, with JavaScript off too', { timeout: 60_000 }, async () => {
  const { page } = await suite.newPage({ ...phone, javaScriptEnabled: false });
  await page.goto('/fines/verify');
  await page.fill('#number', `${number.slice(0, 3)} ${number.slice(3, 6)} ${number.slice(6)}`);
  await page.fill('#registration', 'kdj482m');
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await page.locator('#result h2', { hasText: 'Genuine: this notice was issued by the police' }).waitFor();
  assert.match((await page.locator('#result').textContent()) ?? '', /Pay only by M-Pesa paybill 174379/);
  await assertNoHorizontalOverflow(page, 'the check of a notice');
  await shoot(page, 'verify-genuine-360-en.png');
  await page.fill('#registration', 'KDA 123A');
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await page.locator('#result h2', { hasText: 'No notice matches' }).waitFor();
  await shoot(page, 'verify-no-match-360-en.png');
  // the accessibility check runs in the page, so with its scripts on
  const { page: withScripts } = await suite.newPage(phone);
  await withScripts.goto(`/fines/verify?number=${number}&registration=KDJ482M`);
  await assertAccessible(withScripts, 'the check of a notice');
});

/** Reads the notice again until its standing says `standing` (the simulator answers by callback after a moment). */
async function untilStanding(page: Page, standing: RegExp): Promise<void> {
  for (let tries = 0; !(await page.locator('#standing', { hasText: standing }).isVisible()); tries++) {
    assert.ok(tries < 40, `${standing} within 20 s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await page.reload();
  }
}

test(
  'the motorist cancels the M-Pesa prompt once, then pays (the callback comes twice, counted once) and opens the receipt',
  { timeout: 90_000 },
  async () => {
    const { page } = await suite.newPage(phone);
    await page.goto(link);
    // the simulator's numbers ending 1032 cancel the prompt on the phone; those ending 2222 pay, called back twice
    await page.fill('#phone', '0712 341 032');
    await page.getByRole('button', { name: 'Pay by M-Pesa' }).click();
    await page.locator('h2', { hasText: 'Waiting for M-Pesa' }).waitFor();
    await shoot(page, 'notice-waiting-360-en.png');
    for (let tries = 0; !(await page.getByText('The payment was cancelled on the phone.').isVisible()); tries++) {
      assert.ok(tries < 40, 'the cancelled prompt is shown in words within 20 s');
      await new Promise((resolve) => setTimeout(resolve, 500));
      await page.reload();
    }
    await shoot(page, 'notice-cancelled-360-en.png');
    await page.fill('#phone', '0712 342 222');
    await page.getByRole('button', { name: 'Pay by M-Pesa' }).click();
    await untilStanding(page, /^Paid$/);
    assert.doesNotMatch((await page.locator('main').textContent()) ?? '', /How to pay/);
    await shoot(page, 'notice-paid-360-en.png');
    await page.getByRole('link', { name: /Your receipt/ }).click();
    await page.locator('main', { hasText: 'Ksh 3,500' }).waitFor();
    await page.locator('main img, main svg').first().waitFor();
    assert.doesNotMatch(
      (await page.locator('main').textContent()) ?? '',
      /Ksh 7,000/,
      'the second callback paid nothing more',
    );
    await assertNoHorizontalOverflow(page, 'the receipt');
    await assertAccessible(page, 'the receipt');
    await shoot(page, 'receipt-360-en.png');
  },
);

test(
  'the station commander withdraws a notice only with a written reason; the motorist sees why',
  { timeout: 120_000 },
  async () => {
    const { page } = await suite.newPage(phone);
    await staffSignIn(page, suite.server.url, 'officer.kasarani');
    await page.goto('/staff/fines/new');
    await tick(page, /Not wearing a seat belt/);
    await page.fill('#registration', 'KCB 221Q');
    await page.fill('#driverName', 'Wanjiru Kariuki');
    await page.fill('#place', 'Thika Road, Roysambu');
    await page.getByRole('button', { name: 'Issue the notice' }).click();
    await page.locator('h2', { hasText: /Notice \d{3} \d{3} \d{3} \d issued/ }).waitFor();
    const withdrawnLink =
      (await page.locator('a', { hasText: "Open the motorist's notice" }).getAttribute('href')) ?? '';
    const withdrawn = /\/fines\/(\d{10})\//.exec(withdrawnLink)?.[1] ?? '';
    assert.ok(withdrawn, withdrawnLink);

    const { page: ocs } = await suite.newPage({ ...phone, javaScriptEnabled: false });
    await staffSignIn(ocs, suite.server.url, 'ocs.kasarani');
    await ocs.goto(`/staff/fines/${withdrawn}`);
    await ocs.fill('#reason', 'typo');
    await ocs.getByRole('button', { name: 'Withdraw the notice' }).click();
    await ocs.locator('text=Write the reason for withdrawing').first().waitFor();
    await ocs.fill('#reason', 'Wrong number plate typed: the vehicle stopped was KCB 221R, not KCB 221Q.');
    await ocs.getByRole('button', { name: 'Withdraw the notice' }).click();
    await ocs.locator('text=The notice was withdrawn.').waitFor();
    await assertNoHorizontalOverflow(ocs, 'the commander’s view of a notice');
    await shoot(ocs, 'commander-withdrawn-360-en.png');
    await ocs.goto('/staff/fines');
    await shoot(ocs, 'commander-list-360-en.png');

    const { page: a11y } = await suite.newPage(phone);
    await staffSignIn(a11y, suite.server.url, 'ocs.kasarani');
    await a11y.goto(`/staff/fines/${withdrawn}`);
    await assertAccessible(a11y, 'the commander’s view of a notice');
    const { page: motorist } = await suite.newPage(phone);
    await motorist.goto(`/lang?to=sw&back=${encodeURIComponent(withdrawnLink)}`);
    await motorist.locator('text=Iliondolewa na mkuu wa kituo').waitFor();
    await shoot(motorist, 'motorist-withdrawn-360-sw.png');
  },
);
