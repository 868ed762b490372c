import { after, before, describe, test, type TestContext as NodeTestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoAccounts, startSauti, type TestContext } from '../../../../test/helpers.ts';
import { postJson } from '../../ob/test-desk.ts';
import { paybillCommands } from './commands.ts';
import { recordPayment } from '../store.ts';
import { importStatement } from './statement.ts';

// Bank deposits confirmed by importing the bank's statement: every line reconciled or reported, and a
// statement imported twice changes nothing the second time.

let sauti: TestContext;
let dir: string;

before(async () => {
  sauti = await startSauti({ workers: false });
  sauti.platform.clock.set(new Date('2026-11-30T14:20:00+03:00'));
  dir = mkdtempSync(join(tmpdir(), 'sauti-statement-'));
});
after(async () => {
  await sauti.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A notice for not wearing a seat belt: KES 500. */
async function issueNotice(): Promise<string> {
  const res = await postJson(sauti, await demoAccounts(() => sauti.app).as('officer.mombasa'), '/api/fines/notices', {
    offences: [{ code: 'BLT' }],
    registration: 'KDJ 482 M',
    driverName: 'Otieno Ochieng',
    place: 'Mombasa road',
    county: '001',
    offenceAt: '2026-11-30T14:05',
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().number as string;
}

const db = () => sauti.platform.db.pool;
const notices = async (numbers: string[]) =>
  (
    await db().query('select number, status, paid_cents from fine_notices where number = any($1) order by number', [
      numbers,
    ])
  ).rows;
const bankPayments = async () =>
  (
    await db().query(
      `select reference, notice_id, amount_cents, credited_cents, suspense_reason, paid_at from fine_payments
       where channel = 'bank' order by reference`,
    )
  ).rows;

let files = 0;
/** Runs `sauti fines import-statement <file>` on the test's platform: its exit code and what it printed. */
async function runImport(t: NodeTestContext, csv: string): Promise<{ code: number; printed: string[] }> {
  const file = join(dir, `statement-${++files}.csv`);
  writeFileSync(file, csv);
  const log = t.mock.method(console, 'log', () => {});
  t.mock.method(console, 'error', () => {});
  const code = await paybillCommands['import-statement']!.run([file], (run) => run(sauti.platform));
  const printed = log.mock.calls.flatMap((c) => String(c.arguments[0]).split('\n'));
  t.mock.restoreAll();
  return { code, printed };
}

const grouped = (n: string) => `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6, 9)} ${n.slice(9)}`;
const typo = (n: string) => `${n.slice(0, 9)}${(Number(n[9]) + 1) % 10}`;

describe('sauti fines import-statement', () => {
  test('each line is reconciled, in suspense with its reason, skipped or refused; the second import changes nothing', async (t) => {
    const [a, b, c, d] = [await issueNotice(), await issueNotice(), await issueNotice(), await issueNotice()];
    const csv = [
      'date,reference,narrative,amount',
      `2026-11-30,FT26334A001,FINE ${a} OTIENO,500.00`,
      `2026-11-30,FT26334A002,"Notice ${grouped(b)}, part",200.00`,
      '2026-11-30,FT26334A003,CASH DEPOSIT KDJ482M,"1,000.00"',
      `2026-12-01,FT26334A004,FINE ${a},500.00`,
      `2026-12-01,FT26334A005,FINE ${c},800.00`,
      `2026-12-01,FT26334A006,FINE ${typo(d)},500.00`,
      `2026-12-01,FT26334A007,${a} and ${d},500.00`,
      '2026-12-01,CHG0001,LEDGER FEE,-50.00',
      `2026-12-01,FT26334A008,FINE ${d},five hundred`,
      `01/12/2026,FT26334A009,FINE ${d},500.00`,
      `2026-12-01,FT26334A001,FINE ${a} OTIENO,500.00`,
    ].join('\n');
    const first = await runImport(t, csv);
    assert.equal(first.code, 1, 'two lines were refused');
    const reported = first.printed;
    const expected = [
      /^line 2: reconciled, FT26334A001, notice \d{10}, KES 500\.00 credited$/,
      /^line 3: reconciled, FT26334A002, notice \d{10}, KES 200\.00 credited$/,
      /^line 4: suspense, FT26334A003, KES 1,000\.00 in suspense: the narrative names no notice Sauti issued$/,
      /^line 5: suspense, FT26334A004, notice \d{10}, KES 0\.00 credited, KES 500\.00 in suspense: the notice is no longer payable/,
      /^line 6: suspense, FT26334A005, notice \d{10}, KES 500\.00 credited, KES 300\.00 in suspense: more than the balance/,
      /^line 7: suspense, FT26334A006, KES 500\.00 in suspense: the narrative names no notice/,
      /^line 8: suspense, FT26334A007, KES 500\.00 in suspense: names more than one notice$/,
      /^line 9: skipped, CHG0001: a debit$/,
      /^line 10: refused: amount "five hundred" is not shillings$/,
      /^line 11: refused: date "01\/12\/2026" is not YYYY-MM-DD$/,
      /^line 12: repeat, FT26334A001 was already imported; nothing changed$/,
      /^11 lines: 2 reconciled, 5 suspense, 1 repeat, 1 skipped, 2 refused$/,
    ];
    assert.equal(reported.length, expected.length, reported.join('\n'));
    expected.forEach((pattern, i) => assert.match(reported[i]!, pattern));

    assert.deepEqual(await notices([a, b, c, d]), [
      { number: a, status: 'paid', paid_cents: '50000' },
      { number: b, status: 'unpaid', paid_cents: '20000' },
      { number: c, status: 'paid', paid_cents: '50000' },
      { number: d, status: 'unpaid', paid_cents: '0' },
    ]);
    const stored = await bankPayments();
    assert.equal(stored.length, 7);
    assert.equal(stored[0].paid_at.toISOString(), '2026-11-29T21:00:00.000Z', 'the value date, in Nairobi');

    const second = await runImport(t, csv);
    assert.equal(second.code, 1);
    assert.equal(second.printed.filter((line) => /^line \d+: repeat, /.test(line)).length, 8);
    assert.match(second.printed.at(-1)!, /^11 lines: 0 reconciled, 0 suspense, 8 repeat, 1 skipped, 2 refused$/);
    assert.deepEqual(await bankPayments(), stored, 'the second import changed nothing');
    assert.deepEqual(await notices([a, b, c, d]), [
      { number: a, status: 'paid', paid_cents: '50000' },
      { number: b, status: 'unpaid', paid_cents: '20000' },
      { number: c, status: 'paid', paid_cents: '50000' },
      { number: d, status: 'unpaid', paid_cents: '0' },
    ]);
  });

  test('a clean statement exits 0; the rest of a part-paid notice pays it', async (t) => {
    const e = await issueNotice();
    const { code } = await runImport(
      t,
      `Reference,Date,Narrative,Amount\nFT26335B001,2026-12-01 09:30,FINE ${e},300.00\nFT26335B002,2026-12-01,${e},200.00\n`,
    );
    assert.equal(code, 0);
    assert.deepEqual(await notices([e]), [{ number: e, status: 'paid', paid_cents: '50000' }]);
  });

  test('a file without the columns, or no file, is refused and records nothing', async (t) => {
    const before = await bankPayments();
    const e = await issueNotice();
    const wrong = await runImport(t, `when,ref,text,value\n2026-12-01,FT26336C001,FINE ${e},500.00\n`);
    assert.equal(wrong.code, 1);
    assert.match(
      wrong.printed[0]!,
      /^line 1: refused: the first line must name the columns date,reference,narrative,amount$/,
    );
    t.mock.method(console, 'error', () => {});
    assert.equal(
      await paybillCommands['import-statement']!.run([join(dir, 'missing.csv')], (run) => run(sauti.platform)),
      1,
    );
    assert.equal(await paybillCommands['import-statement']!.run([], (run) => run(sauti.platform)), 64);
    assert.deepEqual(await bankPayments(), before);
    assert.deepEqual(await notices([e]), [{ number: e, status: 'unpaid', paid_cents: '0' }]);
  });

  test('a bank reference and an M-Pesa TransID that are written alike are two payments', async () => {
    const e = await issueNotice();
    const now = sauti.platform.clock.now();
    const { rows: ids } = await db().query('select id from fine_notices where number = $1', [e]);
    await recordPayment(db(), {
      noticeId: ids[0].id,
      channel: 'mpesa',
      reference: 'QK12ABC345',
      account: e,
      amountCents: 200_00,
      paidAt: now,
      at: now,
      phone: null,
      stkRequestId: null,
    });
    const report = await importStatement(
      sauti.platform,
      `date,reference,narrative,amount\n2026-12-01,QK12ABC345,FINE ${e},300.00`,
    );
    assert.deepEqual(report, {
      outcomes: [{ line: 2, kind: 'reconciled', reference: 'QK12ABC345', notice: e, creditedCents: 300_00 }],
      refused: 0,
    });
    assert.deepEqual(await notices([e]), [{ number: e, status: 'paid', paid_cents: '50000' }]);
  });
});

describe('sauti fines register-urls without Daraja', () => {
  test('says payments by M-Pesa are off and exits 1', async (t) => {
    const error = t.mock.method(console, 'error', () => {});
    assert.equal(await paybillCommands['register-urls']!.run([], (run) => run(sauti.platform)), 1);
    assert.match(
      String(error.mock.calls[0]?.arguments[0]),
      /Daraja did not register the URLs: .*DARAJA_BASE_URL is not set/,
    );
  });
});
