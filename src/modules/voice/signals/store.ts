import type { Queryable } from '../../../platform/db/database.ts';
import type { VoiceKind } from '../store.ts';

/**
 * The SQL of the welfare signals: counts only. Nothing here selects a name, a service number, a
 * subject, a body or a registry number.
 */

export type ResignationOutcome = 'accepted' | 'declined' | 'referred' | 'withdrawn';

export interface SignalWindow {
  /** The start of the first of the 12 months (midnight on the 1st, local time). */
  from: Date;
  /** 'YYYY-MM', oldest first; the last is the month of `now`. */
  months: string[];
}

/** The months counted: each 'YYYY-MM' with the instant it begins (local time, from `platform/time`), oldest first. */
export type SignalMonths = ReadonlyArray<{ month: string; starts: Date }>;

export interface MonthCount {
  month: string;
  kind: VoiceKind;
  n: number;
}

export interface CountyCount {
  /** The county of the writer's station when they wrote; null when no station was recorded. */
  county_code: string | null;
  kind: VoiceKind;
  n: number;
}

export interface County {
  code: string;
  name: string;
}

export interface AcknowledgementCount {
  kind: VoiceKind;
  /** Acknowledged by `now`, at or before the acknowledgement was due. */
  on_time: number;
  late: number;
  /** Not acknowledged by `now`, and not yet due. */
  not_due: number;
  overdue: number;
  /** Hours from receipt to acknowledgement (continuous percentiles); null when none acknowledged. */
  median_hours: number | null;
  p90_hours: number | null;
}

export interface OutcomeCount {
  outcome: ResignationOutcome | 'undecided';
  n: number;
}

// Letters received in the window ($1 .. $2): every count below is over this same set.
const inWindow = 'v.received_at >= $1 and v.received_at <= $2';

/**
 * Makes the open transaction a read-only snapshot (its first statement), so that every count read
 * in it describes the same letters: each way of counting a kind must add up to the same total.
 */
export async function readOnlySnapshot(db: Queryable): Promise<void> {
  await db.query('set transaction isolation level repeatable read, read only');
}

/** Letters by month of receipt (local time: the month whose start is the last at or before it) and kind. */
export async function countByMonth(db: Queryable, from: Date, to: Date, months: SignalMonths): Promise<MonthCount[]> {
  const { rows } = await db.query<MonthCount>(
    `select (select m.month from unnest($3::text[], $4::timestamptz[]) as m(month, starts)
             where m.starts <= v.received_at order by m.starts desc limit 1) as month,
       v.kind, count(*)::int as n
     from voice_submissions v where ${inWindow} group by 1, 2`,
    [from, to, months.map((m) => m.month), months.map((m) => m.starts)],
  );
  return rows;
}

/** Letters by the county of the writer's station as it was when they wrote (null: none recorded), and kind. */
export async function countByCounty(db: Queryable, from: Date, to: Date): Promise<CountyCount[]> {
  const { rows } = await db.query<CountyCount>(
    `select s.county_code, v.kind, count(*)::int as n
     from voice_submissions v left join stations s on s.id = v.author_station_id
     where ${inWindow} group by 1, 2`,
    [from, to],
  );
  return rows;
}

export async function listCounties(db: Queryable): Promise<County[]> {
  const { rows } = await db.query<County>('select code, name from counties order by code');
  return rows;
}

/** Per kind: acknowledged (on time or late) and waiting (not yet due or overdue) as at `to`, and how long acknowledging took. */
export async function countAcknowledgement(db: Queryable, from: Date, to: Date): Promise<AcknowledgementCount[]> {
  const hours = 'extract(epoch from v.acknowledged_at - v.received_at)::float8 / 3600';
  const { rows } = await db.query<AcknowledgementCount>(
    `select v.kind,
       count(*) filter (where v.acknowledged_at <= $2 and v.acknowledged_at <= v.acknowledge_due_at)::int as on_time,
       count(*) filter (where v.acknowledged_at <= $2 and v.acknowledged_at > v.acknowledge_due_at)::int as late,
       count(*) filter (where (v.acknowledged_at is null or v.acknowledged_at > $2) and v.acknowledge_due_at >= $2)::int as not_due,
       count(*) filter (where (v.acknowledged_at is null or v.acknowledged_at > $2) and v.acknowledge_due_at < $2)::int as overdue,
       percentile_cont(0.5) within group (order by ${hours}) filter (where v.acknowledged_at <= $2) as median_hours,
       percentile_cont(0.9) within group (order by ${hours}) filter (where v.acknowledged_at <= $2) as p90_hours
     from voice_submissions v where ${inWindow} group by v.kind`,
    [from, to],
  );
  return rows;
}

/** Resignation requests received in the window, by what became of them by `to`. */
export async function countResignationOutcomes(db: Queryable, from: Date, to: Date): Promise<OutcomeCount[]> {
  const { rows } = await db.query<OutcomeCount>(
    `select coalesce(o.outcome, 'undecided') as outcome, count(*)::int as n
     from voice_submissions v left join voice_resignation_outcomes o on o.submission_id = v.id and o.at <= $2
     where v.kind = 'resignation' and ${inWindow} group by 1`,
    [from, to],
  );
  return rows;
}
