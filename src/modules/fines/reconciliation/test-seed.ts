import assert from 'node:assert/strict';
import type { Browser, demoAccounts, TestContext } from '../../../../test/helpers.ts';
import { contestNotice } from '../service.ts';
import { recordPayment } from '../store.ts';

// A day of notices at two stations, for the reconciliation tests: what each station should show for
// Monday 30 November 2026 (Nairobi).

async function postJson(sauti: TestContext, browser: Browser, url: string, body: unknown) {
  return sauti.app.inject({
    method: 'POST',
    url,
    payload: JSON.stringify(body),
    headers: { 'content-type': 'application/json', cookie: browser.header(), 'x-csrf-token': await browser.csrf() },
  });
}

export const MONDAY = new Date('2026-11-30T14:20:00+03:00');

export interface Seeded {
  /** Mombasa: paid (and overpaid), contested, withdrawn */
  paid: string;
  contested: string;
  withdrawn: string;
  /** Salama: part paid on Monday; one issued ten days before and overdue by Monday */
  partPaid: string;
  overdue: string;
}

export async function issue(
  sauti: TestContext,
  accounts: ReturnType<typeof demoAccounts>,
  as: string,
  code = 'BLT',
): Promise<{ number: string; token: string; id: string }> {
  const now = sauti.platform.clock.now();
  const local = new Date(now.getTime() + 3 * 3600_000 - 5 * 60_000).toISOString().slice(0, 16);
  const res = await postJson(sauti, await accounts.as(as), '/api/fines/notices', {
    offences: [{ code }],
    registration: 'KDJ 482 M',
    driverName: 'Otieno Ochieng',
    place: 'Mombasa road',
    county: '001',
    offenceAt: local,
  });
  assert.equal(res.statusCode, 201, res.body);
  const { number, link } = res.json() as { number: string; link: string };
  const { rows } = await sauti.platform.db.pool.query('select id from fine_notices where number = $1', [number]);
  return { number, token: link.split('/').at(-1)!, id: String(rows[0].id) };
}

let references = 0;
export function pay(sauti: TestContext, noticeId: string | null, amountCents: number, account = 'typed') {
  const now = sauti.platform.clock.now();
  return recordPayment(sauti.platform.db.pool, {
    noticeId,
    channel: 'mpesa',
    reference: `RCN${String(++references).padStart(7, '0')}`,
    account,
    amountCents,
    paidAt: now,
    at: now,
    phone: null,
    stkRequestId: null,
  });
}

/** Ten days before Monday one notice at Salama; on Monday the rest. Leaves the clock at Monday 14:20. */
export async function seedMonday(sauti: TestContext, accounts: ReturnType<typeof demoAccounts>): Promise<Seeded> {
  const { platform } = sauti;
  platform.clock.set(new Date('2026-11-20T10:00:00+03:00'));
  const overdue = await issue(sauti, accounts, 'officer.salama');
  platform.clock.set(MONDAY);
  const paid = await issue(sauti, accounts, 'officer.mombasa');
  const contested = await issue(sauti, accounts, 'officer.mombasa');
  const withdrawn = await issue(sauti, accounts, 'officer.mombasa');
  const partPaid = await issue(sauti, accounts, 'officer.salama');
  // a warning asks for no money: not counted among the fines
  await issue(sauti, accounts, 'officer.salama', 'SPD-05');
  await pay(sauti, paid.id, 800_00); // KES 500 credited, 300 in suspense (overpaid)
  await pay(sauti, partPaid.id, 200_00);
  await pay(sauti, null, 300_00, '1234567890'); // no such notice: suspense
  await contestNotice(platform, contested.number, contested.token, 'I was not driving');
  // a commander's withdrawal (its own part of the module), as it leaves the notice
  await platform.db.pool.query(
    `update fine_notices set status = 'withdrawn', withdrawn_reason = 'Wrong vehicle', settled_at = $2,
       withdrawn_by = (select id from users where username = 'ocs.salama') where id = $1`,
    [withdrawn.id, MONDAY],
  );
  return {
    paid: paid.number,
    contested: contested.number,
    withdrawn: withdrawn.number,
    partPaid: partPaid.number,
    overdue: overdue.number,
  };
}
