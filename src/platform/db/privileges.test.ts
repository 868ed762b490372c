import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { startSauti, type TestContext } from '../../../test/helpers.ts';

// Sauti connects as a login of the application role, which owns nothing: an attacker who gets SQL
// through the application cannot switch off the append-only triggers, rewrite who a case or a
// letter names, or change a report, a question's words or the audit trail.
describe('the application role', () => {
  let sauti: TestContext;
  before(async () => {
    sauti = await startSauti({ demoStaff: false });
  });
  after(() => sauti.close());

  const refused: Array<[string, RegExp]> = [
    ['alter table audit_log disable trigger audit_log_append_only', /must be owner/],
    ['alter table case_history disable trigger all', /must be owner/],
    ['drop trigger voice_events_append_only on voice_events', /must be owner/],
    ["set session_replication_role = 'replica'", /permission denied/],
    ['truncate audit_log', /permission denied/],
    ['alter table reports add column note text', /must be owner/],
    ['create table shadow (id int)', /permission denied for schema public/],
    ["update case_subjects set service_number = '2015-000001'", /permission denied/],
    ['delete from case_subjects', /permission denied/],
    ["update voice_named_officers set service_number = '2015-000001'", /permission denied/],
    ['delete from voice_named_officers', /permission denied/],
    ["update reports set description = 'rewritten'", /permission denied/],
    ['delete from reports', /permission denied/],
    ["update engage_questions set body = 'rewritten'", /permission denied/],
    ["update engage_questions set participant_id = 'someone-else'", /permission denied/],
    ['update engage_events set ref_id = 1', /permission denied/],
    ['alter role current_user superuser', /permission denied|must be superuser/],
    ['create role intruder superuser', /permission denied|must be superuser/],
  ];

  for (const [sql, message] of refused) {
    test(`refuses: ${sql}`, async () => {
      await assert.rejects(sauti.platform.db.pool.query(sql), message);
    });
  }

  test('is not a superuser and owns no table', async () => {
    const me = (
      await sauti.platform.db.pool.query<{ rolsuper: boolean; owned: number }>(
        `select r.rolsuper, (select count(*)::int from pg_tables t where t.tableowner = current_user) as owned from pg_roles r where r.rolname = current_user`,
      )
    ).rows[0]!;
    assert.deepEqual(me, { rolsuper: false, owned: 0 });
  });

  test('still does its work: moderation changes a question status, old live events are pruned', async () => {
    const pool = sauti.platform.db.pool;
    await pool.query(`update engage_questions set status = 'approved' where false`);
    await pool.query(`delete from engage_events where at < now() - interval '1 day'`);
  });

  test('the owner keeps every right (migrations run as it)', async () => {
    const owner = new pg.Client({ connectionString: sauti.platform.db.ownerConnectionString });
    await owner.connect();
    try {
      await owner.query('begin');
      await owner.query('alter table reports add column note text');
      await owner.query('rollback');
    } finally {
      await owner.end();
    }
  });
});
