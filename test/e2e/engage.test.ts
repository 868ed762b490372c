/**
 * #EngageTheIG end to end in real browsers against `sauti serve`: the IG's office schedules and
 * opens a session; questions come from the web (with and without JavaScript), by SMS and from X;
 * the moderator approves them; a viewer's page follows live while the IG answers, opens an urgent
 * case and makes a commitment; then the session ends and its summary is published.
 */
import { createServer, type Server } from 'node:http';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertAccessible,
  assertNoHorizontalOverflow,
  browserSuite,
  desktop,
  phone,
  screenshot,
  staffSignIn,
} from './harness.ts';

const SMS_TOKEN = 'e2e-sms-callback-token-0123456789';
const X_TOKEN = 'e2e-x-bearer-token';

let fakeX: Server;
let xPolls = 0;
/** The post is made once the session is live (before that the hashtag's questions go to the next session). */
let posted = false;

/** A stand-in for X's recent-search endpoint: one post with the hashtag, in X's documented shape. */
function startFakeX(): Promise<string> {
  fakeX = createServer((request, response) => {
    xPolls++;
    const authorised = request.headers.authorization === `Bearer ${X_TOKEN}`;
    response.writeHead(authorised ? 200 : 401, { 'content-type': 'application/json' });
    if (!authorised) return response.end('{"title":"Unauthorized"}');
    const since = new URL(request.url ?? '/', 'http://x').searchParams.get('since_id');
    if (!posted || (since && BigInt(since) >= 1861000000000000001n))
      return response.end(JSON.stringify({ meta: { result_count: 0 } }));
    response.end(
      JSON.stringify({
        data: [
          {
            id: '1861000000000000001',
            text: '#EngageTheIG When will traffic fines at Mombasa be paid by M-Pesa only, never cash?',
            author_id: '42',
            created_at: new Date().toISOString(),
          },
        ],
        includes: { users: [{ id: '42', username: 'wanjiku_ke', name: 'Wanjiku' }] },
        meta: { newest_id: '1861000000000000001', oldest_id: '1861000000000000001', result_count: 1 },
      }),
    );
  });
  return new Promise((resolve) =>
    fakeX.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(fakeX.address() as { port: number }).port}`)),
  );
}

// the stand-in for X starts first: the server is told where it is
const suite = browserSuite(async () => ({
  ENGAGE_SMS_TOKEN: SMS_TOKEN,
  X_BEARER_TOKEN: X_TOKEN,
  X_API_URL: await startFakeX(),
  X_POLL_SECONDS: '2',
}));
after(() => fakeX?.close());

const newPage = suite.newPage;

/** Nairobi date and time `minutes` from now, as the schedule form wants them. */
function nairobi(minutes: number): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Africa/Nairobi',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(Date.now() + minutes * 60_000));
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return { date: `${part('year')}-${part('month')}-${part('day')}`, time: `${part('hour')}:${part('minute')}` };
}

let sessionId = '';

test('a session end to end: web, SMS and X questions, moderation, live answers on a second browser, an urgent case, a commitment, the summary', async () => {
  // The IG's office schedules a one-off session starting in 20 minutes, then opens it early.
  const igTab = await newPage({ ...desktop });
  const ig = igTab.page;
  await staffSignIn(ig, suite.server.url, 'ig.office');
  await ig.goto('/staff/engage/schedule');
  const start = nairobi(20);
  await ig.fill('#oneoff-date', start.date);
  await ig.fill('#oneoff-time', start.time);
  await Promise.all([
    ig.waitForURL(/done=oneoff/),
    ig.click('form[action="/staff/engage/sessions"] button[type="submit"]'),
  ]);
  await ig.goto('/staff/engage/console');
  const controls = ig.locator('#session-controls');
  sessionId = /sessions\/(\d+)\/live/.exec((await controls.getAttribute('action')) ?? '')![1]!;
  await Promise.all([ig.waitForURL(/console/), controls.locator('button').click()]);
  await ig.goto(`/staff/engage/sessions/${sessionId}/console`);
  assert.match((await ig.locator('h2 .tag').first().textContent()) ?? '', /Live/);
  posted = true;

  // A viewer on a phone with JavaScript follows the live page.
  const viewer = (await newPage({ ...phone })).page;
  await viewer.goto(`/engage/sessions/${sessionId}`);
  await viewer.locator('#live-status').filter({ hasText: 'Live:' }).waitFor();
  await viewer.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

  // A citizen without JavaScript asks, with some HTML in the question and a phone number.
  const citizen = (await newPage({ ...phone, javaScriptEnabled: false })).page;
  await citizen.goto(`/engage/sessions/${sessionId}/ask`);
  const webQuestion = 'Why do officers at Salama charge <b>500</b> for an abstract? Call me 0712345678';
  await citizen.fill('#question', webQuestion);
  await Promise.all([
    citizen.waitForURL(new RegExp(`/engage/sessions/${sessionId}`)),
    citizen.click('form.ask-form button[type="submit"]'),
  ]);
  assert.match((await citizen.locator('.notice').first().textContent()) ?? '', /moderator/i);

  // A question by SMS, through the Africa's Talking callback.
  const sms = await fetch(`${suite.server.url}/channels/sms/engage?token=${SMS_TOKEN}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      from: '+254722000111',
      to: '22384',
      text: 'Askari wa trafiki Mombasa wanadai hongo kila siku, mtafanya nini?',
      date: new Date().toISOString(),
      id: 'ATXid_e2e_1',
      linkId: 'link-1',
    }),
  });
  assert.ok(sms.status < 300, `the SMS callback was accepted (${sms.status})`);

  // The moderator approves the web, SMS and X questions (the X poller picks the post up by itself).
  const moderator = (await newPage({ ...desktop })).page;
  await staffSignIn(moderator, suite.server.url, 'moderator');
  const queueUrl = `/staff/engage?session=${sessionId}&status=pending`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    await moderator.goto(queueUrl);
    const body = (await moderator.locator('main').textContent()) ?? '';
    if (/M-Pesa only/.test(body) && /hongo/.test(body) && /Salama/.test(body)) break;
    if (Date.now() > deadline)
      throw new Error(
        `the queue did not show the web, SMS and X questions (X polled ${xPolls} times):\n${body.slice(0, 2000)}`,
      );
    await new Promise((r) => setTimeout(r, 1000));
  }
  const queueText = (await moderator.locator('main').textContent()) ?? '';
  assert.ok(!queueText.includes('0712345678'), 'the phone number is masked before anyone sees it');
  assert.ok(!queueText.includes('254722000111'), 'the SMS sender is never shown');
  await screenshot(moderator, 'engage-moderation.png');
  await assertAccessible(moderator, 'moderation queue');
  for (let i = 0; i < 3; i++) {
    await moderator.goto(queueUrl);
    await Promise.all([
      moderator.waitForURL(/staff\/engage/),
      moderator
        .locator(
          'form[action$="/moderate"] input[value="approve"] + button, form[action$="/moderate"]:has(input[value="approve"]) button',
        )
        .first()
        .click(),
    ]);
  }

  // With the queue open, a new question announces itself (the list is not rearranged under the moderator).
  await moderator.goto(queueUrl);
  // only what happens once the page follows the stream can announce itself
  await moderator.locator('#staff-live[data-connected]').waitFor({ state: 'attached' });
  const another = await fetch(`${suite.server.url}/channels/sms/engage?token=${SMS_TOKEN}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      from: '+254733000222',
      to: '22384',
      text: 'Lini OB ya kidijitali itafika Makueni?',
      date: new Date().toISOString(),
      id: 'ATXid_e2e_2',
      linkId: 'link-2',
    }),
  });
  assert.ok(another.status < 300);
  await moderator.locator('#live-notice:not([hidden])', { hasText: 'waiting for a decision: 1' }).waitFor();

  // The viewer's page shows all three without reloading, the HTML as text.
  const clusters = viewer.locator('#clusters > li.cluster');
  await viewer.waitForFunction(() => document.querySelectorAll('#clusters > li.cluster').length >= 3, undefined, {
    timeout: 15_000,
  });
  const shown = (await clusters.allTextContents()).join('\n');
  assert.match(shown, /<b>500<\/b>/, 'the HTML in the question is shown as text');
  assert.ok(!shown.includes('0712345678'));
  assert.equal(await viewer.locator('#clusters b').count(), 0, 'no element was made from the question');
  assert.match(shown, /hongo/);
  assert.match(shown, /wanjiku_ke/);
  assert.equal(
    await viewer.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument),
    true,
    'the page was updated in place',
  );

  // The IG answers the abstract question live, with a commitment; opens an urgent case on it.
  await ig.goto(`/staff/engage/sessions/${sessionId}/console`);
  const abstract = ig
    .locator('ol.clusters.console > li')
    .filter({ has: ig.locator('.question-body', { hasText: 'abstract' }) });
  await Promise.all([ig.waitForURL(/console/), abstract.locator('form[action$="/answering"] button').click()]);
  await viewer.locator('#answering-now:not([hidden])').waitFor();
  assert.match((await viewer.locator('#answering-now .question-body').textContent()) ?? '', /abstract/);

  const answerForm = ig.locator('section.answering-now form.answer-form');
  await answerForm
    .locator('textarea[name="answer"]')
    .fill('Abstracts are free at every station. The IAU will visit Salama this week.');
  await answerForm.locator('input[name="commitment"]').fill('IAU to end abstract fees at Salama');
  await answerForm.locator('select[name="unit"]').selectOption('IAU');
  await answerForm.locator('input[name="dueDate"]').fill(nairobi(7 * 24 * 60).date);
  await Promise.all([ig.waitForURL(/console/), answerForm.locator('button[type="submit"]').click()]);
  await viewer.locator('#answers .answer-body', { hasText: 'Abstracts are free' }).first().waitFor();
  await viewer.locator('#answering-now .answer-body', { hasText: 'Abstracts are free' }).waitFor();
  await screenshot(viewer, 'engage-live-360.png');
  await assertNoHorizontalOverflow(viewer, 'live session page');
  await assertAccessible(viewer, 'live session page');

  const abstractItem = ig
    .locator('ol.clusters.console > li')
    .filter({ has: ig.locator('.question-body', { hasText: 'abstract' }) });
  await abstractItem.locator('details:has(form[action$="/urgent"]) > summary').click();
  const urgent = abstractItem.locator('form[action$="/urgent"]');
  await urgent.locator('input[name="instruction"]').fill('IAU to act on abstract fees at Salama within 7 days');
  await urgent.locator('select[name="unit"]').selectOption('IAU');
  await urgent.locator('input[name="days"]').fill('7');
  await Promise.all([ig.waitForURL(/done=urgent/), urgent.locator('button[type="submit"]').click()]);
  const reference = /CASE-\d{4}-\d{6}/.exec((await ig.locator('main').textContent()) ?? '')?.[0];
  assert.ok(reference, 'the console names the case opened');
  await viewer.locator('#clusters .case-refs', { hasText: reference }).waitFor();
  await screenshot(ig, 'engage-console.png');

  // The commitment is tracked publicly.
  const commitments = (await newPage({ ...phone, javaScriptEnabled: false })).page;
  await commitments.goto('/engage/commitments');
  assert.match((await commitments.locator('main').textContent()) ?? '', /IAU to end abstract fees at Salama/);

  // Without JavaScript, in Kiswahili, on a phone: the live page refreshes itself and fits the screen.
  const swahili = (await newPage({ ...phone, javaScriptEnabled: false, locale: 'sw-KE' })).page;
  await swahili.goto(`/engage/sessions/${sessionId}?lang=sw`);
  assert.equal(await swahili.locator('html').getAttribute('lang'), 'sw');
  assert.match(await swahili.content(), /<noscript><meta http-equiv="refresh" content="30"/);
  assert.match((await swahili.locator('#clusters').textContent()) ?? '', /hongo/);
  await screenshot(swahili, 'engage-live-sw-360.png');
  await assertNoHorizontalOverflow(swahili, 'live page in Kiswahili');
  // (axe needs JavaScript in the page: the same page with it on)
  const swahiliWithJs = (await newPage({ ...phone, locale: 'sw-KE' })).page;
  await swahiliWithJs.goto(`/engage/sessions/${sessionId}?lang=sw`);
  await swahiliWithJs.locator('#live-status').filter({ hasText: 'Moja kwa moja' }).waitFor();
  await assertAccessible(swahiliWithJs, 'live page in Kiswahili');

  // The session ends: the viewer's page shows it, and the summary is published.
  await ig.goto(`/staff/engage/sessions/${sessionId}/console`);
  await Promise.all([ig.waitForURL(/console/), ig.locator('#session-controls button').click()]);
  await viewer.waitForFunction(() => document.querySelector('h1 .tag')?.textContent?.includes('Ended'), undefined, {
    timeout: 15_000,
  });
  await viewer.goto(`/engage/sessions/${sessionId}/summary`);
  const summary = (await viewer.locator('main').textContent()) ?? '';
  assert.match(summary, /SMS/);
  assert.match(summary, /X/);
  assert.ok((await viewer.locator('main svg').count()) > 0, 'the summary has its charts');
  await screenshot(viewer, 'engage-summary-360.png');
  await assertNoHorizontalOverflow(viewer, 'summary page');
  const pdf = await fetch(`${suite.server.url}/engage/sessions/${sessionId}/summary.pdf`);
  assert.equal(pdf.status, 200);
  assert.equal(
    Buffer.from(await pdf.arrayBuffer())
      .subarray(0, 5)
      .toString(),
    '%PDF-',
  );
});
