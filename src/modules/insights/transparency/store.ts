import type { Queryable } from '../../../platform/db/database.ts';
import type { ComplaintFact, DocumentFact, FineFact, MonthFacts, ObFact, ReleaseTables } from './tables.ts';

// The portal reads the rollups (one month at a time, by their month indexes), its own releases, and the
// commitments and public directives other modules publish in their *_facts views.

/** "2026-11" → the rollups' month key, the first day. */
const day = (month: string) => `${month}-01`;

export async function monthFacts(db: Queryable, month: string, categories: readonly string[]): Promise<MonthFacts> {
  const [complaints, fines, documents, ob] = [
    await db.query<ComplaintFact>(
      `select county_code as county, category, outcome, sum(cases)::int as cases, sum(responded)::int as responded,
         sum(responded_in_time)::int as "respondedInTime"
       from insights_case_counties where month = $1 and category = any($2) group by 1, 2, 3`,
      [day(month), categories],
    ),
    await db.query<FineFact>(
      `select county_code as county, status, sum(notices)::int as notices, sum(amount_cents)::float8 as "amountCents",
         sum(paid_cents)::float8 as "paidCents"
       from insights_fines where month = $1 and kind = 'fine' group by 1, 2`,
      [day(month)],
    ),
    await db.query<DocumentFact>(
      `select county_code as county, kind, sum(requested)::int as requested, sum(issued)::int as issued,
         sum(issued_in_time)::int as "issuedInTime", sum(refused)::int as refused, sum(waiting)::int as waiting,
         insights_sum_hist(issue_hours) as "issueHours"
       from insights_documents where month = $1 group by 1, 2`,
      [day(month)],
    ),
    await db.query<ObFact>(
      `select county_code as county, sum(logged_entries)::int as "loggedEntries",
         sum(custody_deadlines)::int as "custodyDeadlines", sum(custody_breaches)::int as "custodyBreaches"
       from insights_ob where month = $1 group by 1`,
      [day(month)],
    ),
  ];
  return { complaints: complaints.rows, fines: fines.rows, documents: documents.rows, ob: ob.rows };
}

/** The earliest month any rollup holds ("YYYY-MM"), or undefined while they are empty. */
export async function firstMonth(db: Queryable): Promise<string | undefined> {
  const { rows } = await db.query<{ month: string | null }>(
    `select to_char(least((select min(month) from insights_case_counties), (select min(month) from insights_fines),
       (select min(month) from insights_documents), (select min(month) from insights_ob)), 'YYYY-MM') as month`,
  );
  return rows[0]?.month ?? undefined;
}

export interface RefreshRow {
  id: string;
  started_at: Date;
  finished_at: Date;
  snapshot: string;
  checkpoint_size: string | null;
  checkpoint_root: string | null;
  witnesses: number | null;
}

/** The latest rebuild of the rollups, with the number of witnesses who cosigned its OB checkpoint. */
export async function latestRefresh(db: Queryable): Promise<RefreshRow | undefined> {
  const { rows } = await db.query<RefreshRow>(
    `select r.id, r.started_at, r.finished_at, r.snapshot, r.checkpoint_size, r.checkpoint_root,
       (select max(c.cosignatures)::int from ob_checkpoint_facts c where c.size = r.checkpoint_size) as witnesses
     from insights_refreshes r where r.rollup = 'all' order by r.id desc limit 1`,
  );
  return rows[0];
}

export interface ReleaseRow {
  month: string;
  released_at: Date;
  refreshed_at: Date;
  snapshot: string;
  checkpoint_size: string | null;
  checkpoint_root: string | null;
  checkpoint_witnesses: number | null;
  min_count: number;
  min_custody_count: number;
  tables: ReleaseTables;
}

const releaseColumns = `to_char(month, 'YYYY-MM') as month, released_at, refreshed_at, snapshot, checkpoint_size,
  checkpoint_root, checkpoint_witnesses, min_count, min_custody_count`;

export async function release(db: Queryable, month: string): Promise<ReleaseRow | undefined> {
  const { rows } = await db.query<ReleaseRow>(
    `select ${releaseColumns}, tables from insights_transparency_releases where month = $1`,
    [day(month)],
  );
  return rows[0];
}

/** Every released month, latest first (without their tables). */
export async function releasedMonths(db: Queryable): Promise<Array<Omit<ReleaseRow, 'tables'>>> {
  const { rows } = await db.query<Omit<ReleaseRow, 'tables'>>(
    `select ${releaseColumns} from insights_transparency_releases order by month desc`,
  );
  return rows;
}

/** Writes a month's release once; a release already there (another instance was quicker) is kept. */
export async function insertRelease(db: Queryable, r: ReleaseRow): Promise<void> {
  await db.query(
    `insert into insights_transparency_releases (month, released_at, refreshed_at, snapshot, checkpoint_size,
       checkpoint_root, checkpoint_witnesses, min_count, min_custody_count, tables)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) on conflict (month) do nothing`,
    [
      day(r.month),
      r.released_at,
      r.refreshed_at,
      r.snapshot,
      r.checkpoint_size,
      r.checkpoint_root,
      r.checkpoint_witnesses,
      r.min_count,
      r.min_custody_count,
      JSON.stringify(r.tables),
    ],
  );
}

/** Makes the transaction a read-only snapshot (every read after sees one state) and names it. */
export async function readOnlySnapshot(db: Queryable): Promise<string> {
  await db.query('set transaction isolation level repeatable read, read only');
  const { rows } = await db.query<{ snapshot: string }>('select pg_current_snapshot()::text as snapshot');
  return rows[0]!.snapshot;
}

export interface CommitmentRow {
  id: string;
  hashtag: string;
  session_at: Date;
  body: string;
  unit_code: string;
  created_at: Date;
  due_at: Date;
  done_at: Date | null;
  done_note: string | null;
}

export interface CommitmentCounts {
  kept: number;
  kept_late: number;
  overdue: number;
  due: number;
}

/**
 * Commitments made in sessions held from `from` to `to`, and those from earlier sessions still overdue at
 * `now`; with every commitment ever made counted by what became of it, and the snapshot read.
 */
export async function commitments(db: Queryable, from: Date, to: Date, now: Date) {
  const list = await db.query<CommitmentRow>(
    `select id, hashtag, session_at, body, unit_code, created_at, due_at, done_at, done_note
     from engage_commitment_facts
     where (session_at >= $1 and session_at < $2) or (session_at < $1 and done_at is null and due_at < $3)
     order by session_at desc, id limit 500`,
    [from, to, now],
  );
  const counts = await db.query<CommitmentCounts>(
    `select count(*) filter (where done_at <= due_at)::int as kept, count(*) filter (where done_at > due_at)::int as kept_late,
       count(*) filter (where done_at is null and due_at < $1)::int as overdue,
       count(*) filter (where done_at is null and due_at >= $1)::int as due
     from engage_commitment_facts`,
    [now],
  );
  return { rows: list.rows, all: counts.rows[0]! };
}

export interface DirectiveCounts {
  unit_code: string;
  delivered_on_time: number;
  delivered_late: number;
  overdue: number;
  not_yet_due: number;
}

/** Public directives due from `from` to `to` (calendar days, inclusive), by unit and by what became of them. */
export async function directives(db: Queryable, from: string, to: string, today: string, zone: string) {
  const { rows } = await db.query<DirectiveCounts>(
    `select unit_code,
       count(*) filter (where status = 'closed' and (closed_at at time zone $4)::date <= due_on)::int as delivered_on_time,
       count(*) filter (where status = 'closed' and (closed_at at time zone $4)::date > due_on)::int as delivered_late,
       count(*) filter (where status <> 'closed' and due_on < $3::date)::int as overdue,
       count(*) filter (where status <> 'closed' and due_on >= $3::date)::int as not_yet_due
     from directive_facts where public and due_on between $1::date and $2::date group by unit_code order by unit_code`,
    [from, to, today, zone],
  );
  return rows;
}
