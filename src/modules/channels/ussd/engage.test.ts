import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import { findUserByUsername } from '../../../platform/auth/service.ts';
import { toActor } from '../../../platform/auth/store.ts';
import { numberHash } from '../../../platform/sms/index.ts';
import { resetClock, startSauti, type TestContext } from '../../../../test/helpers.ts';
import { InjectedPhone } from '../../../../test/ussd-phone.ts';
import {
  createOneOffSession,
  forgetEndedReplyNumbers,
  localDate,
  localTime,
  postAnswer,
  setSessionLive,
} from '../../engage/index.ts';

const SMS_TOKEN = 'sms-callback-token-0123456789-abcdefghij';
const zone = 'Africa/Nairobi';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let sauti: TestContext;
let ig: StaffActor;
before(async () => {
  sauti = await startSauti({ env: { ENGAGE_SMS_TOKEN: SMS_TOKEN }, workers: false });
  ig = toActor((await findUserByUsername(sauti.platform.db.pool, 'ig.office'))!);
});
after(() => sauti.close());
beforeEach(() => resetClock(sauti.platform));

const rows = async (sql: string, params: unknown[] = []) => (await sauti.platform.db.pool.query(sql, params)).rows;
let numbers = 0;
const newNumber = () => `+2547${String(20_000_000 + ++numbers).slice(-8)}`;

function assertFits(phone: InjectedPhone) {
  for (const screen of phone.screens) {
    assert.match(screen, /^(CON|END) /);
    assert.ok(screen.length - 4 <= 160, `a screen of ${screen.length - 4} characters:\n${screen}`);
  }
}

/** Each test lives in its own stretch of time, later than the one before: earlier tests' sessions are over. */
let stretch = 0;
function newStretch(): Date {
  const at = new Date(Date.now() + ++stretch * 30 * DAY);
  sauti.platform.clock.set(at);
  return at;
}
const setClock = (at: Date) => sauti.platform.clock.set(at);

/** A one-off session starting `hours` after `from`, of an hour. */
function session(from: Date, hours: number, moderation: 'pre' | 'post' = 'post'): Promise<string> {
  const at = new Date(from.getTime() + hours * HOUR);
  return createOneOffSession(sauti.platform, ig, {
    date: localDate(at, zone),
    time: localTime(at, zone),
    durationMinutes: 60,
    moderation,
  });
}

/** A phone that chose its language and stands at the main menu. */
async function phoneAtMenu(language: '1' | '2', number = newNumber()): Promise<InjectedPhone> {
  const phone = new InjectedPhone(sauti.app, number);
  await phone.dial();
  await phone.send(language);
  return phone;
}

async function smsQuestion(from: string, text: string): Promise<{ outcome: string; question: string | null }> {
  const res = await sauti.app.inject({
    method: 'POST',
    url: `/channels/sms/engage?token=${SMS_TOKEN}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ from, text, id: `ATXid_${Date.now()}_${++numbers}`, to: '22384' }).toString(),
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

async function questionOf(sessionId: string, channel: string) {
  const [q] = await rows(
    `select id, cluster_id, status, channel, language, participant_id, reply_to_sealed is not null as sealed
     from engage_questions where session_id = $1 and channel = $2 order by id desc limit 1`,
    [sessionId, channel],
  );
  return q;
}

const answerSms = async (questionId: string) =>
  (
    await rows(`select to_hash, body, language, status, purpose from sms_outbox where key = $1`, [
      `engage.answer:${questionId}`,
    ])
  )[0];

describe('#EngageTheIG on the USSD menu', () => {
  test('with no session scheduled, menu 5 and menu 6 say so', async () => {
    const phone = await phoneAtMenu('1');
    assert.equal(await phone.send('5'), 'END No #EngageTheIG session is scheduled yet. Please dial again later.');
    const other = await phoneAtMenu('1');
    assert.match(await other.send('6'), /^CON No session is scheduled yet\.\n0 Back$/);
    assert.match(await other.send('0'), /^CON Sauti - Police Service/);
    assertFits(phone);
    assertFits(other);
  });

  test('in Kiswahili: a question typed in the live session reaches its queue; answered live, the answer goes by SMS to that number and the sealed number is erased', async () => {
    const start = newStretch();
    const id = await session(start, 2);
    const upcoming = await phoneAtMenu('2');
    assert.match(
      await upcoming.send('5'),
      /^CON Muulize Inspekta Jenerali katika #EngageTheIG, .+\. Andika swali lako \(herufi zisizozidi 150\)\.\n0 Rudi$/,
    );

    setClock(new Date(start.getTime() + 2 * HOUR + 5 * 60_000));
    const phone = await phoneAtMenu('2');
    assert.match(await phone.send('5'), /^CON #EngageTheIG inaendelea sasa\. Andika swali lako/);
    const last = await phone.send('Kwa nini polisi wa trafiki wanaomba hongo barabarani Mombasa?');
    assert.match(last, /^END Swali lako limepokelewa kwa #EngageTheIG ya .+\. IG akilijibu, utapata jibu kwa SMS\.$/);
    assertFits(upcoming);
    assertFits(phone);

    const q = await questionOf(id, 'ussd');
    assert.equal(q.status, 'approved');
    assert.equal(q.language, 'sw');
    assert.equal(q.sealed, true);
    assert.match(q.participant_id, /^sms-[0-9a-f]{64}$/, 'the participant an SMS from the number is');
    const digits = phone.number.slice(-9);
    const stored = await rows(`select count(*)::int as n from engage_questions q where q::text like $1`, [
      `%${digits}%`,
    ]);
    assert.equal(stored[0].n, 0, 'the number is kept only sealed');

    await postAnswer(sauti.platform, ig, id, {
      cluster: q.cluster_id,
      answer: 'Tumewahamisha maafisa wote wa kituo hicho na uchunguzi unaendelea.',
    });
    const sms = await answerSms(q.id);
    assert.equal(sms.to_hash, numberHash(sauti.config.secret, phone.number));
    assert.equal(sms.language, 'sw');
    assert.equal(sms.status, 'queued');
    assert.equal(sms.purpose, 'engage.answer');
    assert.equal(
      sms.body,
      'Sauti #EngageTheIG: IG amejibu swali lako: Tumewahamisha maafisa wote wa kituo hicho na uchunguzi unaendelea.',
    );
    assert.equal((await questionOf(id, 'ussd')).sealed, false, 'the sealed number is erased once the SMS is queued');
  });

  test('a participant banned on SMS is refused on USSD, and the other way round', async () => {
    const start = newStretch();
    await session(start, 2);
    setClock(new Date(start.getTime() + 2 * HOUR + 5 * 60_000));
    const number = newNumber();
    const first = await smsQuestion(number, 'Why are OB numbers not given at Salama police station?');
    assert.equal(first.outcome, 'stored');
    await rows(
      `update engage_participants set banned_at = now(), banned_reason = 'abuse'
       where id = (select participant_id from engage_questions where id = $1)`,
      [first.question],
    );
    const phone = await phoneAtMenu('1', number);
    await phone.send('5');
    assert.equal(
      await phone.send('When will the IG visit Makueni county?'),
      'END Questions from this number are no longer accepted in #EngageTheIG.',
    );
    assert.equal(
      (
        await rows(
          `select count(*)::int as n from engage_questions where channel = 'ussd' and participant_id = (select participant_id from engage_questions where id = $1)`,
          [first.question],
        )
      )[0].n,
      0,
    );
    assertFits(phone);
  });

  test('an asker not answered before the session is over has the sealed number erased', async () => {
    const start = newStretch();
    const ended = await session(start, 2, 'pre');
    const timed = await session(start, 4, 'pre');
    setClock(new Date(start.getTime() + 2 * HOUR + 5 * 60_000));
    const phone = await phoneAtMenu('1');
    await phone.send('5');
    assert.match(await phone.send('Will police stations open on Sundays?'), /^END Your question was received/);
    const q = await questionOf(ended, 'ussd');
    assert.deepEqual([q.status, q.sealed], ['pending', true]);
    await setSessionLive(sauti.platform, ig, ended, false);
    assert.equal((await questionOf(ended, 'ussd')).sealed, false, 'ended by the IG office');

    setClock(new Date(start.getTime() + 4 * HOUR + 5 * 60_000));
    const later = await phoneAtMenu('1');
    await later.send('5');
    await later.send('Will police stations open on Sundays too?');
    assert.equal((await questionOf(timed, 'ussd')).sealed, true);
    setClock(new Date(start.getTime() + 5 * HOUR + 5 * 60_000));
    await forgetEndedReplyNumbers(sauti.platform);
    assert.equal((await questionOf(timed, 'ussd')).sealed, false, 'ended by its time');
  });

  test("an SMS question's answer is queued by SMS too, cut to two messages with the session's address", async () => {
    const start = newStretch();
    const id = await session(start, 2);
    setClock(new Date(start.getTime() + 2 * HOUR + 5 * 60_000));
    const number = newNumber();
    const asked = await smsQuestion(number, 'What is the police doing about bribes at roadblocks on the Mombasa road?');
    assert.equal(asked.outcome, 'stored');
    const q = await questionOf(id, 'sms');
    assert.equal(q.sealed, true);
    const answer = `${'We have moved every officer of that roadblock and an inquiry is under way. '.repeat(5)}“Report any demand” — IG`;
    await postAnswer(sauti.platform, ig, id, { cluster: q.cluster_id, answer });
    const sms = await answerSms(q.id);
    assert.equal(sms.to_hash, numberHash(sauti.config.secret, number));
    assert.equal(sms.language, 'en');
    assert.match(sms.body, /^Sauti #EngageTheIG: the IG answered your question: We have moved every officer/);
    assert.match(sms.body, new RegExp(`\\.\\.\\. Read it all: http://localhost:\\d+/engage/sessions/${id}$`));
    assert.ok(sms.body.length <= 306, `${sms.body.length} characters`);
    assert.equal((await questionOf(id, 'sms')).sealed, false);
  });

  test("menu 6: the next session and the last one's promises, kept, due and overdue, page by page", async () => {
    const start = newStretch();
    const held = await session(start, 2);
    setClock(new Date(start.getTime() + 2 * HOUR + 5 * 60_000));
    const asked = await smsQuestion(newNumber(), 'When will the police stations in Kitui get vehicles?');
    assert.equal(asked.outcome, 'stored');
    const q = await questionOf(held, 'sms');
    const due = (days: number) => localDate(new Date(start.getTime() + days * DAY), zone);
    const promises = [
      ['Every station in Kitui county gets a patrol vehicle before the end of the financial year.', 5],
      ['The Internal Affairs Unit reviews every bribery complaint from the Mombasa road within thirty days.', 10],
      ['OB numbers are given to every complainant at the counter, and the station commander checks it weekly.', 60],
      ['A toll-free line for reporting officers who demand money is published in every county.', 90],
      ['Cells at Salama police station are repaired and inspected by the county commander.', 120],
    ] as const;
    for (const [commitment, days] of promises) {
      await postAnswer(sauti.platform, ig, held, {
        cluster: q.cluster_id,
        answer: 'We will do it.',
        commitment,
        unit: 'IAU',
        dueDate: due(days),
      });
    }
    await rows(
      `update engage_commitments set done_at = $2, done_note = 'Done' where session_id = $1 and body like 'The Internal%'`,
      [held, new Date(start.getTime() + 3 * DAY)],
    );
    // a week later: the first promise is overdue; the next session is set
    setClock(new Date(start.getTime() + 7 * DAY));
    await session(new Date(start.getTime() + 7 * DAY), 24);

    const phone = await phoneAtMenu('1');
    const first = await phone.send('6');
    assert.match(first, /^CON Next #EngageTheIG: .+\.\n/);
    const seen = [first];
    while (seen.at(-1)!.includes('\n9 More')) seen.push(await phone.send('9'));
    assert.ok(seen.length >= 2, 'more than one screen');
    const all = seen.join('\n');
    assert.match(all, /Promises made on .+:\n1\. Every station in Kitui .* \(overdue since .+\)/);
    assert.match(all, /Internal Affairs Unit .*\(kept\)/s);
    assert.match(all, /OB numbers .*\(due .+\)/s);
    assert.match(seen.at(-1)!, /\n0 Back$/);
    assert.doesNotMatch(seen.at(-1)!, /9 More/);
    assert.equal(await phone.send('0'), seen.at(-2), '0 goes back a screen');
    assertFits(phone);

    const sw = await phoneAtMenu('2');
    assert.match(await sw.send('6'), /^CON #EngageTheIG ijayo: .+\.\n/);
    assert.match(await sw.send('9'), /^CON Ahadi zilizotolewa .+:\n1\. .*\(imechelewa tangu /);
    assertFits(sw);
  });
});
