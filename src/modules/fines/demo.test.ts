import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSauti, type TestContext } from '../../../test/helpers.ts';
import { loadFinesDemo } from './demo.ts';

let sauti: TestContext;

before(async () => {
  sauti = await startSauti({ workers: false });
  sauti.platform.clock.set(new Date('2026-12-01T09:00:00+03:00'));
});
after(() => sauti.close());

test('the demo’s notices stand as it says: flagged, paid with receipts, contested, withdrawn, money in suspense', async () => {
  await loadFinesDemo(sauti.platform);
  const { rows } = await sauti.platform.db.pool.query<{ status: string; n: number }>(
    'select status, count(*)::int as n from fine_notices group by status order by status',
  );
  assert.deepEqual(Object.fromEntries(rows.map((r) => [r.status, r.n])), {
    contested: 1,
    overdue: 1,
    paid: 2,
    unpaid: 2,
    withdrawn: 1,
  });
  const receipts = await sauti.platform.db.pool.query('select 1 from fine_receipts');
  assert.equal(receipts.rowCount, 2);
  const suspense = await sauti.platform.db.pool.query(
    'select suspense_reason from fine_payments where suspense_cents > 0',
  );
  assert.deepEqual(suspense.rows, [{ suspense_reason: 'unknown-account' }]);
  const reminded = await sauti.platform.db.pool.query("select 1 from fine_notice_events where kind = 'reminded'");
  assert.equal(reminded.rowCount, 1, 'the notice past its due date (not yet past the grace period) was reminded');
  assert.equal(sauti.platform.clock.now().toISOString(), '2026-12-01T06:00:00.000Z', 'the clock stands where it was');
});
