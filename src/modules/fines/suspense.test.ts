import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { demoAccounts, startSauti, type TestContext } from '../../../test/helpers.ts';
import { postJson } from '../ob/test-desk.ts';
import { recordPayment, type NewPayment } from './store.ts';

let sauti: TestContext;
let accounts: ReturnType<typeof demoAccounts>;

before(async () => {
  sauti = await startSauti({ workers: false });
  sauti.platform.clock.set(new Date('2026-11-30T14:20:00+03:00'));
  accounts = demoAccounts(() => sauti.app);
});
after(() => sauti.close());

let references = 0;
async function issueNotice(): Promise<{ id: string; number: string }> {
  const res = await postJson(sauti, await accounts.as('officer.mombasa'), '/api/fines/notices', {
    offences: [{ code: 'BLT' }],
    registration: 'KDJ 482 M',
    driverName: 'Otieno Ochieng',
    place: 'Mombasa road',
    county: '001',
    offenceAt: '2026-11-30T14:05',
  });
  assert.equal(res.statusCode, 201, res.body);
  const number = res.json().number as string;
  const { rows } = await sauti.platform.db.pool.query('select id from fine_notices where number = $1', [number]);
  return { id: rows[0].id, number };
}

const pay = (noticeId: string | null, amountCents: number, reference = `REF${++references}`) => {
  const p: NewPayment = {
    noticeId,
    channel: 'mpesa',
    reference,
    account: 'typed',
    amountCents,
    paidAt: sauti.platform.clock.now(),
    at: sauti.platform.clock.now(),
    phone: null,
    stkRequestId: null,
  };
  return recordPayment(sauti.platform.db.pool, p);
};

const notice = async (id: string) =>
  (await sauti.platform.db.pool.query('select status, paid_cents from fine_notices where id = $1', [id])).rows[0];

describe('money received is credited once and never lost', () => {
  test('an underpayment leaves a balance; the next payment meets it and the notice is paid', async () => {
    const { id } = await issueNotice();
    const first = await pay(id, 200_00);
    assert.equal(first?.creditedCents, 200_00);
    assert.equal(first?.suspenseReason, null);
    assert.deepEqual(await notice(id), { status: 'unpaid', paid_cents: '20000' });
    const second = await pay(id, 300_00);
    assert.equal(second?.creditedCents, 300_00);
    assert.deepEqual(await notice(id), { status: 'paid', paid_cents: '50000' });
  });

  test('an overpayment pays the balance and keeps the rest in suspense', async () => {
    const { id } = await issueNotice();
    const paid = await pay(id, 800_00);
    assert.deepEqual(
      { ...paid, id: undefined, completed: paid?.completed?.amountCents },
      { id: undefined, creditedCents: 500_00, suspenseReason: 'overpaid', completed: 500_00 },
    );
    assert.deepEqual(await notice(id), { status: 'paid', paid_cents: '50000' });
  });

  test('a payment to a notice already paid, or to no notice, waits whole in suspense', async () => {
    const { id } = await issueNotice();
    await pay(id, 500_00);
    const again = await pay(id, 500_00);
    assert.equal(again?.creditedCents, 0);
    assert.equal(again?.suspenseReason, 'not-payable');
    const unknown = await pay(null, 500_00);
    assert.equal(unknown?.suspenseReason, 'unknown-account');
    const { rows } = await sauti.platform.db.pool.query(
      'select suspense_cents from fine_payments where id = any($1) order by id',
      [[again!.id, unknown!.id]],
    );
    assert.deepEqual(
      rows.map((r) => Number(r.suspense_cents)),
      [500_00, 500_00],
    );
    assert.deepEqual(await notice(id), { status: 'paid', paid_cents: '50000' });
  });

  test('a reference repeated counts once', async () => {
    const { id } = await issueNotice();
    assert.ok(await pay(id, 100_00, 'SAME1'));
    assert.equal(await pay(id, 100_00, 'SAME1'), undefined);
    assert.deepEqual(await notice(id), { status: 'unpaid', paid_cents: '10000' });
  });

  test('two full payments arriving together: one pays the notice, the other waits in suspense', async () => {
    const { id } = await issueNotice();
    const both = await Promise.all([pay(id, 500_00), pay(id, 500_00)]);
    assert.deepEqual(both.map((p) => p?.creditedCents).sort(), [0, 500_00]);
    assert.deepEqual(await notice(id), { status: 'paid', paid_cents: '50000' });
  });
});
