import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import { startSauti, type TestContext } from '../../../test/helpers.ts';
import { submitReport, type ReportInput } from './service.ts';

let sauti: TestContext;
before(async () => {
  sauti = await startSauti({ demoStaff: false });
});
after(() => sauti.close());

const report: ReportInput = {
  category: 'bribery_extortion',
  description: 'The officer at the desk demanded KSh 5,000 for a police abstract.',
  county: '017',
  station: 'salama',
  officers: [{ serviceNumber: '2015-088120' }],
};
// a file the blob store need not hold: intake only records it (an anonymous report's photo would be copied)
const photo = {
  sha256: 'a'.repeat(64),
  sizeBytes: 10,
  mediaType: 'application/pdf',
  kind: 'document' as const,
  receivedVia: 'test',
};

async function counts(): Promise<Record<string, number>> {
  const { rows } = await sauti.platform.db.pool.query<Record<string, number>>(
    `select (select count(*)::int from cases) as cases, (select count(*)::int from case_subjects) as subjects,
       (select count(*)::int from case_history) as history, (select count(*)::int from audit_log) as audit,
       (select count(*)::int from reports) as reports, (select count(*)::int from evidence) as evidence`,
  );
  return rows[0]!;
}

/**
 * Counts the statements sent on connections that `fn` checks out of the pool (as intake does; pool.query is not
 * counted). Connections checked out by anything else running meanwhile (Sauti's jobs) are left alone.
 */
async function statementsSent(fn: () => Promise<unknown>): Promise<number> {
  const pool = sauti.platform.db.pool;
  const connect = pool.connect;
  const insideFn = new AsyncLocalStorage<true>();
  let sent = 0;
  pool.connect = (async (callback?: unknown) => {
    // pool.query checks out its connection with a callback: left as it is
    if (callback) return (connect as (cb: unknown) => void).call(pool, callback);
    if (!insideFn.getStore()) return (connect as () => Promise<pg.PoolClient>).call(pool);
    const client = await (connect as () => Promise<pg.PoolClient>).call(pool);
    const query = client.query;
    client.query = ((...args: unknown[]) => {
      sent++;
      return (query as (...a: unknown[]) => unknown).apply(client, args);
    }) as typeof client.query;
    const release = client.release;
    client.release = ((...args: unknown[]) => {
      client.query = query;
      client.release = release;
      return (release as (...a: unknown[]) => unknown).apply(client, args);
    }) as typeof client.release;
    return client;
  }) as typeof pool.connect;
  try {
    await insideFn.run(true, fn);
  } finally {
    pool.connect = connect;
  }
  return sent;
}

test('a report, its evidence, its case with the officer it names, the first history entry and the audit row are written in one statement', async () => {
  const before = await counts();
  let submitted: Awaited<ReturnType<typeof submitReport>> | undefined;
  const sent = await statementsSent(async () => {
    submitted = await submitReport(sauti.platform, report, 'api', [photo]);
  });
  assert.equal(sent, 1, 'one round trip: no BEGIN, no COMMIT, no second statement');
  const after = await counts();
  assert.deepEqual(Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k]!])), {
    cases: 1,
    subjects: 1,
    history: 1,
    audit: 1,
    reports: 1,
    evidence: 1,
  });
  const { rows } = await sauti.platform.db.pool.query(
    `select a.actor_label, a.action, a.subject_type, a.detail, r.category, e.sha256
     from cases c join audit_log a on a.subject_id = c.reference join reports r on r.case_id = c.id join evidence e on e.report_id = r.id
     where c.reference = $1`,
    [submitted!.caseReference],
  );
  assert.deepEqual(rows, [
    {
      actor_label: 'Sauti intake',
      action: 'case.open',
      subject_type: 'case',
      detail: {},
      category: 'bribery_extortion',
      sha256: photo.sha256,
    },
  ]);
});

test('reports arriving together share one statement, and each gets its own case', async () => {
  const results: Array<Awaited<ReturnType<typeof submitReport>>> = [];
  const sent = await statementsSent(async () => {
    results.push(
      ...(await Promise.all(Array.from({ length: 8 }, () => submitReport(sauti.platform, report, 'api', [])))),
    );
  });
  assert.equal(new Set(results.map((r) => r.caseReference)).size, 8);
  // at most two groups are written at once (maxConcurrent 2): one statement each
  assert.ok(sent >= 1 && sent <= 8, `${sent} statements for 8 reports`);
  const { rows } = await sauti.platform.db.pool.query<{ reference: string; n: number }>(
    `select c.reference, count(r.id)::int as n from cases c left join reports r on r.case_id = c.id where c.reference = any($1) group by c.reference`,
    [results.map((r) => r.caseReference)],
  );
  assert.equal(rows.length, 8);
  assert.ok(rows.every((r) => r.n === 1));
});

test('a report the database refuses leaves no case, history, audit row, report or evidence; the one beside it is stored', async () => {
  const before = await counts();
  // a file hash the evidence table refuses: the last insert of the statement fails
  const bad = { ...photo, sha256: 'not-a-hash' };
  const [good, refused] = await Promise.allSettled([
    submitReport(sauti.platform, report, 'api', [photo]),
    submitReport(sauti.platform, report, 'api', [bad]),
  ]);
  assert.equal(good.status, 'fulfilled');
  assert.equal(refused.status, 'rejected');
  const after = await counts();
  assert.deepEqual(Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k]!])), {
    cases: 1,
    subjects: 1,
    history: 1,
    audit: 1,
    reports: 1,
    evidence: 1,
  });
});
