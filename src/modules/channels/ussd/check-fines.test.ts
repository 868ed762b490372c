import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Locale } from '../../../platform/i18n/index.ts';
import { findUserByUsername, toActor } from '../../../platform/auth/store.ts';
import { demoAccounts, freePort, startSauti, until, type TestContext } from '../../../../test/helpers.ts';
import { InjectedPhone } from '../../../../test/ussd-phone.ts';
import { DARAJA_SIM_DEFAULTS, startDarajaSim, type RunningDarajaSim } from '../../../daraja-sim/run.ts';
import { checkCode } from '../../documents/index.ts';
import { issue } from '../../fines/test-paying.ts';
import { recordEntry, type RecordedEntry } from '../../ob/index.ts';
import { lostPhone, postJson } from '../../ob/test-desk.ts';

// Menu 3 (an OB slip or a police document checked by its code) and menu 4 (a traffic notice checked by its number
// and number plate, and paid by an M-Pesa push to the dialling phone), on a feature phone. Sauti without M-Pesa
// for the checks; a second Sauti with the Daraja simulator (which calls it back over HTTP) for paying.

let sauti: TestContext;
let paying: TestContext;
let sim: RunningDarajaSim;

before(async () => {
  sauti = await startSauti({ workers: false });
  sim = await startDarajaSim({ port: 0, callbackDelayMs: 100 });
  const port = await freePort();
  paying = await startSauti({
    workers: false,
    env: {
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DARAJA_BASE_URL: sim.url,
      DARAJA_CONSUMER_KEY: DARAJA_SIM_DEFAULTS.consumerKey,
      DARAJA_CONSUMER_SECRET: DARAJA_SIM_DEFAULTS.consumerSecret,
      DARAJA_SHORTCODE: DARAJA_SIM_DEFAULTS.shortcode,
      DARAJA_PASSKEY: DARAJA_SIM_DEFAULTS.passkey,
    },
  });
  await paying.app.listen({ host: '127.0.0.1', port });
});
after(async () => {
  await sauti?.close();
  await paying?.close();
  await sim?.close();
});

const rows = async (on: TestContext, sql: string, params: unknown[] = []) =>
  (await on.platform.db.pool.query(sql, params)).rows;
let numbers = 0;
// the simulator's outcomes go by a number's last four digits: these end in 55, which pays
const newNumber = () => `+2547225${String(++numbers).padStart(3, '0')}55`;
const languages: Locale[] = ['en', 'sw'];

function assertFits(phone: InjectedPhone) {
  for (const screen of phone.screens) {
    assert.match(screen, /^(CON|END) /);
    assert.ok(screen.length - 4 <= 160, `a screen of ${screen.length - 4} characters:\n${screen}`);
    assert.ok(!screen.endsWith('…'), `a screen cut to fit:\n${screen}`);
  }
}

/** A new number dials, chooses its language and opens a menu. */
async function dialMenu(on: TestContext, language: Locale, menu: string): Promise<InjectedPhone> {
  const phone = new InjectedPhone(on.app, newNumber());
  assert.match(await phone.dial(), /^CON Sauti - Polisi\n1 English\n2 Kiswahili$/);
  await phone.send(language === 'en' ? '1' : '2');
  await phone.send(menu);
  return phone;
}

/** The number a list shows before `name`. */
function option(screen: string, name: string): string {
  const found = new RegExp(`(\\d) ${name}`).exec(screen)?.[1];
  assert.ok(found, `${name} in:\n${screen}`);
  return found;
}

async function salamaEntry(): Promise<RecordedEntry> {
  const desk = toActor((await findUserByUsername(sauti.platform.db.pool, 'officer.salama'))!);
  const occurredAt = new Date(Date.now() - 3600_000).toISOString();
  return recordEntry(sauti.platform, desk, 'salama', { ...lostPhone, occurredAt });
}

const count = async (table: string) => (await rows(sauti, `select count(*)::int as n from ${table}`))[0].n as number;

describe('menu 3: an OB slip checked by its number, station and code', () => {
  const found = {
    en: /^END Genuine: OB (\S+) is in the book of Salama Police Station, recorded .+ EAT\.\nNot amended since\.$/,
    sw: /^END Halali: OB (\S+) imo katika kitabu cha Salama Police Station, iliandikwa .+ EAT\.\nHalijasahihishwa tangu hapo\.$/,
  };
  for (const language of languages)
    test(`in ${language}: a genuine slip shows its station, OB number and when it was recorded`, async () => {
      const entry = await salamaEntry();
      const phone = await dialMenu(sauti, language, '3');
      assert.match(phone.screens.at(-1)!, language === 'en' ? /1 OB number on a slip/ : /1 Nambari ya OB/);
      assert.match(await phone.send('1'), language === 'en' ? /Type the OB number/ : /Andika nambari ya OB/);
      // as a keypad types it: the parts apart
      const typed = language === 'en' ? `OB ${entry.obNumber.split('/').join(' ')}` : entry.obNumber;
      assert.match(await phone.send(typed), language === 'en' ? /letters of the station/ : /herufi chache/);
      const stations = await phone.send('sal');
      const last = await phone.sendAll(option(stations, 'Salama Police Station'), entry.slipCode.toLowerCase());
      assert.equal(found[language].exec(last)?.[1], entry.obNumber, last);
      assertFits(phone);
    });

  test('a wrong code is refused and nothing changes; a malformed one is said so; three wrong codes end it', async () => {
    const entry = await salamaEntry();
    const entries = await count('ob_entries');
    const phone = await dialMenu(sauti, 'en', '3');
    assert.match(await phone.sendAll('1', 'twelve'), /^CON That is not an OB number\.\nType the OB number/);
    const stations = await phone.sendAll(entry.obNumber, 'sal');
    assert.match(
      await phone.sendAll(option(stations, 'Salama Police Station'), 'abc'),
      /^CON A code has 8 letters and digits\.\nType the slip's 8-character code/,
    );
    assert.match(await phone.send('AAAA-BBBB'), /^CON No entry matches this station, OB number and code\.\nType/);
    assert.match(await phone.send('0'), /letters of the station/, '0 goes back');
    await phone.sendAll('sal', option(stations, 'Salama Police Station'));
    assert.match(await phone.send('BBBB-CCCC'), /^CON No entry matches/);
    assert.match(await phone.send('CCCC-DDDD'), /^END Too many wrong codes\./);
    assert.equal(await count('ob_entries'), entries);
    assertFits(phone);

    const sw = await dialMenu(sauti, 'sw', '3');
    const swStations = await sw.sendAll('1', entry.obNumber, 'sal');
    assert.match(
      await sw.sendAll(option(swStations, 'Salama Police Station'), 'AAAA-BBBB'),
      /^CON Hakuna ingizo linalolingana na kituo, nambari ya OB na msimbo huu\.\nAndika msimbo/,
    );
    assertFits(sw);
  });
});

describe('menu 3: a police document checked by its number and check code', () => {
  let document: { number: string };
  before(async () => {
    const entry = await salamaEntry();
    const desk = await demoAccounts(() => sauti.app).as('officer.salama');
    const res = await postJson(sauti, desk, '/api/documents/stations/salama/documents', {
      kind: 'abstract_general',
      ob: entry.obNumber,
    });
    assert.equal(res.statusCode, 201, res.body);
    document = res.json();
  });

  const found = {
    en: /^END Genuine: Police abstract (\S+), Salama Police Station, issued .+\.\nValid: not revoked or replaced\.$/,
    sw: /^END Halali: Abstract ya polisi (\S+), Salama Police Station, ilitolewa .+\.\nHalali: haijafutwa wala kubadilishwa\.$/,
  };
  for (const language of languages)
    test(`in ${language}: a genuine document shows its kind, station, date and that it is still valid`, async () => {
      const phone = await dialMenu(sauti, language, '3');
      assert.match(await phone.send('2'), language === 'en' ? /Type the document number/ : /nambari ya hati/);
      const typed = language === 'en' ? document.number.toLowerCase() : document.number.split('/').join(' ');
      assert.match(await phone.send(typed), language === 'en' ? /Type the check code/ : /msimbo wa uhakiki/);
      const last = await phone.send(checkCode(sauti.config.secret, document.number));
      assert.equal(found[language].exec(last)?.[1], document.number, last);
      assertFits(phone);
    });

  test('a wrong check code and an unknown number answer alike', async () => {
    const phone = await dialMenu(sauti, 'en', '3');
    const wrong = await phone.sendAll('2', document.number, checkCode(sauti.config.secret, 'PA/SALAMA/1999/1'));
    assert.match(wrong, /^CON No document matches this number and code\.\nType the check code/);
    const unknown = await phone.sendAll('0', 'PA/SALAMA/1999/1', checkCode(sauti.config.secret, 'PA/SALAMA/1999/1'));
    assert.match(unknown, /^CON No document matches this number and code\./);
    assert.match(await phone.send('0000-0000'), /^END Too many wrong codes/);
    assertFits(phone);
  });
});

describe('menu 4: a traffic notice checked by its number and number plate', () => {
  /** The number with one digit changed: its check digit no longer holds. */
  const typo = (number: string) => `${number.slice(0, 4)}${(Number(number[4]) + 1) % 10}${number.slice(5)}`;

  for (const language of languages)
    test(`in ${language}: a typo and a wrong plate are refused clearly; without M-Pesa the paybill is named`, async () => {
      const notice = await issue(sauti);
      const phone = await dialMenu(sauti, language, '4');
      assert.match(phone.screens.at(-1)!, language === 'en' ? /10-digit notice number/ : /tarakimu 10/);
      assert.match(
        await phone.send(typo(notice.number)),
        language === 'en'
          ? /^CON There is a typo in that number: its last digit/
          : /^CON Nambari hiyo ina kosa: tarakimu ya mwisho/,
      );
      assert.match(
        await phone.send('123'),
        language === 'en' ? /^CON A notice number has 10 digits/ : /ina tarakimu 10/,
      );
      assert.match(await phone.send(notice.number), language === 'en' ? /number plate/ : /nambari ya gari/);
      assert.match(
        await phone.send('KDJ 482N'),
        language === 'en' ? /^CON No notice matches this number and plate\. Do not pay it\./ : /^CON Hakuna ilani/,
      );
      assert.match(
        await phone.send('K'),
        language === 'en' ? /^CON That is not a number plate/ : /^CON Hiyo si nambari/,
      );
      const shown = await phone.send('kdj482m');
      const printed = notice.number.replace(/^(\d{3})(\d{3})(\d{3})(\d)$/, '$1 $2 $3 $4');
      assert.ok(shown.includes(printed), shown);
      assert.match(shown, language === 'en' ? /Not paid: Ksh.?3,500 due by / : /Haijalipwa: Ksh.?3,500, mwisho /);
      assert.match(shown, new RegExp(`^END [^]*paybill 174379, (account|akaunti) ${notice.number}\\.$`));
      assert.doesNotMatch(shown, /1 (Pay|Lipa)/);
      assertFits(phone);
    });

  test('three notices that do not match end the session', async () => {
    const notice = await issue(sauti);
    const phone = await dialMenu(sauti, 'en', '4');
    await phone.send(notice.number);
    assert.match(await phone.sendAll('KDA 1A', 'KDA 2A'), /^CON No notice matches/);
    assert.match(await phone.send('KDA 3A'), /^END Too many tries\./);
    assertFits(phone);
  });
});

describe('menu 4: paying a notice by an M-Pesa push to the dialling phone', () => {
  const status = async (number: string) =>
    (await rows(paying, 'select status from fine_notices where number = $1', [number]))[0].status as string;

  for (const language of languages)
    test(`in ${language}: an unpaid notice is paid from the phone, and then offers no payment`, async () => {
      const notice = await issue(paying);
      const phone = await dialMenu(paying, language, '4');
      const shown = await phone.sendAll(notice.number, 'KDJ 482M');
      assert.match(
        shown,
        language === 'en'
          ? /\n1 Pay by M-Pesa on this phone\n0 Main menu$/
          : /\n1 Lipa kwa M-Pesa kwenye simu hii\n0 Menyu kuu$/,
      );
      const pushed = await phone.send('1');
      assert.match(
        pushed,
        language === 'en'
          ? /^END Check your phone for the M-Pesa PIN request: Ksh.?3,500 to paybill 174379\./
          : /^END Angalia simu yako: ombi la PIN ya M-Pesa, Ksh.?3,500 kwa paybill 174379\./,
      );
      const [push] = await rows(
        paying,
        `select r.phone from fine_stk_requests r join fine_notices n on n.id = r.notice_id where n.number = $1`,
        [notice.number],
      );
      assert.equal(push.phone, phone.number.slice(1), 'pushed to the dialling phone');
      await until('the notice is paid', async () => (await status(notice.number)) === 'paid');

      const again = await dialMenu(paying, language, '4');
      const paid = await again.sendAll(notice.number, 'KDJ 482M');
      assert.match(paid, language === 'en' ? /^END .*\nPaid\. Nothing more is owed\.$/ : /^END .*\nImelipwa\./);
      assertFits(phone);
      assertFits(again);
    });
});
