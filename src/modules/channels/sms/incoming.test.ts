import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findUserByUsername, toActor } from '../../../platform/auth/store.ts';
import { messagesByKey } from '../../../platform/sms/index.ts';
import { startSauti, type TestContext } from '../../../../test/helpers.ts';
import { issue } from '../../fines/test-paying.ts';
import { recordEntry } from '../../ob/index.ts';
import { lostPhone } from '../../ob/test-desk.ts';
import { submitReport } from '../../reports/index.ts';
import { callbackToken, INCOMING_SMS_PATH } from '../index.ts';

let sauti: TestContext;
before(async () => {
  sauti = await startSauti({ workers: false, env: { RATE_LIMIT_RECEIPTS: '1000' } });
});
after(() => sauti.close());

let ids = 0;
async function sms(from: string, text: string, id = `ATXid_in_${++ids}`) {
  const res = await sauti.app.inject({
    method: 'POST',
    url: `${INCOMING_SMS_PATH}?token=${callbackToken(sauti.platform)}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ from, to: '22384', text, date: '2026-12-02 10:15:03', id, linkId: 'x' }).toString(),
  });
  const [answer] = await messagesByKey(sauti.platform.db.pool, `channels.incoming:${id}`);
  return { status: res.statusCode, outcome: res.body, answer: answer?.body, language: answer?.language };
}

const caseMessages = async (reference: string) =>
  (
    await sauti.platform.db.pool.query(
      `select direction, body from case_messages m join cases c on c.id = m.case_id where c.reference = $1 order by m.id`,
      [reference],
    )
  ).rows;

describe('a reporter replies to their case by SMS', () => {
  test('from the number they gave, threaded by the reference; from any other number, nothing is added', async () => {
    const reporter = '+254733100200';
    const { caseReference } = await submitReport(
      sauti.platform,
      {
        category: 'bribery_extortion',
        description: 'Asked for money at the desk',
        county: '017',
        station: 'salama',
        anonymous: false,
        contactPhone: '0733100200',
        language: 'sw',
      },
      'web',
      [],
    );
    const replied = await sms(reporter, `${caseReference.toLowerCase()}: Nilifika saa nne asubuhi`, 'ATXid_reply_1');
    assert.deepEqual([replied.status, replied.outcome], [200, 'case_reply']);
    assert.match(replied.answer!, new RegExp(`jibu lako kuhusu ${caseReference} limepelekwa`));
    assert.equal(replied.language, 'sw');
    const again = await sms(reporter, `${caseReference}: Nilifika saa nne asubuhi`, 'ATXid_reply_1');
    assert.equal(again.outcome, 'repeated', 'a retried callback adds nothing');
    assert.deepEqual(await caseMessages(caseReference), [
      { direction: 'from_reporter', body: 'Nilifika saa nne asubuhi' },
    ]);

    const stranger = await sms('+254733999888', `${caseReference} I was there too`);
    assert.equal(stranger.outcome, 'unknown_case');
    assert.match(stranger.answer!, /no report from this number/);
    assert.equal((await caseMessages(caseReference)).length, 1);
  });
});

describe('checks by keyword', () => {
  test('FINE and FAINI check a notice by number and plate; a typo and a wrong plate are told apart', async () => {
    const notice = await issue(sauti);
    const en = await sms('+254733200300', `FINE ${notice.number} KDJ 482M`);
    assert.equal(en.outcome, 'fine');
    assert.match(
      en.answer!,
      new RegExp(
        `notice ${notice.number} is genuine\\. Pay Ksh 3,500 by .+ at M-Pesa paybill 174379, account ${notice.number}`,
      ),
    );
    const sw = await sms('+254733200300', `faini ${notice.number} kdj482m`);
    assert.match(sw.answer!, new RegExp(`notisi ${notice.number} ni halali\\. Lipa`));
    assert.equal(sw.language, 'sw');
    const typo = await sms(
      '+254733200300',
      `FINE ${notice.number.slice(0, 9)}${(Number(notice.number.at(-1)) + 1) % 10} KDJ 482M`,
    );
    assert.match(typo.answer!, /has a typo/);
    assert.match((await sms('+254733200300', `FINE ${notice.number} KAA 111A`)).answer!, /no notice has that number/);
    assert.match((await sms('+254733200300', 'FINE')).answer!, /send FINE <notice number> <number plate>/);
  });

  test('OB checks a slip by station, OB number and code', async () => {
    const desk = toActor((await findUserByUsername(sauti.platform.db.pool, 'officer.salama'))!);
    const occurredAt = new Date(sauti.platform.clock.now().getTime() - 3600_000).toISOString();
    const entry = await recordEntry(sauti.platform, desk, 'salama', { ...lostPhone, occurredAt });
    const genuine = await sms('+254733300400', `OB salama ${entry.obNumber} ${entry.slipCode.toLowerCase()}`);
    assert.equal(genuine.outcome, 'ob');
    assert.match(
      genuine.answer!,
      new RegExp(`genuine\\. OB ${entry.obNumber.replace(/\//g, '\\/')} is in the book of Salama Police Station`),
    );
    const wrong = await sms('+254733300400', `OB salama ${entry.obNumber} ABCD-EFGH`);
    assert.match(wrong.answer!, /no entry matches/);
  });

  test('HELP lists the keywords; anything else is a question for #EngageTheIG, answered once', async () => {
    assert.match((await sms('+254733400500', 'help')).answer!, /Check a fine: FINE/);
    assert.match((await sms('+254733400500', 'MSAADA')).answer!, /Faini: FAINI/);
    const question = await sms('+254733400500', 'Why do officers at Salama ask for money for a P3?', 'ATXid_q_1');
    assert.equal(question.status, 200);
    assert.ok(question.answer, 'the asker gets an answer by SMS');
    assert.equal(
      (await sms('+254733400500', 'Why do officers at Salama ask for money for a P3?', 'ATXid_q_1')).outcome,
      'repeated',
    );
  });

  test('without the secret the callback is refused; malformed, it is a 400 and nothing is kept', async () => {
    const res = await sauti.app.inject({
      method: 'POST',
      url: `${INCOMING_SMS_PATH}?token=wrong`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'from=%2B254733500600&text=HELP&id=ATXid_x',
    });
    assert.equal(res.statusCode, 403);
    const bad = await sms('not a number', 'HELP', 'ATXid_bad');
    assert.equal(bad.status, 400);
    assert.equal(bad.answer, undefined);
  });
});
