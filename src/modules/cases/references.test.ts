import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, startSauti, validReport, type TestContext } from '../../../test/helpers.ts';
import { nextRegistryNumber } from '../voice/store.ts';

// At national scale case numbers pass 999,999 in a year; past it, references grow a seventh digit and stay unique.
let sauti: TestContext;
before(async () => {
  sauti = await startSauti({ demoStaff: false, workers: false });
});
after(() => sauti?.close());

test('past case 999,999 references grow a digit and never repeat; so do registry numbers', async () => {
  await sauti.database.asOwner(`select setval('case_number_seq', 999998); select setval('voice_registry_seq', 999999)`);
  const references: string[] = [];
  for (let i = 0; i < 3; i++) {
    const receipt = await new Browser(sauti.app).post('/report', validReport);
    assert.equal(receipt.statusCode, 201, receipt.body.slice(0, 300));
    references.push(/CASE-\d{4}-(\d+)/.exec(receipt.body)![1]!);
  }
  assert.deepEqual(references, ['999999', '1000000', '1000001']);
  const { rows } = await sauti.platform.db.pool.query<{ reference: string }>(
    'select reference from cases order by id desc limit 3',
  );
  assert.deepEqual(
    rows.map((r) => r.reference.split('-')[2]),
    ['1000001', '1000000', '999999'],
  );
  assert.equal(await nextRegistryNumber(sauti.platform.db.pool, '2026'), 'IGR-2026-1000000');
});
