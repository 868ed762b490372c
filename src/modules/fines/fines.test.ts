import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { demoAccounts, startSauti, type TestContext } from '../../../test/helpers.ts';
import { postJson } from '../ob/test-desk.ts';
import { printedNoticeNumber, readNoticeNumber } from './notice-number.ts';

let sauti: TestContext;
let accounts: ReturnType<typeof demoAccounts>;

before(async () => {
  sauti = await startSauti({ workers: false, env: { RATE_LIMIT_RECEIPTS: '1000' } });
  // a Monday afternoon in Nairobi
  sauti.platform.clock.set(new Date('2026-11-30T14:20:00+03:00'));
  accounts = demoAccounts(() => sauti.app);
});
after(() => sauti.close());

/** Two offences on the Mombasa road, as a traffic officer's phone sends them. */
const mombasaRoad = {
  offences: [{ code: 'SPD-15' }, { code: 'BLT' }],
  registration: 'kdj 482 m',
  driverName: 'Otieno Ochieng',
  licenceNumber: 'dl-0012345',
  driverPhone: '0712 345 678',
  place: 'Mombasa road near Changamwe roundabout',
  county: '001',
  offenceAt: '2026-11-30T14:05',
};

const issue = async (body: unknown, as = 'officer.mombasa') =>
  postJson(sauti, await accounts.as(as), '/api/fines/notices', body);

const count = async (table: string) =>
  Number((await sauti.platform.db.pool.query(`select count(*) as n from ${table}`)).rows[0].n);

describe('a traffic officer issues a notice', () => {
  test('the amounts come from the schedule in force on the offence date, never from what is sent', async () => {
    const res = await issue({ ...mombasaRoad, amountCents: 100, amount: 1 });
    assert.equal(res.statusCode, 201, res.body);
    const notice = res.json();
    assert.equal(notice.kind, 'fine');
    assert.equal(notice.status, 'unpaid');
    assert.equal(notice.amountCents, 3_500_00, 'KES 3,000 for 11–15 km/h over, KES 500 for no seat belt');
    assert.equal(readNoticeNumber(notice.number), notice.number, 'ten digits, the last a check digit');
    // due at the end of the seventh day after, in Nairobi
    assert.equal(notice.dueAt, '2026-12-07T20:59:59.000Z');
    const mine = await sauti.app.inject({
      method: 'GET',
      url: `/api/fines${notice.link.replace('/fines', '/notices')}`,
    });
    assert.equal(mine.statusCode, 200, mine.body);
    const shown = mine.json();
    assert.deepEqual(
      shown.offences.map((o: { code: string; amountCents: number }) => [o.code, o.amountCents]),
      [
        ['SPD-15', 3_000_00],
        ['BLT', 500_00],
      ],
    );
    assert.equal(shown.scheduleVersion, 'TMOR-2016');
    assert.equal(shown.registration, 'KDJ482M');
    assert.equal(shown.station.name, 'Mombasa Traffic Base');
    assert.equal(shown.officer.serviceNumber, '2018-099872');
  });

  test('a fine per seat is counted; a warning asks for nothing; an offence outside the schedule goes to court', async () => {
    const seats = await issue({ ...mombasaRoad, offences: [{ code: 'BLT-FIT', quantity: 3 }] });
    assert.equal(seats.statusCode, 201, seats.body);
    assert.equal(seats.json().amountCents, 3 * 1_000_00);
    const warning = await issue({ ...mombasaRoad, offences: [{ code: 'SPD-05' }] });
    assert.deepEqual(
      [warning.json().kind, warning.json().status, warning.json().amountCents],
      ['warning', 'warning', 0],
    );
    const court = await issue({ ...mombasaRoad, offences: [], courtOffence: 'Dangerous overtaking on a blind corner' });
    assert.deepEqual([court.json().kind, court.json().status, court.json().amountCents], ['court', 'court', 0]);
  });

  test('what is wrong is named field by field, and nothing is kept', async () => {
    const before = await count('fine_notices');
    const res = await issue({
      ...mombasaRoad,
      offences: [{ code: 'SPD-99' }, { code: 'BLT', quantity: 2 }, { code: 'PHN' }, { code: 'PHN' }],
      registration: '!!',
      driverPhone: '12345',
      county: '999',
      offenceAt: '2026-12-01T09:00',
    });
    assert.equal(res.statusCode, 400, res.body);
    const fields = (res.json().error.fields as Array<{ field: string }>).map((p) => p.field).sort();
    assert.deepEqual(fields, [
      'county',
      'driverPhone',
      'offenceAt',
      'offences.0',
      'offences.1',
      'offences.3',
      'registration',
    ]);
    const nothing = await issue({ ...mombasaRoad, offences: [] });
    assert.equal(nothing.statusCode, 400);
    const both = await issue({ ...mombasaRoad, courtOffence: 'Something else' });
    assert.equal(both.statusCode, 400);
    assert.equal(await count('fine_notices'), before);
  });

  test('only an officer or commander posted at a station issues notices', async () => {
    const before = await count('fine_notices');
    for (const who of ['iau.investigator', 'medic.makueni', 'moderator'])
      assert.equal((await issue(mombasaRoad, who)).statusCode, 403, who);
    const anonymous = await sauti.app.inject({ method: 'POST', url: '/api/fines/notices', payload: mombasaRoad });
    assert.ok([401, 403].includes(anonymous.statusCode), String(anonymous.statusCode));
    assert.equal(await count('fine_notices'), before);
  });
});

describe('anyone checks a notice is genuine before paying', () => {
  const check = (number: string, registration: string) =>
    sauti.app.inject({
      method: 'GET',
      url: `/api/fines/verify?${new URLSearchParams({ number, registration }).toString()}`,
    });

  test('by its number and the number plate, typed as people type them: the amount, the status, the only paybill', async () => {
    const notice = (await issue(mombasaRoad)).json();
    const res = await check(printedNoticeNumber(notice.number), 'KDJ-482M');
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.deepEqual(
      [body.genuine, body.number, body.amountCents, body.status],
      [true, notice.number, 3_500_00, 'unpaid'],
    );
    assert.equal(body.paybill, '174379');
    assert.equal(body.driverName, undefined, 'nothing personal');
  });

  test('another plate and a number never issued answer alike; a mistyped number is caught by its check digit', async () => {
    const notice = (await issue(mombasaRoad)).json();
    const otherPlate = await check(notice.number, 'KDA 123A');
    const neverIssued = await check('9999999990'.slice(0, 9) + String(checkDigitFor('999999999')), 'KDJ482M');
    assert.equal(otherPlate.statusCode, 404);
    assert.equal(neverIssued.statusCode, 404);
    assert.equal(otherPlate.body, neverIssued.body);
    const typo = `${notice.number.slice(0, 9)}${(Number(notice.number[9]) + 1) % 10}`;
    const mistyped = await check(typo, 'KDJ482M');
    assert.equal(mistyped.statusCode, 400);
    assert.match(mistyped.body, /check digit/);
  });

  test('the motorist’s link with another key opens nothing', async () => {
    const notice = (await issue(mombasaRoad)).json();
    const wrong = await sauti.app.inject({ method: 'GET', url: `/api/fines/notices/${notice.number}/not-the-key` });
    assert.equal(wrong.statusCode, 404);
  });
});

function checkDigitFor(digits: string): number {
  for (let d = 0; d <= 9; d++) if (readNoticeNumber(`${digits}${d}`)) return d;
  throw new Error('no check digit');
}
