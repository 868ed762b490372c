import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { freshDatabase, type FreshDatabase } from '../../../test/cluster.ts';
import { Jobs } from './index.ts';

// A job's completion is written by pg-boss after the job has run. If the database connection is lost
// at that moment, the error is logged and the process keeps running: an unhandled rejection here would
// end Sauti (and fails this file).
let database: FreshDatabase;
let owner: pg.Client;
const QUEUE = 'test.completion';

before(async () => {
  database = await freshDatabase();
  await Jobs.install(database.ownerUrl, [QUEUE]);
  owner = new pg.Client({ connectionString: database.ownerUrl });
  await owner.connect();
});
after(async () => {
  await owner.end();
  await database.drop();
});

async function until<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 800; i++) {
    const found = await check();
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 25));
  }
  const { rows } = await owner.query(
    `select wait_event_type, left(query, 60) as query from pg_stat_activity where application_name = 'sauti-jobs'`,
  );
  assert.fail(`never: ${what} (the job connections: ${JSON.stringify(rows)})`);
}

test('a job whose completion is cut off by a lost connection is logged, and the process keeps running', async () => {
  const logged: string[] = [];
  const jobs = new Jobs(database.url, { pollSeconds: 0.5 });
  await jobs.start({ error: (obj) => logged.push(String((obj as { err?: Error }).err?.message)) });
  let ran = 0;
  await jobs.define({ queue: QUEUE, run: async () => void ran++ });
  // the job table is locked once the job has been fetched, so that its completion waits on the lock
  await jobs.work({
    queue: QUEUE,
    run: async () => {
      ran++;
      await owner.query('begin');
      await owner.query('lock table pgboss.job in access exclusive mode');
    },
  });
  await jobs.send(QUEUE, {});
  const waiting = await until(async () => {
    const { rows } = await owner.query<{ pid: number }>(
      `select pid from pg_stat_activity where application_name = 'sauti-jobs' and wait_event_type = 'Lock'
        and query ilike '%completed%'`,
    );
    return rows[0]?.pid;
  }, 'the completion waits on the lock');
  assert.equal(ran, 1);
  await owner.query('select pg_terminate_backend($1)', [waiting]);
  await until(
    async () => (logged.some((m) => /terminat/i.test(m)) ? true : undefined),
    'the lost completion is logged',
  );
  await owner.query('rollback');
  await jobs.stop();
});
