import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resetClock, startSauti, type TestContext } from '../../../../test/helpers.ts';
import { InjectedPhone } from '../../../../test/ussd-phone.ts';
import { callbackToken, USSD_PATH } from '../index.ts';
import { answerUssd } from './service.ts';

let sauti: TestContext;
before(async () => {
  sauti = await startSauti({ demoStaff: false, workers: false });
});
after(() => sauti.close());
beforeEach(() => resetClock(sauti.platform));

const rows = async (sql: string, params: unknown[] = []) => (await sauti.platform.db.pool.query(sql, params)).rows;
let numbers = 0;
const newNumber = () => `+2547${String(10_000_000 + ++numbers).slice(-8)}`;

function assertFits(phone: InjectedPhone) {
  for (const screen of phone.screens) {
    assert.match(screen, /^(CON|END) /);
    assert.ok(screen.length - 4 <= 160, `a screen of ${screen.length - 4} characters:\n${screen}`);
  }
}

describe('a report from a feature phone', () => {
  test('in Kiswahili: a bribery report at Salama gets its receipt code on the last screen and by SMS', async () => {
    const phone = new InjectedPhone(sauti.app, newNumber());
    assert.match(await phone.dial(), /^CON Sauti - Polisi\n1 English\n2 Kiswahili$/);
    assert.match(await phone.send('2'), /^CON Sauti - Huduma ya Polisi\n1 Ripoti utovu/);
    assert.match(await phone.send('1'), /Hongo au unyang'anyi/);
    assert.match(await phone.send('1'), /herufi za kwanza za kaunti/);
    const counties = await phone.send('mak');
    assert.match(counties, /1 Makueni/);
    assert.match(await phone.send('1'), /jina la kituo/);
    assert.match(await phone.send('sal'), /1 Salama Police Station/);
    assert.match(await phone.send('1'), /Eleza kwa ufupi/);
    assert.match(await phone.send('Afisa alidai Ksh 5000 kwa P3'), /Mpelelezi akuwasiliane/);
    assert.match(await phone.send('2'), /SMS pia/);
    assert.match(await phone.send('1'), /^CON Hongo au unyang'anyi katika Salama Police Station\.\n1 Tuma ripoti/);
    const last = await phone.send('1');
    const receipt = /Nambari ya risiti: ([\d ]{19})\./.exec(last)?.[1];
    assert.ok(receipt, last);
    assert.match(last, /^END /);
    assertFits(phone);

    const [report] = await rows(
      `select category, station_id, county_code, channel, anonymous, contact_phone, language from reports order by created_at desc limit 1`,
    );
    assert.deepEqual(report, {
      category: 'bribery_extortion',
      station_id: 'salama',
      county_code: '017',
      channel: 'ussd',
      anonymous: false,
      contact_phone: phone.number,
      language: 'sw',
    });
    const [sms] = await rows(
      `select purpose, body, language, status, to_sealed is not null as kept from sms_outbox where purpose = 'reports.receipt'`,
    );
    assert.equal(sms.language, 'sw');
    assert.ok(sms.body.includes(receipt), sms.body);
    assert.equal(sms.status, 'queued');
    assert.equal(sms.kept, true);
    const numberText = phone.number.replace('+', '');
    const stored = await rows(`select count(*)::int as n from sms_outbox where body like $1 or to_hash like $1`, [
      `%${numberText}%`,
    ]);
    assert.equal(stored[0].n, 0, 'the number is kept only sealed');
  });

  test('an anonymous report keeps no number, not even hashed, and sends no SMS', async () => {
    const outboxBefore = await rows(`select count(*)::int as n from sms_outbox`);
    const phone = new InjectedPhone(sauti.app, newNumber());
    await phone.dial();
    await phone.sendAll('1', '1', '2', 'nair', '1', '0', 'Officers beat a hawker at the market', '1');
    const last = await phone.send('1');
    assert.match(last, /^END Report received\. Your receipt code: [\d ]{19}\./);
    const [report] = await rows(
      `select anonymous, contact_phone, contact_name from reports order by created_at desc limit 1`,
    );
    assert.deepEqual(report, { anonymous: true, contact_phone: null, contact_name: null });
    assert.deepEqual(await rows(`select count(*)::int as n from sms_outbox`), outboxBefore);
    const sessions = await rows(
      `select state from ussd_sessions where number_hash in (select number_hash from ussd_numbers)`,
    );
    assert.ok(sessions.every((s) => s.state === null || !JSON.stringify(s.state).includes('hawker')));
    assertFits(phone);
  });

  test('a session cut off mid-report is resumed from the same number, and not after ten minutes', async () => {
    const phone = new InjectedPhone(sauti.app, newNumber());
    await phone.dial();
    await phone.sendAll('1', '1', '1', 'mak', '1', 'sal', '1');
    const cutAt = await phone.send('Demanded money for a P3 form');
    assert.match(cutAt, /May the investigator contact you/);
    // the network ends the session; the caller dials again
    assert.match(await phone.dial(), /^CON You have a report not yet sent\.\n1 Continue your report\n2 Main menu$/);
    assert.equal(await phone.send('1'), cutAt);
    assert.match(await phone.send('1'), /Bribery or extortion at Salama Police Station/);
    assert.match(await phone.send('1'), /^END Report received/);

    const later = new InjectedPhone(sauti.app, newNumber());
    await later.dial();
    await later.sendAll('1', '1', '1', 'mak', '1');
    sauti.platform.clock.set(new Date(sauti.platform.clock.now().getTime() + 11 * 60_000));
    assert.match(await later.dial(), /^CON Sauti - Police Service/);
  });

  test('a repeated callback gets the same screen; a wrong choice shows the list again', async () => {
    const phone = new InjectedPhone(sauti.app, newNumber());
    await phone.dial();
    const menu = await phone.send('1');
    assert.equal(await phone.step(), menu, 'the same text again: the same screen');
    assert.match(
      await phone.send('8'),
      /^CON (Please choose from the list\.\n)?Sauti - Police Service\n1 Report misconduct/,
    );
    assert.match(await phone.send('7'), /^CON Sauti - Huduma ya Polisi/, 'menu 7 switches the language');
    assert.match(await phone.dial(), /^CON Sauti - Huduma ya Polisi/, 'and it is remembered for the number');
  });
});

describe('many instances', () => {
  test('a session whose steps reach two instances in turn: each answers from what the other kept', async () => {
    // a second instance of Sauti on the same database: another platform object, so none of the first one's memory
    const first = sauti.platform;
    const second = { ...sauti.platform };
    const phoneNumber = newNumber();
    const at = (platform: typeof first, text: string) =>
      answerUssd(platform, {
        sessionId: 'ATUid_two_instances',
        serviceCode: '*384*123#',
        phoneNumber,
        networkCode: '63902',
        text,
      });
    assert.match(await at(first, ''), /1 English/);
    assert.match(await at(first, '1'), /^CON Sauti - Police Service/);
    assert.match(await at(second, '1*1'), /^CON What happened\?/);
    // the first instance answered the step before last: it must read the step the second one kept
    assert.match(await at(first, '1*1*1'), /^CON Type the first letters of the county/);
    assert.match(await at(first, '1*1*1*mak'), /^CON Which county\?\n1 Makueni/);
    assert.match(await at(second, '1*1*1*mak*1'), /^CON Type a few letters of the police station/);
    assert.equal(
      await at(first, '1*1*1*mak'),
      await at(second, '1*1*1*mak'),
      'a repeated step: the same screen anywhere',
    );
  });
});

describe('limits', () => {
  test('a number may start ten sessions in ten minutes; the next is told to wait, and may dial again later', async () => {
    const phone = new InjectedPhone(sauti.app, newNumber());
    for (let i = 0; i < 10; i++) assert.match(await phone.dial(), /^CON /);
    assert.equal(await phone.dial(), 'END Too many sessions from this number. Please try again in a few minutes.');
    assert.match(await new InjectedPhone(sauti.app, newNumber()).dial(), /^CON /, 'other numbers are not held up');
    sauti.platform.clock.set(new Date(sauti.platform.clock.now().getTime() + 11 * 60_000));
    assert.match(await phone.dial(), /^CON /);
  });
});

describe('the callback', () => {
  const post = (token: string, form: Record<string, string>) =>
    sauti.app.inject({
      method: 'POST',
      url: `${USSD_PATH}?token=${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(form).toString(),
    });
  const good = {
    sessionId: 'ATUid_malformed',
    serviceCode: '*384*123#',
    phoneNumber: '+254711000001',
    networkCode: '63902',
    text: '',
  };

  test('without the secret it is refused, and with a malformed field it is a 400 naming it; neither keeps anything', async () => {
    const before = await rows(`select count(*)::int as n from ussd_sessions`);
    assert.equal((await post('wrong', good)).statusCode, 403);
    for (const [field, value, named] of [
      ['phoneNumber', 'not a number', /phoneNumber/],
      ['sessionId', '', /sessionId/],
      ['serviceCode', 'drop table', /serviceCode/],
    ] as const) {
      const res = await post(callbackToken(sauti.platform), { ...good, [field]: value });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, named);
    }
    assert.deepEqual(await rows(`select count(*)::int as n from ussd_sessions`), before);
  });
});
