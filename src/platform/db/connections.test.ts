import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { startSauti, validReport, Browser, type TestContext } from '../../../test/helpers.ts';

// The database may drop Sauti's connections at any moment (a restart, a failover, an operator
// ending sessions). Each pg client, the pool's, pg-boss's and the LISTEN connection, has an error
// handler: the loss is logged, the connection replaced, and the process keeps serving. An
// unhandled client 'error' would end this test's process.
let sauti: TestContext;
let owner: pg.Client;

before(async () => {
  sauti = await startSauti({ demoStaff: false });
  owner = new pg.Client({ connectionString: sauti.platform.db.ownerConnectionString });
  await owner.connect();
});
after(async () => {
  await owner.end();
  await sauti.close();
});

async function terminateApplicationConnections(): Promise<number> {
  const { rows } = await owner.query<{ n: number }>(
    `select count(*)::int as n from (select pg_terminate_backend(pid) from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and usename <> current_user) t`,
  );
  return rows[0]!.n;
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`never: ${what}`);
}

test('connections ended by the server, idle or in use, are replaced and Sauti keeps serving', async () => {
  const browser = new Browser(sauti.app);
  assert.equal((await browser.postMultipart('/report', validReport, [])).statusCode, 201);
  // one connection busy in a long query while the rest sit idle
  const busy = sauti.platform.db.pool.query('select pg_sleep(30)').then(
    () => 'finished',
    (error: Error) => error.message,
  );
  // and one checked out between two statements of a transaction: its loss arrives as an 'error'
  // event with no query to take it, which pg-pool leaves to the caller's own listener
  const held = await sauti.platform.db.pool.connect();
  await held.query('begin');
  await until(
    async () =>
      (await owner.query(`select 1 from pg_stat_activity where query = 'select pg_sleep(30)' and state = 'active'`))
        .rowCount === 1,
    'the long query runs',
  );
  assert.ok((await terminateApplicationConnections()) >= 3, 'the pool, jobs and LISTEN connections were ended');
  assert.match(await busy, /terminat/i, 'the query in flight fails, and only it');
  await until(
    () =>
      held.query('select 1').then(
        () => false,
        () => true,
      ),
    'the held connection is known lost',
  );
  held.release(true);

  // the pool makes new connections; pg-boss and the LISTEN connection come back by themselves
  await until(async () => (await sauti.app.inject('/healthz')).statusCode === 200, '/healthz answers 200');
  const again = await browser.postMultipart('/report', validReport, []);
  assert.equal(again.statusCode, 201, again.body.slice(0, 300));
  await until(
    async () =>
      (
        await owner.query(
          `select 1 from pg_stat_activity where datname = current_database() and application_name = 'sauti-jobs'`,
        )
      ).rowCount! > 0,
    'pg-boss reconnects',
  );
  assert.equal(
    (await sauti.platform.db.pool.query<{ n: number }>('select count(*)::int as n from reports')).rows[0]!.n,
    2,
  );
});
