import type { Queryable } from '../../../platform/db/database.ts';
import { durationBounds } from '../durations.ts';

// Rebuilding the rollups from the read models other modules publish (their *_facts views). Months are
// calendar months in the jurisdiction's zone.

let zone = 'UTC';
/** The zone months and days are counted in (the jurisdiction's); set before a rebuild. */
export function countIn(timeZone: string): void {
  if (!/^[A-Za-z0-9_+\-/]+$/.test(timeZone)) throw new Error(`not a time zone: ${timeZone}`);
  zone = timeZone;
}
const month = (column: string) => `date_trunc('month', ${column} at time zone '${zone}')::date`;
const hours = (from: string, to: string) => `extract(epoch from ${to} - ${from}) / 3600`;

/**
 * A histogram column per duration, grouped by `keys`: the source gives the keys, a `what` naming the duration
 * and its `hours`; each group gets one int[] per `what` (zeros filled in), in the order of `whats`.
 */
function histogramsSql(source: string, keys: readonly string[], whats: readonly string[]): string {
  const k = keys.join(', ');
  const nullSafe = keys.map((key) => `coalesce(${key}::text, '')`).join(', ');
  return `
    with d as (${source}),
    g as (select ${k}, what, width_bucket(hours, $1::float8[]) as b, count(*)::int as n from d group by ${k}, what, b),
    groups as (select distinct ${k} from g),
    filled as (
      select ${keys.map((key) => `groups.${key}`).join(', ')}, w.what, i.b, coalesce(g.n, 0) as n
      from groups cross join unnest($2::text[]) w(what) cross join generate_series(0, ${durationBounds.length}) i(b)
      left join g on (${keys.map((key) => `coalesce(g.${key}::text, '')`).join(', ')}) = (${keys
        .map((key) => `coalesce(groups.${key}::text, '')`)
        .join(', ')}) and g.what = w.what and g.b = i.b
    )
    select ${k}, ${whats.map((w) => `array_agg(n order by b) filter (where what = '${w}') as ${w}`).join(', ')}
    from filled group by ${k} order by ${nullSafe}`;
}

export async function takeSnapshot(
  db: Queryable,
): Promise<{ snapshot: string; checkpointSize: string | null; root: string | null }> {
  const { rows } = await db.query<{ snapshot: string; size: string | null; root: string | null }>(
    `select pg_current_snapshot()::text as snapshot, c.size, c.root
       from (select 1) one left join (select size, root from ob_checkpoint_facts order by size desc limit 1) c on true`,
  );
  return { snapshot: rows[0]!.snapshot, checkpointSize: rows[0]!.size, root: rows[0]!.root };
}

export async function rebuildCases(db: Queryable, now: Date): Promise<void> {
  await db.query('delete from insights_cases');
  await db.query(
    `insert into insights_cases (month, county_code, station_id, unit_code, category, about_document, outcome, cases,
       responded, responded_in_time, resolved, resolved_in_time, overdue_now)
     select ${month('c.opened_at')}, c.county_code, c.station_id, c.unit_code, c.category, r.about_document,
       coalesce(c.outcome, 'open'), count(*), count(c.first_responded_at),
       count(*) filter (where c.first_responded_at <= c.first_response_due_at), count(c.closed_at),
       count(*) filter (where c.closed_at <= c.resolution_due_at),
       count(*) filter (where c.status <> 'closed' and c.paused_at is null and c.next_due_at < $1)
     from case_facts c left join report_facts r on r.case_id = c.id
     group by 1, 2, 3, 4, 5, 6, 7 order by 2, 1, 3`,
    [now],
  );
  await db.query('delete from insights_station_categories');
  await db.query(
    `insert into insights_station_categories (month, county_code, station_id, unit_code, category, about_document, cases)
     select month, county_code, station_id, unit_code, category, about_document, sum(cases)
     from insights_cases where station_id is not null group by 1, 2, 3, 4, 5, 6 order by 5, 1`,
  );
  await db.query('delete from insights_case_counties');
  await db.query(
    `insert into insights_case_counties (month, county_code, unit_code, category, outcome, cases, responded,
       responded_in_time, resolved, resolved_in_time, overdue_now)
     select month, county_code, unit_code, category, outcome, sum(cases), sum(responded), sum(responded_in_time),
       sum(resolved), sum(resolved_in_time), sum(overdue_now)
     from insights_cases group by 1, 2, 3, 4, 5`,
  );
  await db.query('delete from insights_case_durations');
  const source = `
    select ${month('opened_at')} as month, county_code, unit_code, 'response' as what,
      ${hours('opened_at', 'first_responded_at')} as hours
    from case_facts where first_responded_at is not null
    union all
    select ${month('opened_at')}, county_code, unit_code, 'resolution', ${hours('opened_at', 'closed_at')}
    from case_facts where closed_at is not null`;
  await db.query(
    `insert into insights_case_durations (month, county_code, unit_code, response_hours, resolution_hours)
     ${histogramsSql(source, ['month', 'county_code', 'unit_code'], ['response', 'resolution'])}`,
    [durationBounds, ['response', 'resolution']],
  );
  await rebuildCaseSlices(db);
  await db.query('delete from insights_repeat_vehicles');
  await db.query(
    `insert into insights_repeat_vehicles (plate, cases, stations, last_at)
     select v.plate, count(distinct v.case_id), array_agg(distinct c.station_id) filter (where c.station_id is not null),
       max(c.opened_at)
     from case_vehicle_facts v join case_facts c on c.id = v.case_id
     group by v.plate having count(distinct v.case_id) > 1
     order by 2 desc, 1 limit 500`,
  );
}

const all = (column: string) => `case when grouping(${column}) = 1 then '*' else ${column} end`;

/** The county rollups added up over every combination of the dashboard's filters ('*': all). */
async function rebuildCaseSlices(db: Queryable): Promise<void> {
  await db.query('delete from insights_case_slices');
  await db.query(
    `insert into insights_case_slices (month, county_code, unit_code, category, outcome, cases, responded,
       responded_in_time, resolved, resolved_in_time, overdue_now)
     select month, ${all('county_code')}, ${all('unit_code')}, ${all('category')}, ${all('outcome')}, sum(cases),
       sum(responded), sum(responded_in_time), sum(resolved), sum(resolved_in_time), sum(overdue_now)
     from insights_case_counties
     group by month, cube(county_code, unit_code), grouping sets ((category), (outcome), ())`,
  );
  await db.query('delete from insights_duration_slices');
  await db.query(
    `insert into insights_duration_slices (month, county_code, unit_code, response_hours, resolution_hours)
     select month, ${all('county_code')}, ${all('unit_code')}, insights_sum_hist(response_hours),
       insights_sum_hist(resolution_hours)
     from insights_case_durations group by month, cube(county_code, unit_code)`,
  );
}

export async function rebuildOb(db: Queryable, now: Date, checkpointSize: string | null): Promise<void> {
  await db.query('delete from insights_ob');
  await db.query(
    `with days as (
       select station_id, day, count(*) as n, count(*) filter (where leaf_index < $2) as logged,
         count(*) filter (where kind = 'arrest' and not amendment) as arrests
       from ob_entry_facts where kind <> 'day_close' group by 1, 2),
     closes as (select distinct station_id, closes_day as day from ob_entry_facts where kind = 'day_close'),
     book as (
       select d.station_id, date_trunc('month', d.day)::date as month, sum(d.n) as entries, sum(d.logged) as logged,
         count(*) filter (where d.day < ($1 at time zone '${zone}')::date) as days_over,
         count(c.day) as days_closed, sum(d.arrests) as arrests
       from days d left join closes c on c.station_id = d.station_id and c.day = d.day group by 1, 2),
     custody as (
       select station_id, ${month('due_at')} as month, count(*) as deadlines,
         count(*) filter (where breached or settled_at > due_at or (settled_at is null and due_at < $1)) as breaches
       from ob_custody_facts group by 1, 2)
     insert into insights_ob (month, county_code, station_id, entries, logged_entries, days_with_entries, days_closed,
       arrests, custody_deadlines, custody_breaches)
     select coalesce(b.month, k.month), s.county_code, s.id, coalesce(b.entries, 0), coalesce(b.logged, 0),
       coalesce(b.days_over, 0), coalesce(b.days_closed, 0), coalesce(b.arrests, 0), coalesce(k.deadlines, 0),
       coalesce(k.breaches, 0)
     from book b full join custody k on k.station_id = b.station_id and k.month = b.month
     join stations s on s.id = coalesce(b.station_id, k.station_id)
     order by 2, 1, 3`,
    [now, checkpointSize ?? 0],
  );
  await rollUpCounties(db, 'insights_ob', 'insights_ob_counties', [], {
    sum: [
      'entries',
      'logged_entries',
      'days_with_entries',
      'days_closed',
      'arrests',
      'custody_deadlines',
      'custody_breaches',
    ],
  });
}

/**
 * A rollup per station added up per county and month, which the national views and the map read: 47 counties
 * rather than 1,250 stations.
 */
async function rollUpCounties(
  db: Queryable,
  stations: string,
  counties: string,
  keys: readonly string[],
  columns: { sum: readonly string[]; hist?: readonly string[] },
): Promise<void> {
  const group = ['month', 'county_code', ...keys];
  const figures = [...columns.sum, ...(columns.hist ?? [])];
  await db.query(`delete from ${counties}`);
  await db.query(
    `insert into ${counties} (${[...group, ...figures].join(', ')})
     select ${group.join(', ')}, ${[
       ...columns.sum.map((c) => `sum(${c})`),
       ...(columns.hist ?? []).map((c) => `insights_sum_hist(${c})`),
     ].join(', ')}
     from ${stations} group by ${group.join(', ')}`,
  );
}

export async function rebuildDocuments(db: Queryable): Promise<void> {
  await db.query('delete from insights_documents');
  const source = `
    select ${month('requested_at')} as month, station_id, kind, 'issue' as what, ${hours('requested_at', 'settled_at')} as hours
    from document_request_facts where status = 'issued'`;
  await db.query(
    `with counts as (
       select ${month('r.requested_at')} as month, r.station_id, r.kind, count(*) as requested,
         count(*) filter (where r.status = 'issued') as issued,
         count(*) filter (where r.status = 'issued' and r.settled_at <= r.due_at) as issued_in_time,
         count(*) filter (where r.status = 'refused') as refused, count(*) filter (where r.status = 'waiting') as waiting,
         count(*) filter (where r.escalated) as escalated
       from document_request_facts r group by 1, 2, 3),
     times as (${histogramsSql(source, ['month', 'station_id', 'kind'], ['issue'])})
     insert into insights_documents (month, county_code, station_id, kind, requested, issued, issued_in_time, refused,
       waiting, escalated, issue_hours)
     select c.month, s.county_code, c.station_id, c.kind, c.requested, c.issued, c.issued_in_time, c.refused, c.waiting,
       c.escalated, coalesce(t.issue, array_fill(0, array[${durationBounds.length + 1}]))
     from counts c join stations s on s.id = c.station_id
     left join times t on t.month = c.month and t.station_id = c.station_id and t.kind = c.kind`,
    [durationBounds, ['issue']],
  );
  await rollUpCounties(db, 'insights_documents', 'insights_document_counties', ['kind'], {
    sum: ['requested', 'issued', 'issued_in_time', 'refused', 'waiting', 'escalated'],
    hist: ['issue_hours'],
  });
}

export async function rebuildFines(db: Queryable, now: Date): Promise<void> {
  await db.query('delete from insights_fines');
  await db.query(
    `insert into insights_fines (month, county_code, station_id, kind, status, notices, overdue, amount_cents, paid_cents)
     select ${month('issued_at')}, county_code, station_id, kind, status, count(*),
       count(*) filter (where status = 'unpaid' and due_at < $1), sum(amount_cents), sum(paid_cents)
     from fine_notice_facts group by 1, 2, 3, 4, 5 order by 2, 1, 3`,
    [now],
  );
  await rollUpCounties(db, 'insights_fines', 'insights_fine_counties', ['kind', 'status'], {
    sum: ['notices', 'overdue', 'amount_cents', 'paid_cents'],
  });
}

export async function rebuildEngage(db: Queryable): Promise<void> {
  await db.query('delete from insights_engage');
  await db.query(
    `insert into insights_engage (session_id, hashtag, starts_at, channel, questions, approved, answered, urgent,
       urgent_closed, urgent_substantiated)
     select q.session_id, q.hashtag, q.starts_at, q.channel, count(*), count(*) filter (where q.status = 'approved'),
       count(*) filter (where q.answered), count(q.case_id), count(c.closed_at),
       count(*) filter (where c.outcome like 'substantiated%')
     from engage_question_facts q left join case_facts c on c.id = q.case_id
     group by 1, 2, 3, 4`,
  );
}

export async function recordRefresh(
  db: Queryable,
  refresh: { startedAt: Date; finishedAt: Date; snapshot: string; checkpointSize: string | null; root: string | null },
): Promise<void> {
  await db.query(
    `insert into insights_refreshes (rollup, started_at, finished_at, snapshot, checkpoint_size, checkpoint_root)
     values ('all', $1, $2, $3, $4, $5)`,
    [refresh.startedAt, refresh.finishedAt, refresh.snapshot, refresh.checkpointSize, refresh.root],
  );
}

export interface RefreshRow {
  started_at: Date;
  finished_at: Date;
  snapshot: string;
  checkpoint_size: string | null;
  checkpoint_root: string | null;
}

export async function latestRefresh(db: Queryable): Promise<RefreshRow | undefined> {
  const { rows } = await db.query<RefreshRow>(
    `select started_at, finished_at, snapshot, checkpoint_size, checkpoint_root from insights_refreshes
     where rollup = 'all' order by id desc limit 1`,
  );
  return rows[0];
}
