import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { demoAccounts, startSauti, type TestContext } from '../../../../test/helpers.ts';
import { arrest, postJson } from '../test-desk.ts';
import { auditLog, auditRemote, integrateNow, logKey } from './index.ts';
import { recordReports, storedLeaves } from './test-log.ts';

let sauti: TestContext;
let url: string;
let stateDir: string;
const SAUTI = new URL('../../../../bin/sauti.js', import.meta.url).pathname;

/** Runs SQL as the database's superuser with triggers off: someone meddling behind the application's back. */
async function meddle(sql: string, params: unknown[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: sauti.database.ownerUrl });
  await client.connect();
  try {
    await client.query('set session_replication_role = replica');
    await client.query(sql, params);
  } finally {
    await client.end();
  }
}

before(async () => {
  sauti = await startSauti({ workers: false });
  sauti.platform.clock.set(new Date('2026-11-30T10:00:00+03:00'));
  await sauti.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(sauti.app.server.address() as AddressInfo).port}/ob/log`;
  stateDir = await mkdtemp(join(tmpdir(), 'sauti-ob-audit-'));
  await recordReports(sauti, 270);
  const desk = await demoAccounts(() => sauti.app).as('officer.kasarani');
  assert.equal((await postJson(sauti, desk, '/api/ob/stations/kasarani/entries', arrest)).statusCode, 201);
  await integrateNow(sauti.platform);
  await recordReports(sauti, 20);
  await integrateNow(sauti.platform);
});
after(async () => {
  await rm(stateDir, { recursive: true, force: true });
  await sauti.close();
});

const threads = { workers: 2, chunk: 32 };
const key = async () => (await logKey(sauti.platform)).verifierString;

describe('auditing the national log', () => {
  test('the audit from the database passes while nothing was touched, also after a person is erased', async () => {
    const result = await auditLog(sauti.platform.db, (await logKey(sauti.platform)).verifier);
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.equal(result.ok && result.entries, 291);
    // as a national log is audited: ranges rebuilt by worker threads, checked here in leaf order
    const threaded = await auditLog(sauti.platform.db, (await logKey(sauti.platform)).verifier, threads);
    assert.deepEqual(threaded.ok && threaded.entries, 291, JSON.stringify(threaded));
    await sauti.platform.db.pool.query(
      `update ob_entry_persons set name = null, id_number = null, phone = null, age = null, sex = null, erased_at = now()
       where entry_id = (select entry_id from ob_log_leaves where leaf_index = 3)`,
    );
    const again = await auditLog(sauti.platform.db, (await logKey(sauti.platform)).verifier);
    assert.equal(again.ok, true, JSON.stringify(again));
    const threadedAgain = await auditLog(sauti.platform.db, (await logKey(sauti.platform)).verifier, threads);
    assert.equal(threadedAgain.ok, true, JSON.stringify(threadedAgain));
  });

  test('the outside audit from the public tiles passes, and keeps what it saw', async () => {
    const state = join(stateDir, 'seen.json');
    const first = await auditRemote({ url, key: await key(), stateFile: state });
    assert.deepEqual(first.ok && [first.size, first.previous], [291, undefined]);
    await recordReports(sauti, 3);
    await integrateNow(sauti.platform);
    const second = await auditRemote({ url, key: await key(), stateFile: state });
    assert.deepEqual(second.ok && [second.size, second.previous], [294, 291]);
    const wrongKey = await auditRemote({ url, key: (await key()).replace(/\+[0-9a-f]{8}\+/, '+00000000+') }).catch(
      (error: Error) => ({ ok: false, problem: error.message }),
    );
    assert.equal(wrongKey.ok, false);
  });

  test('an entry altered behind the application’s back is named by both audits, and the command says so', async () => {
    const [victim] = (await storedLeaves(sauti)).filter((l) => l.leaf_index === '271');
    const { rows } = await sauti.platform.db.pool.query(
      `select station_id, number, to_char(day, 'DD/MM/YYYY') as day from ob_entries where id = $1`,
      [victim!.entry_id],
    );
    const named = `OB ${rows[0].number}/${rows[0].day}`;
    // the narrative changed, and the stored leaf rebuilt to match it: only the published tree tells
    await meddle(`update ob_entries set narrative = 'Nothing happened.' where id = $1`, [victim!.entry_id]);
    for (const options of [{}, threads]) {
      const local = await auditLog(sauti.platform.db, (await logKey(sauti.platform)).verifier, options);
      assert.equal(local.ok, false);
      assert.deepEqual(!local.ok && local.entry, { station: 'kasarani', obNumber: named, leafIndex: 271 });
    }

    // and now the published entry bundle's bytes too: they no longer hash to the tree's leaf
    await meddle(`update ob_entries set leaf = leaf || '\\x0a'::bytea where id = $1`, [victim!.entry_id]);
    const remote = await auditRemote({ url, key: await key() });
    assert.equal(remote.ok, false);
    assert.deepEqual(!remote.ok && remote.entry, { station: 'kasarani', obNumber: named, leafIndex: 271 });

    const run = promisify(execFile);
    const failed = await run(process.execPath, [SAUTI, 'ob', 'audit', '--remote', url, '--key', await key()]).catch(
      (error: { code: number; stderr: string }) => error,
    );
    assert.equal((failed as { code: number }).code, 1);
    assert.match((failed as { stderr: string }).stderr, new RegExp(`station kasarani, ${named}, leaf 271`));
  });

  test('an entry deleted behind the application’s back is missed by the count of leaves', async () => {
    const [gone] = (await storedLeaves(sauti)).filter((l) => l.leaf_index === '10');
    await meddle('delete from ob_entries where id = $1', [gone!.entry_id]);
    for (const options of [{}, threads]) {
      const result = await auditLog(sauti.platform.db, (await logKey(sauti.platform)).verifier, options);
      assert.equal(result.ok, false);
      assert.match(!result.ok ? result.problem : '', /^293 entries, but 294 leaves and 0 queued$/);
    }
  });
});
