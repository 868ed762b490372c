import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { freshDatabase } from '../../../test/helpers.ts';
import { APP_ROLE, onConnection, type Database } from './database.ts';
import { OneStatement, type Relation } from './statement.ts';

let db: Database;
let drop: () => Promise<void>;
before(async () => {
  const fresh = await freshDatabase();
  db = fresh.db;
  drop = fresh.drop;
  await fresh.asOwner(`create table st_parents (id bigserial primary key, label text not null);
    create table st_children (id bigserial primary key, parent_id bigint not null references st_parents (id), value int not null check (value >= 0));
    grant select, insert on st_parents, st_children to ${APP_ROLE};
    grant usage on sequence st_parents_id_seq, st_children_id_seq to ${APP_ROLE}`);
});
after(async () => {
  await db.close();
  await drop();
});

/** One owner's steps: parents, returned as a relation (ord, id). */
function addParents(statement: OneStatement, labels: string[]): Relation<'ord' | 'id'> {
  const input = statement.with<'ord' | 'label'>(
    'input',
    `select * from unnest(${statement.param(labels)}::text[]) with ordinality as t(label, ord)`,
  );
  const inserted = statement.with<'id' | 'label'>(
    'inserted',
    `insert into st_parents (label) select label from ${input} order by ord returning id, label`,
  );
  return statement.with(
    'parent',
    `select ${input.col('ord')} as ord, ${inserted.col('id')} as id from ${input} join ${inserted} using (label)`,
  );
}

/** Another owner's steps, named as the first owner's are ('input', 'inserted'), reading only the relation it was given. */
function addChildren(statement: OneStatement, parents: Relation<'ord' | 'id'>, values: number[]): void {
  const input = statement.with(
    'input',
    `select * from unnest(${statement.param(values)}::int[]) with ordinality as t(value, ord)`,
  );
  statement.with(
    'inserted',
    `insert into st_children (parent_id, value) select ${parents.col('id')}, value from ${input} join ${parents} on ${parents.col('ord')} = ${input}.ord`,
  );
}

const count = async (table: string) =>
  (await db.pool.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0]!.n;

test('steps of two owners with the same names and their own parameters run as one statement, in one round trip', async () => {
  const statement = new OneStatement();
  const parents = addParents(statement, ['a', 'b', 'c']);
  addChildren(statement, parents, [10, 20, 30]);
  let sent = 0;
  const rows = await onConnection(db.pool, (client) =>
    statement.run<{ id: string }, 'ord' | 'id'>(
      {
        query: ((...args: Parameters<typeof client.query>) => {
          sent++;
          return (client.query as (...a: unknown[]) => unknown)(...args);
        }) as typeof client.query,
      },
      parents,
      ['id'],
      'ord',
    ),
  );
  assert.equal(sent, 1);
  assert.equal(rows.length, 3);
  const { rows: stored } = await db.pool.query<{ label: string; value: number }>(
    'select p.label, c.value from st_children c join st_parents p on p.id = c.parent_id where p.id = any($1::bigint[]) order by p.id',
    [rows.map((r) => r.id)],
  );
  assert.deepEqual(stored, [
    { label: 'a', value: 10 },
    { label: 'b', value: 20 },
    { label: 'c', value: 30 },
  ]);
});

test('when a later step is refused, nothing an earlier owner wrote stays', async () => {
  const [parentsBefore, childrenBefore] = [await count('st_parents'), await count('st_children')];
  const statement = new OneStatement();
  const parents = addParents(statement, ['d', 'e']);
  addChildren(statement, parents, [40, -1]);
  await assert.rejects(
    onConnection(db.pool, (client) => statement.run(client, parents, ['id'])),
    (error: { constraint?: string }) => error.constraint === 'st_children_value_check',
  );
  assert.equal(await count('st_parents'), parentsBefore);
  assert.equal(await count('st_children'), childrenBefore);
});

test('the same statement runs again on the same connection (prepared once), and through the pool unprepared', async () => {
  for (const labels of [['f'], ['g', 'h']]) {
    await onConnection(db.pool, async (client) => {
      for (let i = 0; i < 2; i++) {
        const statement = new OneStatement();
        const parents = addParents(statement, labels);
        addChildren(
          statement,
          parents,
          labels.map(() => 1),
        );
        assert.equal((await statement.run(client, parents, ['id'])).length, labels.length);
      }
    });
  }
  const statement = new OneStatement();
  assert.equal((await statement.run(db.pool, addParents(statement, ['i']), ['id'])).length, 1);
});

test('a relation offers only the columns its owner declared', () => {
  const statement = new OneStatement();
  const parents = addParents(statement, ['x']);
  assert.equal(parents.col('id'), 'parent.id');
  // @ts-expect-error the parents relation declares no label
  parents.col('label');
  // @ts-expect-error a relation without `id` is not a parents relation
  addChildren(statement, statement.with<'ord'>('only_ord', 'select 1 as ord'), [1]);
  assert.throws(() => statement.with('Robert"); drop table st_parents; --', 'select 1'));
});
