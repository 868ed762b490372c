import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { messagesByKey } from '../../platform/sms/index.ts';
import { Browser, demoAccounts, resetClock, startSauti, validReport, type TestContext } from '../../../test/helpers.ts';

/**
 * The reporter's side of a case: the timeline on /follow (and in the follow API), the closing outcome and what
 * they were told, a reply after closure that opens the case again, the way to IPOA, and the end of that time.
 */

let sauti: TestContext;
const { as } = demoAccounts(() => sauti.app);
const pool = () => sauti.platform.db.pool;
let reference = '';
let receipt = '';
const reporter = () => new Browser(sauti.app);
const INTERNAL_REASON = 'Station OB shows the officer on duty; internal only zq7';
const INTERNAL_NOTE = 'Officer has two earlier complaints xk9';
const caseUrl = () => `/staff/cases/${reference}`;
const statusOf = async () =>
  (await pool().query<{ status: string }>('select status from cases where reference = $1', [reference])).rows[0]!
    .status;

async function follow(browser: Browser) {
  assert.equal((await browser.post('/follow', { receipt }, { csrfFrom: '/follow' })).statusCode, 303);
  return browser;
}

before(async () => {
  sauti = await startSauti({ workers: false });
  sauti.platform.clock.set(new Date('2026-03-02T06:00:00Z'));
  const res = await reporter().post('/report', validReport);
  receipt = /id="receipt-code">\s*([\d ]{19})\s*</.exec(res.body)![1]!.replace(/ /g, '');
  reference = /(CASE-\d{4}-\d{6})/.exec(res.body)![1]!;
  const ruth = await as('iau.investigator');
  const post = (path: string, form: Record<string, string>) =>
    ruth.post(`${caseUrl()}/${path}`, form, { csrfFrom: caseUrl() });
  assert.equal((await post('assign', { assignee: 'me' })).statusCode, 303);
  assert.equal((await post('notes', { note: INTERNAL_NOTE })).statusCode, 303);
  sauti.platform.clock.set(new Date('2026-03-03T07:00:00Z'));
  const investigating = await post('status', {
    status: 'under_investigation',
    reason: INTERNAL_REASON,
    publicNote: 'We have asked the station for its Occurrence Book.',
  });
  assert.equal(investigating.statusCode, 303);
  sauti.platform.clock.set(new Date('2026-03-10T07:00:00Z'));
  const closed = await post('status', {
    status: 'closed',
    reason: 'No corroboration found',
    outcome: 'not_substantiated',
    publicNote: 'Nobody at the desk that day matches your description.',
  });
  assert.equal(closed.statusCode, 303);
});
after(async () => {
  resetClock(sauti.platform);
  await sauti.close();
});

test('the reporter sees each step with its date and what they were told, never the staff side', async () => {
  const page = (await (await follow(reporter())).get('/follow')).body;
  const timeline = /<ol class="timeline">([\s\S]*?)<\/ol>/.exec(page)![1]!;
  const steps = [...timeline.matchAll(/<strong>([^<]*)<\/strong>/g)].map((m) => m[1]);
  assert.deepEqual(steps, ['Received', 'An investigator is working on it', 'Under investigation', 'Closed']);
  assert.match(timeline, /3 Mar 2026/, 'dates of the platform clock, in Nairobi time');
  assert.match(timeline, /We have asked the station for its Occurrence Book\./);
  assert.match(timeline, /Closed<\/strong> — Not substantiated/);
  for (const secret of [INTERNAL_REASON, INTERNAL_NOTE, 'No corroboration found', 'Ruth Njeri'])
    assert.ok(!page.includes(secret), `the page never shows "${secret}"`);
  const api = await sauti.app.inject({ method: 'POST', url: '/api/reports/follow', payload: { receipt } });
  assert.equal(api.statusCode, 200);
  const view = api.json<{ timeline: Array<{ kind: string; note?: string | null }>; replyUntil: string }>();
  assert.deepEqual(
    view.timeline.map((s) => s.kind),
    ['received', 'assigned', 'status', 'status'],
  );
  assert.equal(view.timeline[3]!.note, 'Nobody at the desk that day matches your description.');
  assert.equal(view.replyUntil, '2026-04-09T07:00:00.000Z', 'thirty days after closing');
  for (const secret of [INTERNAL_REASON, INTERNAL_NOTE, 'Ruth Njeri'])
    assert.ok(!api.body.includes(secret), `the API never shows "${secret}"`);
});

test('a closed case tells the reporter the outcome, how long they may reply, and the way to IPOA (1559)', async () => {
  const page = (await (await follow(reporter())).get('/follow')).body;
  assert.match(page, /This case is closed/);
  assert.match(page, /The outcome: Not substantiated\./);
  assert.match(page, /until 9 Apr 2026/);
  assert.match(page, /call 1559 free of charge/);
  assert.match(page, new RegExp(`Give them your case reference, ${reference}`));
  const sw = await follow(reporter());
  await sw.get('/lang?to=sw&back=/follow');
  const kiswahili = (await sw.get('/follow')).body;
  assert.match(kiswahili, /Kilichotokea/);
  assert.match(kiswahili, /Mpelelezi anaishughulikia/);
  assert.match(kiswahili, /piga 1559 bila malipo/);
});

test('after the reply time a reply is refused and changes nothing; within it, a reply opens the case again', async () => {
  const messages = async () =>
    (await pool().query<{ n: number }>('select count(*)::int as n from case_messages')).rows[0]!.n;
  sauti.platform.clock.set(new Date('2026-04-09T08:00:00Z'));
  const late = await follow(reporter());
  const before = await messages();
  assert.ok(!(await late.get('/follow')).body.includes('name="message"'), 'no reply box once the time is over');
  const refused = await late.post('/follow/messages', { message: 'I still want answers' }, { csrfFrom: '/follow' });
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /closed more than 30 days ago/);
  assert.equal(await messages(), before);
  assert.equal(await statusOf(), 'closed');

  sauti.platform.clock.set(new Date('2026-04-09T06:00:00Z'));
  const browser = await follow(reporter());
  assert.match((await browser.get('/follow')).body, /sending this opens it again/);
  const sent = await browser.post(
    '/follow/messages',
    { message: 'The officer is still asking people for money.' },
    { csrfFrom: '/follow' },
  );
  assert.equal(sent.statusCode, 303);
  assert.equal(await statusOf(), 'under_assessment');
  const page = (await browser.get('/follow')).body;
  assert.match(page, /Opened again after your reply/);
  assert.ok(!page.includes('This case is closed'));
  const ruth = await as('iau.investigator');
  assert.ok((await ruth.get('/staff/cases?status=open')).body.includes(reference), 'back in the open queue');
});

test('a contactable reporter is told by SMS that there is news when the status changes, never what it is', async () => {
  const res = await reporter().post('/report', {
    ...validReport,
    anonymous: 'no',
    contactName: 'Wanjiku',
    contactPhone: '0712 345 678',
    description: 'The desk officer demanded KSh 2,000 for an abstract.',
  });
  const contactable = /(CASE-\d{4}-\d{6})/.exec(res.body)![1]!;
  const url = `/staff/cases/${contactable}`;
  const before = (await messagesByKey(pool(), 'reports.news:')).length;
  const ruth = await as('iau.investigator');
  const changed = await ruth.post(
    `${url}/status`,
    {
      status: 'under_investigation',
      reason: 'Abstract fees are being checked',
      publicNote: 'We are checking the desk.',
    },
    { csrfFrom: url },
  );
  assert.equal(changed.statusCode, 303);
  const news = (await messagesByKey(pool(), 'reports.news:')).slice(before);
  assert.equal(news.length, 1, 'one SMS');
  assert.match(news[0]!.body, new RegExp(`news on your report ${contactable}`));
  assert.doesNotMatch(
    news[0]!.body,
    /2,000|abstract|desk|investigation|checking/i,
    'nothing of what the report is about',
  );
});
