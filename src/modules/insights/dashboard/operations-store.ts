import type { Queryable } from '../../../platform/db/database.ts';
import type { DashboardFilter } from './filters.ts';
import { filterWhere as where } from './store.ts';

// The dashboard's reads for the Occurrence Book, documents, fines and #EngageTheIG (none of them by unit).

/** Rows are grouped by station when a county is chosen, otherwise by county. */
const placeKey = (f: DashboardFilter) => (f.county ? 'station_id' : 'county_code');
/** The rollup per station once a county or station is chosen; nationally, the same added up per county. */
const rollup = (f: DashboardFilter, name: 'ob' | 'documents' | 'fines') =>
  f.county || f.station
    ? `insights_${name}`
    : { ob: 'insights_ob_counties', documents: 'insights_document_counties', fines: 'insights_fine_counties' }[name];

export interface ObRow {
  key: string;
  entries: number;
  logged_entries: number;
  days_with_entries: number;
  days_closed: number;
  arrests: number;
  custody_deadlines: number;
  custody_breaches: number;
}

export async function obBy(db: Queryable, f: DashboardFilter): Promise<ObRow[]> {
  const params: unknown[] = [];
  const clause = where(f, { month: 'month', county: 'county_code', station: 'station_id' }, params);
  const { rows } = await db.query<ObRow>(
    `select ${placeKey(f)} as key, sum(entries)::int as entries, sum(logged_entries)::int as logged_entries,
       sum(days_with_entries)::int as days_with_entries, sum(days_closed)::int as days_closed, sum(arrests)::int as arrests,
       sum(custody_deadlines)::int as custody_deadlines, sum(custody_breaches)::int as custody_breaches
     from ${rollup(f, 'ob')} ${clause} group by 1 order by 2 desc`,
    params,
  );
  return rows;
}

export interface DocumentRow {
  key: string;
  requested: number;
  issued: number;
  issued_in_time: number;
  refused: number;
  waiting: number;
  escalated: number;
  issue_hours: number[];
}

export async function documentsBy(db: Queryable, f: DashboardFilter, by: 'place' | 'kind'): Promise<DocumentRow[]> {
  const params: unknown[] = [];
  const clause = where(f, { month: 'month', county: 'county_code', station: 'station_id' }, params);
  const { rows } = await db.query<DocumentRow>(
    `select ${by === 'kind' ? 'kind' : placeKey(f)} as key, sum(requested)::int as requested, sum(issued)::int as issued,
       sum(issued_in_time)::int as issued_in_time, sum(refused)::int as refused, sum(waiting)::int as waiting,
       sum(escalated)::int as escalated, insights_sum_hist(issue_hours) as issue_hours
     from ${rollup(f, 'documents')} ${clause} group by 1 order by 2 desc`,
    params,
  );
  return rows;
}

export interface FineRow {
  key: string;
  name?: string;
  fines: number;
  paid: number;
  contested: number;
  withdrawn: number;
  overdue: number;
  collected_cents: number;
  issued_cents: number;
}

const fineSums = (status: string, notices: string, paid: string, amount: string) => `
  (sum(${notices}) filter (where kind = 'fine'))::int as fines,
  coalesce(sum(${notices}) filter (where ${status} = 'paid'), 0)::int as paid,
  coalesce(sum(${notices}) filter (where ${status} = 'contested'), 0)::int as contested,
  coalesce(sum(${notices}) filter (where ${status} = 'withdrawn'), 0)::int as withdrawn,
  coalesce(sum(${paid}), 0)::bigint as collected_cents,
  coalesce(sum(${amount}) filter (where kind = 'fine'), 0)::bigint as issued_cents`;

export async function finesBy(db: Queryable, f: DashboardFilter): Promise<FineRow[]> {
  const params: unknown[] = [];
  const clause = where(f, { month: 'month', county: 'county_code', station: 'station_id' }, params);
  const { rows } = await db.query<FineRow>(
    `select ${placeKey(f)} as key, ${fineSums('status', 'notices', 'paid_cents', 'amount_cents')},
       sum(overdue)::int as overdue
     from ${rollup(f, 'fines')} ${clause} group by 1 order by 2 desc nulls last`,
    params,
  );
  return rows.map((r) => ({
    ...r,
    fines: r.fines ?? 0,
    collected_cents: Number(r.collected_cents),
    issued_cents: Number(r.issued_cents),
  }));
}

/** A station's fines by the officer who issued them (the notices' read model, by its station index). */
export async function finesByOfficer(db: Queryable, f: DashboardFilter, zone: string, now: Date): Promise<FineRow[]> {
  const { rows } = await db.query<FineRow>(
    `select n.issued_by::text as key, u.display_name as name, ${fineSums('n.status', '1', 'n.paid_cents', 'n.amount_cents')},
       (count(*) filter (where n.status = 'unpaid' and n.due_at < $5))::int as overdue
     from fine_notice_facts n join users u on u.id = n.issued_by
     where n.station_id = $1 and n.issued_at >= ($2::date::timestamp at time zone $4)
       and n.issued_at < (($3::date + interval '1 month')::timestamp at time zone $4)
     group by 1, 2 order by 3 desc nulls last`,
    [f.station, `${f.from}-01`, `${f.to}-01`, zone, now],
  );
  return rows.map((r) => ({
    ...r,
    fines: r.fines ?? 0,
    collected_cents: Number(r.collected_cents),
    issued_cents: Number(r.issued_cents),
  }));
}

export interface EngageSessionRow {
  session_id: string;
  hashtag: string;
  starts_at: Date;
  channel: string;
  questions: number;
  approved: number;
  answered: number;
  urgent: number;
  urgent_closed: number;
  urgent_substantiated: number;
}

export async function engageSessions(db: Queryable, f: DashboardFilter, zone: string): Promise<EngageSessionRow[]> {
  const { rows } = await db.query<EngageSessionRow>(
    `select session_id::text, hashtag, starts_at, channel, questions, approved, answered, urgent, urgent_closed,
       urgent_substantiated
     from insights_engage
     where starts_at >= ($1::date::timestamp at time zone $3) and starts_at < (($2::date + interval '1 month')::timestamp at time zone $3)
     order by starts_at desc, channel`,
    [`${f.from}-01`, `${f.to}-01`, zone],
  );
  return rows;
}

export interface PromiseCounts {
  key: string;
  kept: number;
  kept_late: number;
  due: number;
  overdue: number;
}

/** Commitments made in answers (by the unit that must act), kept on time, late, still due, overdue. */
export async function commitmentsByUnit(
  db: Queryable,
  f: DashboardFilter,
  zone: string,
  now: Date,
): Promise<PromiseCounts[]> {
  const params: unknown[] = [`${f.from}-01`, `${f.to}-01`, zone, now];
  const unit = f.unit ? `and unit_code = $${params.push(f.unit)}` : '';
  const { rows } = await db.query<PromiseCounts>(
    `select unit_code as key, count(*) filter (where done_at <= due_at)::int as kept,
       count(*) filter (where done_at > due_at)::int as kept_late,
       count(*) filter (where done_at is null and due_at >= $4)::int as due,
       count(*) filter (where done_at is null and due_at < $4)::int as overdue
     from engage_commitment_facts
     where created_at >= ($1::date::timestamp at time zone $3) and created_at < (($2::date + interval '1 month')::timestamp at time zone $3) ${unit}
     group by 1 order by 1`,
    params,
  );
  return rows;
}

/** Directives by unit: closed by their day, closed late, open and not yet due, overdue. */
export async function directivesByUnit(
  db: Queryable,
  f: DashboardFilter,
  zone: string,
  now: Date,
): Promise<PromiseCounts[]> {
  const params: unknown[] = [`${f.from}-01`, `${f.to}-01`, zone, now];
  const unit = f.unit ? `and unit_code = $${params.push(f.unit)}` : '';
  const { rows } = await db.query<PromiseCounts>(
    `select unit_code as key,
       count(*) filter (where status = 'closed' and (closed_at at time zone $3)::date <= due_on)::int as kept,
       count(*) filter (where status = 'closed' and (closed_at at time zone $3)::date > due_on)::int as kept_late,
       count(*) filter (where status = 'open' and due_on >= ($4::timestamptz at time zone $3)::date)::int as due,
       count(*) filter (where status = 'open' and due_on < ($4::timestamptz at time zone $3)::date)::int as overdue
     from directive_facts
     where issued_at >= ($1::date::timestamp at time zone $3) and issued_at < (($2::date + interval '1 month')::timestamp at time zone $3) ${unit}
     group by 1 order by 1`,
    params,
  );
  return rows;
}
