import assert from 'node:assert/strict';
import type { demoAccounts, TestContext } from '../../../../test/helpers.ts';
import { recordPayment } from '../store.ts';

// Notices for the withdrawal and escalation tests: issued at Kasarani (whose commander is a demo account).

export const ISSUED_AT = new Date('2026-11-30T14:20:00+03:00');

export interface TestNotice {
  id: string;
  number: string;
  link: string;
  dueAt: Date;
}

export async function issueAtKasarani(
  sauti: TestContext,
  accounts: ReturnType<typeof demoAccounts>,
  extra: Record<string, string> = {},
): Promise<TestNotice> {
  const officer = await accounts.as('officer.kasarani');
  const body = {
    offences: [{ code: 'BLT' }],
    registration: 'KCB 221Q',
    driverName: 'Wanjiru Kariuki',
    place: 'Thika Road, Roysambu',
    county: '047',
    offenceAt: '2026-11-30T14:05',
    ...extra,
  };
  const res = await sauti.app.inject({
    method: 'POST',
    url: '/api/fines/notices',
    payload: JSON.stringify(body),
    headers: { 'content-type': 'application/json', cookie: officer.header(), 'x-csrf-token': await officer.csrf() },
  });
  assert.equal(res.statusCode, 201, res.body);
  const issued = res.json() as { number: string; link: string; dueAt: string };
  const { rows } = await sauti.platform.db.pool.query('select id from fine_notices where number = $1', [issued.number]);
  return { id: rows[0].id, number: issued.number, link: issued.link, dueAt: new Date(issued.dueAt) };
}

let references = 0;

/** Money received by a bank deposit (the one way a notice is credited). */
export const payByBank = (sauti: TestContext, noticeId: string, amountCents: number) =>
  recordPayment(sauti.platform.db.pool, {
    noticeId,
    channel: 'bank',
    reference: `WDR-TEST-${++references}`,
    account: null,
    amountCents,
    paidAt: sauti.platform.clock.now(),
    at: sauti.platform.clock.now(),
    phone: null,
    stkRequestId: null,
  });

export const noticeState = async (sauti: TestContext, id: string) =>
  (
    await sauti.platform.db.pool.query(
      `select status, paid_cents, withdrawn_by, withdrawn_reason,
         (select count(*)::int from fine_notice_events e where e.notice_id = n.id) as events
       from fine_notices n where id = $1`,
      [id],
    )
  ).rows[0] as {
    status: string;
    paid_cents: string;
    withdrawn_by: string | null;
    withdrawn_reason: string | null;
    events: number;
  };

export const eventsOf = async (sauti: TestContext, id: string, kind: string) =>
  (
    await sauti.platform.db.pool.query('select detail, at from fine_notice_events where notice_id = $1 and kind = $2', [
      id,
      kind,
    ])
  ).rows as Array<{ detail: Record<string, unknown>; at: Date }>;

export const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
