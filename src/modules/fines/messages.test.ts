import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { demoAccounts, startSauti, type TestContext } from '../../../test/helpers.ts';
import { inTransaction } from '../../platform/db/database.ts';
import { messagesByKey } from '../../platform/sms/index.ts';
import { postJson } from '../ob/test-desk.ts';
import { queueReminders, recordPaymentWithReceipt } from './messages.ts';
import { importStatement } from './paybill/statement.ts';

// The motorist's receipt, queued with the payment that completes the notice, and the one reminder before the
// notice falls due.

let sauti: TestContext;
const db = () => sauti.platform.db.pool;
const at = (iso: string) => sauti.platform.clock.set(new Date(iso));

before(async () => {
  sauti = await startSauti({ workers: false });
  at('2026-11-30T14:20:00+03:00');
});
after(() => sauti.close());

/** A notice for not wearing a seat belt (KES 500), issued now; due at the end of the 7th day after. */
async function issue(fields: Record<string, string> = {}): Promise<string> {
  const res = await postJson(sauti, await demoAccounts(() => sauti.app).as('officer.mombasa'), '/api/fines/notices', {
    offences: [{ code: 'BLT' }],
    registration: 'KDJ 482 M',
    driverName: 'Otieno Ochieng',
    place: 'Mombasa road',
    county: '001',
    offenceAt: '2026-11-30T14:05',
    ...fields,
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().number as string;
}

const bank = (reference: string, number: string, shillings: string) =>
  importStatement(
    sauti.platform,
    `date,reference,narrative,amount\n2026-11-30,${reference},FINE ${number},${shillings}`,
  );

describe('the receipt, with the payment that completes the notice', () => {
  test('a part payment owes none; the one that meets the balance queues it, in the motorist’s language', async () => {
    const number = await issue({ driverPhone: '0712 345 678', language: 'sw' });
    await bank('FT26334B001', number, '200.00');
    assert.deepEqual(await messagesByKey(db(), `fines.receipt:${number}`), []);
    await bank('FT26334B002', number, '300.00');
    const [sms, ...more] = await messagesByKey(db(), `fines.receipt:${number}`);
    assert.equal(more.length, 0);
    assert.equal(sms?.status, 'queued');
    assert.equal(sms.language, 'sw');
    assert.equal(sms.number_kept, true);
    assert.ok(sms.body.length <= 160, sms.body);
    assert.match(sms.body, new RegExp(`^Ilani ya trafiki ${number} imelipwa: .*500 .*kumb\\. FT26334B002`));
    assert.doesNotMatch(sms.body, /Otieno|KDJ/);
    await bank('FT26334B002', number, '300.00');
    assert.equal((await messagesByKey(db(), `fines.receipt:${number}`)).length, 1, 'a repeated line sends nothing');
  });

  test('no phone on the notice, no receipt; a payment whose transaction fails queues none', async () => {
    const bare = await issue();
    await bank('FT26334B003', bare, '500.00');
    assert.deepEqual(await messagesByKey(db(), `fines.receipt:${bare}`), []);
    const number = await issue({ driverPhone: '254712345678' });
    const { rows } = await db().query<{ id: string }>('select id from fine_notices where number = $1', [number]);
    const payment = {
      noticeId: rows[0]!.id,
      channel: 'mpesa' as const,
      reference: 'QK12FAIL01',
      account: number,
      amountCents: 500_00,
      paidAt: sauti.platform.clock.now(),
      at: sauti.platform.clock.now(),
      phone: null,
      stkRequestId: null,
    };
    await assert.rejects(
      inTransaction(db(), async (client) => {
        const recorded = await recordPaymentWithReceipt(sauti.platform, client, payment);
        assert.ok(recorded?.completed);
        throw new Error('cut off before commit');
      }),
      /cut off/,
    );
    assert.deepEqual(await messagesByKey(db(), `fines.receipt:${number}`), []);
    const { rows: notice } = await db().query('select status from fine_notices where number = $1', [number]);
    assert.equal(notice[0].status, 'unpaid');
    await inTransaction(db(), (client) => recordPaymentWithReceipt(sauti.platform, client, payment));
    const [sms] = await messagesByKey(db(), `fines.receipt:${number}`);
    assert.equal(sms?.language, 'en');
    assert.match(sms.body, new RegExp(`^Traffic notice ${number} is paid: .*500 received, ref QK12FAIL01\\.`));
  });
});

describe('the reminder, once, two days before a notice falls due', () => {
  test('only unpaid notices with a phone due within two days; never twice', async () => {
    at('2026-12-01T10:00:00+03:00'); // due 2026-12-08 23:59:59 in Nairobi
    const due = await issue({ driverPhone: '0722000111', language: 'sw' });
    const paid = await issue({ driverPhone: '0722000112' });
    await bank('FT26335C001', paid, '500.00');
    const noPhone = await issue();
    at('2026-12-02T10:00:00+03:00'); // due 2026-12-09
    const later = await issue({ driverPhone: '0722000113' });
    const keys = async () => (await messagesByKey(db(), 'fines.reminder:')).map((m) => m.key);
    const before = await keys();
    at('2026-12-06T09:00:00+03:00'); // more than two days before the first is due
    await queueReminders(sauti.platform);
    assert.deepEqual(await keys(), before);
    at('2026-12-07T09:00:00+03:00');
    await queueReminders(sauti.platform);
    const after = (await keys()).filter((k) => !before.includes(k));
    assert.deepEqual(after, [`fines.reminder:${due}`]);
    for (const n of [paid, noPhone, later]) assert.ok(!after.includes(`fines.reminder:${n}`));
    const [sms] = await messagesByKey(db(), `fines.reminder:${due}`);
    assert.equal(sms?.language, 'sw');
    assert.ok(sms.body.length <= 160, sms.body);
    assert.match(
      sms.body,
      new RegExp(`^Ukumbusho: ilani ya trafiki ${due}, .*500 kabla ya 8 Des 2026\\..*akaunti ${due}`),
    );
    await queueReminders(sauti.platform);
    assert.equal((await keys()).length, before.length + 1, 'the next day’s run sends it no second time');
    at('2026-12-08T09:00:00+03:00');
    await queueReminders(sauti.platform);
    assert.deepEqual(
      (await keys()).filter((k) => !before.includes(k)),
      [`fines.reminder:${due}`, `fines.reminder:${later}`],
    );
  });
});
