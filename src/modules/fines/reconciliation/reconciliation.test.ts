import { after, before, describe, test, type TestContext as NodeTestContext } from 'node:test';
import assert from 'node:assert/strict';
import { demoAccounts, startSauti, type TestContext } from '../../../../test/helpers.ts';
import { reconciliationCommands } from './commands.ts';
import { reconcile, reconcileYesterday, type RunResult } from './service.ts';
import { seedMonday, type Seeded } from './test-seed.ts';

let sauti: TestContext;
let accounts: ReturnType<typeof demoAccounts>;
let seeded: Seeded;

before(async () => {
  sauti = await startSauti({ workers: false });
  accounts = demoAccounts(() => sauti.app);
  seeded = await seedMonday(sauti, accounts);
});
after(() => sauti.close());

const system = { kind: 'system', label: 'test' } as const;
const runs = async () =>
  Number((await sauti.platform.db.pool.query('select count(*) from fine_reconciliations')).rows[0].count);

/** `sauti fines reconcile …` on this test's platform: its exit code and what it printed. */
async function command(t: NodeTestContext, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  t.mock.method(console, 'log', (...a: unknown[]) => void out.push(a.join(' ')));
  t.mock.method(console, 'error', (...a: unknown[]) => void err.push(a.join(' ')));
  const code = await reconciliationCommands.reconcile!.run(args, (run) => run(sauti.platform));
  t.mock.restoreAll();
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const station = (run: RunResult, id: string) => run.totals.stations.find((s) => s.stationId === id);

describe('reconciliation of a day', () => {
  test('each station’s notices issued, paid, contested, withdrawn and overdue, and the money collected', async () => {
    const run = await reconcile(sauti.platform, system, { from: '2026-11-30', to: '2026-11-30' }, 'command');
    assert.deepEqual(
      run.totals.stations.map((s) => s.stationId),
      ['mombasa-traffic-base', 'salama'],
    );
    assert.deepEqual(station(run, 'mombasa-traffic-base'), {
      stationId: 'mombasa-traffic-base',
      stationName: 'Mombasa Traffic Base',
      issued: 3,
      issuedCents: 1_500_00,
      paid: 1,
      contested: 1,
      withdrawn: 1,
      overdue: 0,
      collectedCents: 500_00,
      mpesaCents: 500_00,
      bankCents: 0,
    });
    const salama = station(run, 'salama')!;
    // the warning is no fine; the notice of the 20th was due on the 27th and is still unpaid
    assert.deepEqual(
      [salama.issued, salama.issuedCents, salama.paid, salama.overdue, salama.collectedCents],
      [1, 500_00, 0, 1, 200_00],
    );
    assert.equal(run.totals.all.collectedCents, 700_00);
    assert.deepEqual(run.totals.suspense, { count: 2, cents: 600_00 });
    assert.equal(run.mismatchCount, 0, JSON.stringify(run.mismatches));
  });

  test('another day counts only what happened on it', async () => {
    const run = await reconcile(sauti.platform, system, { from: '2026-11-20' }, 'command');
    assert.deepEqual(run.period.toDate, '2026-11-20');
    assert.deepEqual(
      run.totals.stations.map((s) => [s.stationId, s.issued, s.paid, s.overdue, s.collectedCents]),
      [['salama', 1, 0, 0, 0]],
    );
    assert.deepEqual(run.totals.suspense, { count: 0, cents: 0 });
  });

  test('the command prints each station and exits 0 when everything adds up', async (t) => {
    const before = await runs();
    const { code, out } = await command(t, ['--from', '2026-11-30', '--to', '2026-11-30']);
    assert.equal(code, 0, out);
    assert.match(out, /Mombasa Traffic Base\s+3\s+Ksh\s?1,500\s+1\s+Ksh\s?500\s+1\s+1\s+0/);
    assert.match(out, /Everything adds up/);
    assert.equal(await runs(), before + 1, 'the run is kept');
  });

  test('bad dates are refused with a clear error, and no run is kept', async (t) => {
    const before = await runs();
    for (const args of [
      ['--from', '2026-11-31'],
      ['--from', '2026-11-30', '--to', '2026-11-29'],
      ['--to', '2099-01-01'],
      ['--from', '2024-01-01', '--to', '2026-11-30'],
    ]) {
      const { code, err } = await command(t, args);
      assert.equal(code, 64, args.join(' '));
      assert.match(err, /^--(from|to): /, args.join(' '));
    }
    const usage = await command(t, ['--since', '2026-11-30']);
    assert.equal(usage.code, 64);
    assert.match(usage.err, /Usage: sauti fines reconcile/);
    assert.equal(await runs(), before);
  });
});

describe('the nightly run', () => {
  test('after 01:00 in Nairobi the day before is reconciled, once', async () => {
    const daily = async () =>
      Number(
        (await sauti.platform.db.pool.query(`select count(*) from fine_reconciliations where trigger = 'daily'`))
          .rows[0].count,
      );
    // 00:30 on Tuesday in Nairobi is still Monday evening in UTC
    sauti.platform.clock.set(new Date('2026-12-01T00:30:00+03:00'));
    assert.equal(await reconcileYesterday(sauti.platform), undefined);
    assert.equal(await daily(), 0);
    sauti.platform.clock.set(new Date('2026-12-01T01:00:00+03:00'));
    const run = await reconcileYesterday(sauti.platform);
    assert.equal(run?.period.fromDate, '2026-11-30');
    assert.equal(run?.totals.all.issued, 4);
    sauti.platform.clock.set(new Date('2026-12-01T02:00:00+03:00'));
    assert.equal(await reconcileYesterday(sauti.platform), undefined);
    assert.equal(await daily(), 1);
  });
});

describe('what does not add up is reported', () => {
  test('a notice whose paid amount was altered, and an M-Pesa push marked paid with no payment: exit 1', async (t) => {
    await sauti.database.asOwner(`update fine_notices set paid_cents = 50000 where number = '${seeded.partPaid}'`);
    const { rows } = await sauti.platform.db.pool.query(
      `insert into fine_stk_requests (notice_id, phone, amount_cents, requested_at, checkout_request_id, status)
       select id, '254712345678', 50000, now(), 'ws_CO_FORGED', 'paid' from fine_notices where number = $1
       returning id`,
      [seeded.overdue],
    );
    assert.ok(rows[0]);
    const { code, out } = await command(t, ['--from', '2026-11-30']);
    assert.equal(code, 1, out);
    assert.match(out, /3 things do not add up/);
    assert.match(
      out,
      new RegExp(`Notice ${seeded.partPaid} shows Ksh\\s?500 paid, but its payments credited Ksh\\s?200`),
    );
    assert.match(out, new RegExp(`Notice ${seeded.partPaid} is marked “Not yet paid” with Ksh\\s?500 paid of`));
    assert.match(out, new RegExp(`push ws_CO_FORGED for notice ${seeded.overdue} is marked paid`));
    const kept = await sauti.platform.db.pool.query(
      'select mismatch_count, mismatches from fine_reconciliations order by id desc limit 1',
    );
    assert.equal(kept.rows[0].mismatch_count, 3);
    assert.deepEqual(
      kept.rows[0].mismatches.map((m: { kind: string }) => m.kind),
      ['notice-credit', 'notice-status', 'stk-paid-no-payment'],
    );
  });

  test('a payment counted outside the one way money is counted is found by the notice’s history', async () => {
    const { rows } = await sauti.platform.db.pool.query(`select id from fine_notices where number = $1`, [
      seeded.contested,
    ]);
    await sauti.platform.db.pool.query(
      `insert into fine_payments (notice_id, channel, reference, account, amount_cents, paid_at, recorded_at,
         credited_cents) values ($1, 'bank', 'BANK-QUIET-1', 'x', 10000, now(), now(), 10000)`,
      [rows[0].id],
    );
    const run = await reconcile(sauti.platform, system, {}, 'command');
    assert.ok(
      run.mismatches.some((m) => m.kind === 'payment-no-event' && m.reference === 'BANK-QUIET-1'),
      JSON.stringify(run.mismatches),
    );
  });
});

test('a run once kept cannot be altered or removed by Sauti’s own login', async () => {
  const pool = sauti.platform.db.pool;
  assert.ok((await runs()) > 0);
  await assert.rejects(pool.query('update fine_reconciliations set mismatch_count = 0'), /permission denied/);
  await assert.rejects(pool.query('delete from fine_reconciliations'), /permission denied/);
});
