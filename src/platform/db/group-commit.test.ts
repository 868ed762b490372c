import { after, before, test } from 'node:test';
import type { PoolClient } from 'pg';
import assert from 'node:assert/strict';
import { freshDatabase } from '../../../test/helpers.ts';
import { APP_ROLE, type Database } from './database.ts';
import { GroupCommit } from './group-commit.ts';

let db: Database;
let drop: () => Promise<void>;
before(async () => {
  const fresh = await freshDatabase();
  db = fresh.db;
  drop = fresh.drop;
  await fresh.asOwner(`create table gc_items (id bigserial primary key, value int not null check (value >= 0));
    grant select, insert on gc_items to ${APP_ROLE}; grant usage on sequence gc_items_id_seq to ${APP_ROLE}`);
});
after(async () => {
  await db.close();
  await drop();
});

function writer(groups: number[]) {
  return async (client: PoolClient, values: number[]) => {
    groups.push(values.length);
    const { rows } = await client.query<{ id: string; value: number }>(
      'insert into gc_items (value) select v from unnest($1::int[]) with ordinality as t(v, ord) order by ord returning id, value',
      [values],
    );
    return values.map((v) => rows.find((r) => r.value === v)!.id);
  };
}

test('writes arriving together share a transaction, and each caller gets its own result', async () => {
  const groups: number[] = [];
  const queue = new GroupCommit(db.pool, writer(groups), { maxBatch: 50, maxConcurrent: 1 });
  const values = Array.from({ length: 40 }, (_, i) => 1000 + i);
  const ids = await Promise.all(values.map((v) => queue.submit(v)));
  assert.equal(new Set(ids).size, 40);
  const { rows } = await db.pool.query<{ id: string; value: number }>(
    'select id, value from gc_items where value >= 1000',
  );
  for (const [i, v] of values.entries()) assert.equal(rows.find((r) => r.value === v)!.id, ids[i]);
  assert.ok(groups.length < 40, `40 writes in ${groups.length} transactions`);
  assert.ok(groups.length <= Math.ceil(40 / 50) + 1);
});

test('one bad item fails alone; the others in its group are still written', async () => {
  const groups: number[] = [];
  const queue = new GroupCommit(db.pool, writer(groups), { maxBatch: 50, maxConcurrent: 1 });
  const values = [2001, 2002, -1, 2004];
  const results = await Promise.allSettled(values.map((v) => queue.submit(v)));
  assert.deepEqual(
    results.map((r) => r.status),
    ['fulfilled', 'fulfilled', 'rejected', 'fulfilled'],
  );
  const { rows } = await db.pool.query<{ value: number }>(
    'select value from gc_items where value between 2000 and 2999 order by value',
  );
  assert.deepEqual(
    rows.map((r) => r.value),
    [2001, 2002, 2004],
  );
});

test('a write arriving alone is committed at once, on its own', async () => {
  const groups: number[] = [];
  const queue = new GroupCommit(db.pool, writer(groups), { maxBatch: 50, maxConcurrent: 2 });
  await queue.submit(3001);
  await queue.submit(3002);
  assert.deepEqual(groups, [1, 1]);
});

test('a one-statement writer runs without BEGIN/COMMIT, and a bad item still fails alone', async () => {
  const groups: number[] = [];
  const inTransaction: boolean[] = [];
  const write = writer(groups);
  const queue = new GroupCommit(
    db.pool,
    async (client: PoolClient, values: number[]) => {
      // now() and statement_timestamp() differ only inside an explicit transaction
      const { rows } = await client.query<{ open: boolean }>('select now() <> statement_timestamp() as open');
      inTransaction.push(rows[0]!.open);
      return write(client, values);
    },
    { maxBatch: 50, maxConcurrent: 1, oneStatement: true },
  );
  const values = [4001, 4002, -1, 4004];
  const results = await Promise.allSettled(values.map((v) => queue.submit(v)));
  assert.deepEqual(
    results.map((r) => r.status),
    ['fulfilled', 'fulfilled', 'rejected', 'fulfilled'],
  );
  const { rows } = await db.pool.query<{ value: number }>(
    'select value from gc_items where value between 4000 and 4999 order by value',
  );
  assert.deepEqual(
    rows.map((r) => r.value),
    [4001, 4002, 4004],
  );
  assert.ok(
    inTransaction.every((open) => !open),
    'no explicit transaction around a one-statement writer',
  );
});
