import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mailByKey, startMailCapture, type CapturedMail, type RunningMailCapture } from '../../platform/mail/index.ts';
import { messagesByKey } from '../../platform/sms/index.ts';
import { Browser, demoAccounts, resetClock, startSauti, validReport, type TestContext } from '../../../test/helpers.ts';

/**
 * A reporter who gave an e-mail address hears by e-mail that their case has news, when its status changes and
 * when an investigator writes to them, and never what the news or the report is about; an internal note sends
 * nothing, and an anonymous reporter is sent nothing.
 */

let sauti: TestContext;
let capture: RunningMailCapture;
const { as } = demoAccounts(() => sauti.app);
const pool = () => sauti.platform.db.pool;

const DESCRIPTION = 'The sergeant at the gate demanded KSh 3,500 before releasing my motorbike zebra42.';
const PUBLIC_NOTE = 'We have asked the station for its gate register quokka17.';
const REASON = 'Gate register requested from the OCS, internal walrus88';
const MESSAGE = 'Please tell us what time you reached the gate narwhal55.';
const NOTE = 'The sergeant has two earlier complaints ibis91.';

async function report(form: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await new Browser(sauti.app).post(
    '/report',
    { ...validReport, description: DESCRIPTION, ...form },
    {
      headers,
    },
  );
  assert.equal(res.statusCode, 201, res.body.slice(0, 300));
  const reference = /(CASE-\d{4}-\d{6})/.exec(res.body)![1]!;
  const { rows } = await pool().query<{ id: string }>('select id from cases where reference = $1', [reference]);
  return { reference, caseId: rows[0]!.id, url: `/staff/cases/${reference}` };
}

async function act(url: string, path: string, form: Record<string, string>) {
  const ruth = await as('iau.investigator');
  const res = await ruth.post(`${url}/${path}`, form, { csrfFrom: url });
  assert.equal(res.statusCode, 303, `${path}: ${res.body.slice(0, 300)}`);
}

/** Each piece of news at its own moment: news in the same millisecond is one message. */
const tick = () => sauti.platform.clock.advance(60_000);

const about = (reference: string) => (m: CapturedMail) => m.subject.includes(reference);

before(async () => {
  capture = await startMailCapture();
  sauti = await startSauti({ env: { SMTP_URL: capture.url, MAIL_FROM: 'Sauti <no-reply@sauti.example.org>' } });
  sauti.platform.clock.set(new Date('2026-05-04T07:00:00Z'));
});
after(async () => {
  resetClock(sauti.platform);
  await sauti.close();
  await capture.close();
});

test('a reporter who gave only an e-mail address is told of a status change and of a message, and nothing more', async () => {
  const { reference, caseId, url } = await report({ anonymous: 'no', contactEmail: 'Wanjiru.K@example.org' });
  await act(url, 'assign', { assignee: 'me' });
  await act(url, 'notes', { note: NOTE });
  assert.equal((await mailByKey(pool(), `reports.news:${caseId}:`)).length, 0, 'a note sends nothing');

  tick();
  await act(url, 'status', { status: 'under_investigation', reason: REASON, publicNote: PUBLIC_NOTE });
  const first = await capture.received(about(reference));
  tick();
  await act(url, 'messages', { message: MESSAGE });
  const second = await capture.received((m) => about(reference)(m) && m.n > first.n);

  const station = (await pool().query<{ name: string }>(`select name from stations where id = 'salama'`)).rows[0]!;
  const category = sauti.platform.i18n.translator('en')('category.bribery_extortion');
  for (const mail of [first, second]) {
    assert.deepEqual(mail.to, ['wanjiru.k@example.org']);
    assert.equal(mail.subject, `Sauti: there is news on your report ${reference}`);
    assert.match(mail.text, new RegExp(`There is news on your report ${reference}\\.`));
    assert.ok(mail.text.includes(`${sauti.config.publicUrl}/follow`), 'where to follow it');
    assert.equal(mail.language, 'en');
    const said = `${mail.subject}\n${mail.text}`;
    for (const secret of [
      category,
      'bribery',
      station.name,
      'Salama',
      'sergeant',
      'motorbike',
      '3,500',
      'zebra42',
      'quokka17',
      'walrus88',
      'narwhal55',
      'ibis91',
      'Ruth',
      'investigation',
    ])
      assert.ok(!said.toLowerCase().includes(secret.toLowerCase()), `the e-mail does not say "${secret}"`);
  }
  const kept = await mailByKey(pool(), `reports.news:${caseId}:`);
  assert.equal(kept.length, 2, 'one e-mail for each piece of news, none for the note');
  assert.deepEqual(
    kept.map((m) => m.purpose),
    ['reports.news', 'reports.news'],
  );
  assert.equal((await messagesByKey(pool(), `reports.news:${caseId}:`)).length, 0, 'no SMS: no number was given');
  assert.ok(!capture.messages().some((m) => m.text.includes('ibis91')), 'the note reached no one');
});

test('a reporter who gave a number and an address gets both, the e-mail in their language', async () => {
  const { reference, caseId, url } = await report(
    { anonymous: 'no', contactPhone: '0722 000 111', contactEmail: 'amani@example.org' },
    { 'accept-language': 'sw' },
  );
  tick();
  await act(url, 'status', { status: 'under_investigation', reason: REASON });
  const mail = await capture.received(about(reference));
  assert.equal(mail.subject, `Sauti: kuna habari kuhusu ripoti yako ${reference}`);
  assert.match(mail.text, /Kuna habari kuhusu ripoti yako/);
  assert.equal(mail.language, 'sw');
  assert.deepEqual(mail.to, ['amani@example.org']);
  assert.equal((await messagesByKey(pool(), `reports.news:${caseId}:`)).length, 1, 'and the SMS');
});

test('an anonymous reporter is sent nothing', async () => {
  const { caseId, url } = await report({ anonymous: 'yes' });
  tick();
  await act(url, 'status', { status: 'under_investigation', reason: REASON });
  assert.equal((await mailByKey(pool(), `reports.news:${caseId}:`)).length, 0);
  assert.equal((await messagesByKey(pool(), `reports.news:${caseId}:`)).length, 0);
});

test('outside demo mode there is no capture page', async () => {
  assert.equal((await sauti.app.inject('/demo/mail')).statusCode, 404);
});
