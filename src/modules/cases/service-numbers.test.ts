import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { canonicalServiceNumber, jurisdiction } from '../../jurisdiction/kenya/index.ts';
import { migrationSources } from '../../platform/boot.ts';
import { migrate, type MigrationSource } from '../../platform/db/migrate.ts';
import { syncReferenceData } from '../../platform/reference.ts';
import { freshDatabase } from '../../../test/helpers.ts';
import { modules } from '../index.ts';
import { serviceNumberExamples as examples } from './service-number-examples.ts';

/** Every module's migrations, without those from the service-number change on (to build the database as it was). */
function migrationsBefore(dir: string): MigrationSource[] {
  const firstNew: Record<string, string> = { cases: '004', voice: '003' };
  return migrationSources(modules).map((source) => {
    const cut = firstNew[source.name];
    if (!cut) return source;
    const target = mkdtempSync(join(dir, `${source.name}-`));
    for (const file of readdirSync(source.dir))
      if (file < cut) copyFileSync(join(source.dir, file), join(target, file));
    return { name: source.name, dir: target };
  });
}

describe('the migration canonicalises the numbers already stored, in the same rule as the TypeScript', () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let owner: pg.Pool;
  let dir: string;
  const q = <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => owner.query<T>(sql, params);

  before(async () => {
    fresh = await freshDatabase({ migrated: false });
    owner = new pg.Pool({ connectionString: fresh.ownerUrl, max: 2 });
    dir = mkdtempSync(join(tmpdir(), 'sauti-sn-'));
    await migrate(owner, migrationsBefore(dir));
    await syncReferenceData({ ...fresh.db, pool: owner }, jurisdiction);

    // the roster with one officer entered twice, another typed two ways and never canonically, and a legacy number
    await q(`insert into officers (service_number, name, rank, station_id) values
      ('2015-088120', 'Peter Kioko', 'Corporal', 'salama'),
      ('2015 088120', 'Peter Kioko (again)', 'Corporal', 'kasarani'),
      ('NPS 2016-000002', 'Jane Two', 'Constable', 'kasarani'),
      ('2016000002', 'Jane Two (again)', 'Constable', 'kasarani'),
      ('2016/000001', 'John One', 'Sergeant', 'mombasa-traffic-base'),
      ('LEGACY-77', 'Old Number', 'Inspector', 'salama')`);
    await q(`insert into users (username, display_name, role, unit_code, station_id, service_number, password_hash) values
      ('kioko', 'Peter Kioko', 'investigator', 'IAU', null, '2015 088120', 'x'),
      ('two', 'Jane Two', 'officer', null, 'kasarani', '2016000002', 'x'),
      ('one', 'John One', 'officer', null, 'mombasa-traffic-base', '2016/000001', 'x'),
      ('legacy', 'Old Number', 'officer', null, 'salama', 'LEGACY-77', 'x')`);
    await q(`insert into cases (id, reference, source, category, unit_code, title, first_response_due_at)
             values (1, 'CASE-2026-000001', 'report', 'bribery_extortion', 'IAU', 'A bribe', now()),
                    (2, 'CASE-2026-000002', 'voice', 'officer_grievance', 'IAU', 'A letter', now())`);
    await q(
      `insert into case_subjects (case_id, service_number, name) values (1, '2015/088120', 'Cpl Kioko'), (1, '088120', 'partial'), (1, null, 'no number')`,
    );
    await q(`insert into voice_submissions (registry_number, kind, subject, body, author_id, author_service_number, author_station_id, unit_code, sha256, received_at, acknowledge_due_at, receipt)
             select 'IGR-2026-000001', 'grievance', 'Pay', 'Not paid', id, '2016/000001', 'mombasa-traffic-base', 'IG_OFFICE', repeat('a', 64), now(), now() + interval '7 days', '{}'
             from users where username = 'one'`);
    await q(
      `insert into voice_named_officers (submission_id, service_number, name) select id, 'NPS2015-088120', 'Kioko' from voice_submissions`,
    );
    await q(
      `insert into voice_assignments (submission_id, unit_code, case_reference, assigned_by, at) select v.id, 'IAU', 'CASE-2026-000002', u.id, now() from voice_submissions v, users u where u.username = 'kioko'`,
    );

    await migrate(owner, migrationSources(modules));
  });
  after(async () => {
    await owner.end();
    await fresh.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('canonical_service_number() in SQL gives what the TypeScript gives, for every example', async () => {
    const typed = examples.map(([t]) => t);
    const { rows } = await q<{ typed: string; canonical: string | null }>(
      'select typed, canonical_service_number(typed) as canonical from unnest($1::text[]) as typed',
      [typed],
    );
    assert.deepEqual(
      rows.map((r) => [r.typed, r.canonical]),
      typed.map((t) => [t, canonicalServiceNumber(t)]),
    );
  });

  test('the roster: one entry per officer in the canonical form (the canonical entry kept), a legacy number as it was', async () => {
    const { rows } = await q<{ service_number: string; name: string; station_id: string }>(
      'select service_number, name, station_id from officers order by service_number',
    );
    assert.deepEqual(rows, [
      { service_number: '2015-088120', name: 'Peter Kioko', station_id: 'salama' },
      { service_number: '2016-000001', name: 'John One', station_id: 'mombasa-traffic-base' },
      { service_number: '2016-000002', name: 'Jane Two (again)', station_id: 'kasarani' },
      { service_number: 'LEGACY-77', name: 'Old Number', station_id: 'salama' },
    ]);
  });

  test('staff accounts hold the canonical number and still point at the roster', async () => {
    const { rows } = await q<{ username: string; service_number: string }>(
      `select username, service_number from users order by username`,
    );
    assert.deepEqual(rows, [
      { username: 'kioko', service_number: '2015-088120' },
      { username: 'legacy', service_number: 'LEGACY-77' },
      { username: 'one', service_number: '2016-000001' },
      { username: 'two', service_number: '2016-000002' },
    ]);
    await assert.rejects(q(`update users set service_number = '2099-000000' where username = 'one'`), /foreign key/);
  });

  test('names in cases and letters keep what was typed, with the canonical form beside it', async () => {
    const subjects = await q('select service_number, service_number_canonical from case_subjects order by id');
    assert.deepEqual(subjects.rows, [
      { service_number: '2015/088120', service_number_canonical: '2015-088120' },
      { service_number: '088120', service_number_canonical: null },
      { service_number: null, service_number_canonical: null },
    ]);
    const named = await q('select service_number, service_number_canonical from voice_named_officers');
    assert.deepEqual(named.rows, [{ service_number: 'NPS2015-088120', service_number_canonical: '2015-088120' }]);
    const letter = await q('select author_service_number, author_service_number_canonical from voice_submissions');
    assert.deepEqual(letter.rows, [
      { author_service_number: '2016/000001', author_service_number_canonical: '2016-000001' },
    ]);
  });

  test('a letter still cannot be changed, and may still be acknowledged', async () => {
    await assert.rejects(q(`update voice_submissions set author_service_number = '2016-000001'`), /cannot be changed/);
    await assert.rejects(q(`update voice_submissions set body = 'changed'`), /cannot be changed/);
    const acknowledged = await q(
      `update voice_submissions set acknowledged_at = now(), acknowledged_by = (select id from users where username = 'kioko')`,
    );
    assert.equal(acknowledged.rowCount, 1);
  });

  test("a case already opened from a letter takes the letter's station wall", async () => {
    const { rows } = await q('select reference, walled_station_id from cases order by id');
    assert.deepEqual(rows, [
      { reference: 'CASE-2026-000001', walled_station_id: null },
      { reference: 'CASE-2026-000002', walled_station_id: 'mombasa-traffic-base' },
    ]);
  });

  test('new roster entries and accounts are canonicalised as they are written; a re-import of a number typed another way updates the officer', async () => {
    await q(
      `insert into officers (service_number, name, rank, station_id) values ('NPS 2017/093411', 'New Officer', 'Constable', 'salama')`,
    );
    await q(`insert into officers (service_number, name, rank, station_id) values ('2015088120', 'Peter Kioko', 'Sergeant', 'kasarani')
             on conflict (service_number) do update set rank = excluded.rank, station_id = excluded.station_id`);
    await q(
      `insert into users (username, display_name, role, station_id, service_number, password_hash) values ('new', 'New Officer', 'officer', 'salama', '2017 093411', 'x')`,
    );
    const officers = await q(
      `select service_number, rank, station_id from officers where name in ('New Officer', 'Peter Kioko') order by service_number`,
    );
    assert.deepEqual(officers.rows, [
      { service_number: '2015-088120', rank: 'Sergeant', station_id: 'kasarani' },
      { service_number: '2017-093411', rank: 'Constable', station_id: 'salama' },
    ]);
    assert.equal(
      (await q<{ service_number: string }>(`select service_number from users where username = 'new'`)).rows[0]
        ?.service_number,
      '2017-093411',
    );
  });
});
