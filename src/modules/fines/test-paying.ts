import assert from 'node:assert/strict';
import { Browser, demoAccounts, freePort, startSauti, type TestContext } from '../../../test/helpers.ts';
import { DARAJA_SIM_DEFAULTS, startDarajaSim, type RunningDarajaSim } from '../../daraja-sim/run.ts';
import { stkSettling } from './payments.ts';

// What the payment tests share: Sauti listening on a port (the simulator calls it back over HTTP), the Daraja
// simulator deciding pushes only when told, a notice issued by a traffic officer, and its STK push.

export interface Paying {
  sim: RunningDarajaSim;
  sauti: TestContext;
  url: string;
  /** The payer decides on the phone; resolves once Sauti has done what the callback (if any) made it do. */
  decide(checkoutRequestId: string): Promise<void>;
  close(): Promise<void>;
}

/** The settings that point Sauti at the simulator. */
export const darajaEnv = (simUrl: string): Record<string, string> => ({
  DARAJA_BASE_URL: simUrl,
  DARAJA_CONSUMER_KEY: DARAJA_SIM_DEFAULTS.consumerKey,
  DARAJA_CONSUMER_SECRET: DARAJA_SIM_DEFAULTS.consumerSecret,
  DARAJA_SHORTCODE: DARAJA_SIM_DEFAULTS.shortcode,
  DARAJA_PASSKEY: DARAJA_SIM_DEFAULTS.passkey,
});

export async function startPaying(): Promise<Paying> {
  const sim = await startDarajaSim({ port: 0, callbackDelayMs: 600_000 });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const sauti = await startSauti({
    workers: false,
    env: { PUBLIC_URL: url, RATE_LIMIT_RECEIPTS: '1000', ...darajaEnv(sim.url) },
  });
  await sauti.app.listen({ host: '127.0.0.1', port });
  return {
    sim,
    sauti,
    url,
    async decide(checkoutRequestId) {
      await sim.decideNow(checkoutRequestId);
      await stkSettling(sauti.platform);
    },
    async close() {
      await sauti.close();
      await sim.close();
    },
  };
}

/** Local Nairobi time as the officer's form sends it. */
export const nairobiLocal = (d: Date) => new Date(d.getTime() + 3 * 3600_000).toISOString().slice(0, 16);

export interface Issued {
  number: string;
  link: string;
  amountCents: number;
}

/** A notice for two offences on the Mombasa road (KES 3,500). */
export async function issue(sauti: TestContext): Promise<Issued> {
  const officer = await demoAccounts(() => sauti.app).as('officer.mombasa');
  const res = await sauti.app.inject({
    method: 'POST',
    url: '/api/fines/notices',
    headers: { 'content-type': 'application/json', cookie: officer.header(), 'x-csrf-token': await officer.csrf() },
    payload: JSON.stringify({
      offences: [{ code: 'SPD-15' }, { code: 'BLT' }],
      registration: 'KDJ 482M',
      driverName: 'Otieno Ochieng',
      place: 'Mombasa road',
      county: '001',
      offenceAt: nairobiLocal(new Date(Date.now() - 10 * 60_000)),
    }),
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

/** The motorist taps "Pay" with `phone`: answers the push's CheckoutRequestID once Daraja accepted it. */
export async function pay(sauti: TestContext, link: string, phone: string): Promise<string> {
  const res = await new Browser(sauti.app).post(`${link}/pay`, { phone }, { csrfFrom: link });
  assert.equal(res.statusCode, 303, res.body);
  const { rows } = await sauti.platform.db.pool.query(
    'select checkout_request_id from fine_stk_requests order by id desc limit 1',
  );
  return rows[0].checkout_request_id as string;
}

export interface Counted {
  payments: Array<{ reference: string; amount_cents: string }>;
  paidCents: number;
  status: string;
}

/** What a notice has been paid, and where it stands. */
export async function countedFor(sauti: TestContext, number: string): Promise<Counted> {
  const db = sauti.platform.db.pool;
  const payments = (
    await db.query(
      `select p.reference, p.amount_cents from fine_payments p join fine_notices n on n.id = p.notice_id
       where n.number = $1 order by p.id`,
      [number],
    )
  ).rows;
  const notice = (await db.query('select paid_cents, status from fine_notices where number = $1', [number])).rows[0];
  return { payments, paidCents: Number(notice.paid_cents), status: notice.status };
}
