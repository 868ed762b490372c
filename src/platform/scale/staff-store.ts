import { audit, listAudit } from '../audit/index.ts';
import type { Queryable } from '../db/database.ts';
import type { OneStatement, Relation } from '../db/statement.ts';
import type { ExistingStation, NewStation } from './stations.ts';

// The generator's platform rows (stations, the roster, staff accounts) and what it records of its own runs.

/** The audit trail's subject a generated history is recorded under: started, then finished. */
const SUBJECT = { type: 'database', id: 'scale' } as const;

export interface ScaleMark {
  action: 'demo.scale.started' | 'demo.scale.finished';
  at: Date;
  detail: Record<string, unknown>;
}

export async function scaleMarks(db: Queryable): Promise<ScaleMark[]> {
  const rows = await listAudit(db, SUBJECT.type, SUBJECT.id);
  return rows
    .filter((r): r is typeof r & { action: ScaleMark['action'] } =>
      ['demo.scale.started', 'demo.scale.finished'].includes(r.action),
    )
    .map((r) => ({ action: r.action, at: r.at, detail: r.detail }));
}

export async function markScale(db: Queryable, action: ScaleMark['action'], detail: Record<string, unknown>) {
  await audit(db, { kind: 'system', label: 'sauti demo --scale' }, action, SUBJECT.type, SUBJECT.id, detail);
}

export async function openStations(db: Queryable): Promise<ExistingStation[]> {
  return (
    await db.query<ExistingStation>(
      'select id, name, county_code from stations where closed_at is null order by county_code, id',
    )
  ).rows;
}

export async function countyList(db: Queryable): Promise<Array<{ code: string; name: string }>> {
  return (await db.query<{ code: string; name: string }>('select code, name from counties order by code')).rows;
}

/** Made-up stations, marked as changed so that the jurisdiction's seed list, written at every start, leaves them be. */
export async function insertStations(db: Queryable, stations: readonly NewStation[]): Promise<void> {
  await db.query(
    `insert into stations (id, name, county_code, kind, changed_at)
     select * , now() from unnest($1::text[], $2::text[], $3::text[], $4::text[])`,
    [
      stations.map((s) => s.id),
      stations.map((s) => s.name),
      stations.map((s) => s.countyCode),
      stations.map((s) => s.kind),
    ],
  );
}

export interface NewStaff {
  username: string;
  displayName: string;
  role: string;
  unitCode: string | null;
  stationId: string | null;
  serviceNumber: string | null;
  rank: string | null;
}

/**
 * Officers on the roster and their accounts, whom generated records name (who recorded an entry, issued a notice,
 * worked a case). Their password hash is no hash at all: nobody signs in as them.
 */
export async function insertStaff(db: Queryable, staff: readonly NewStaff[]): Promise<void> {
  const onRoster = staff.filter((s) => s.serviceNumber);
  await db.query(
    `insert into officers (service_number, name, rank, station_id)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::text[]) on conflict (service_number) do nothing`,
    [
      onRoster.map((s) => s.serviceNumber),
      onRoster.map((s) => s.displayName),
      onRoster.map((s) => s.rank ?? ''),
      onRoster.map((s) => s.stationId),
    ],
  );
  await db.query(
    `insert into users (username, display_name, role, unit_code, station_id, service_number, password_hash)
     select u.*, '!' from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) u
     on conflict (username) do nothing`,
    [
      staff.map((s) => s.username),
      staff.map((s) => s.displayName),
      staff.map((s) => s.role),
      staff.map((s) => s.unitCode),
      staff.map((s) => s.stationId),
      staff.map((s) => s.serviceNumber),
    ],
  );
}

/** A station as the generators draw it, with the people who write its records. */
export interface ScaleStation {
  id: string;
  name: string;
  countyCode: string;
  kind: string;
  /** The desk officer (OB entries, documents), a traffic officer (notices), the commander (day closes, withdrawals). */
  desk: string;
  deskServiceNumber: string | null;
  traffic: string;
  commander: string;
  commanderServiceNumber: string | null;
}

export interface ScaleStaff {
  /** Every open station, by id. */
  stations: ScaleStation[];
  /** Investigators (and liaisons) by unit: who works a unit's cases. */
  investigators: Record<string, string[]>;
  igOffice: string;
  moderator: string;
}

/** The stations and people generated records name (each station has an officer and a commander by now). */
export async function scaleStaff(db: Queryable): Promise<ScaleStaff> {
  const stations = await db.query<ScaleStation>(
    `select s.id, s.name, s.county_code as "countyCode", s.kind,
       (array_agg(u.id order by u.id) filter (where u.role = 'officer'))[1] as desk,
       (array_agg(u.service_number order by u.id) filter (where u.role = 'officer'))[1] as "deskServiceNumber",
       (array_agg(u.id order by u.id desc) filter (where u.role = 'officer'))[1] as traffic,
       (array_agg(u.id order by u.id) filter (where u.role = 'station_commander'))[1] as commander,
       (array_agg(u.service_number order by u.id) filter (where u.role = 'station_commander'))[1] as "commanderServiceNumber"
     from stations s join users u on u.station_id = s.id and u.disabled_at is null
     where s.closed_at is null group by s.id order by s.id`,
  );
  const units = await db.query<{ unit_code: string; ids: string[] }>(
    `select unit_code, array_agg(id order by id) as ids from users
     where role in ('investigator', 'oversight_liaison') and unit_code is not null and disabled_at is null group by unit_code`,
  );
  const first = async (role: string) =>
    (await db.query<{ id: string }>('select min(id)::text as id from users where role = $1', [role])).rows[0]?.id;
  const igOffice = await first('ig_office');
  const moderator = await first('moderator');
  if (!igOffice || !moderator) throw new Error('scale: the IG office and a moderator need an account first');
  return {
    stations: stations.rows.filter((s) => s.desk && s.commander),
    investigators: Object.fromEntries(units.rows.map((r) => [r.unit_code, r.ids])),
    igOffice,
    moderator,
  };
}

/** Exact row counts of the tables named (the generator's report). */
export async function rowCounts(db: Queryable, tables: readonly string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    if (!/^[a-z_]+$/.test(table)) throw new Error(`not a table name: ${table}`);
    const exists = await db.query('select 1 from pg_tables where schemaname = current_schema() and tablename = $1', [
      table,
    ]);
    if (exists.rowCount === 0) continue;
    counts[table] = Number((await db.query<{ n: string }>(`select count(*) as n from ${table}`)).rows[0]!.n);
  }
  return counts;
}

export async function databaseSize(db: Queryable): Promise<number> {
  return Number(
    (await db.query<{ size: string }>('select pg_database_size(current_database()) as size')).rows[0]!.size,
  );
}

/** The planner's statistics, fresh. */
export async function analyze(owner: Queryable): Promise<void> {
  await owner.query('analyze');
}

/** What autovacuum would have done over three years: the planner's statistics and the visibility map. */
export async function vacuumAnalyze(owner: Queryable): Promise<void> {
  await owner.query('vacuum (analyze)');
}

export type StationColumn =
  | 'si'
  | 'id'
  | 'name'
  | 'county_code'
  | 'kind'
  | 'desk'
  | 'desk_service_number'
  | 'traffic'
  | 'commander'
  | 'commander_service_number';

/**
 * The stations as a relation of the statement, numbered `si` from 1 in the order given: join on `si` rather than
 * subscripting arrays of text, whose n-th element is found by walking the n before it.
 */
export function stationsIn(statement: OneStatement, stations: readonly ScaleStation[]): Relation<StationColumn> {
  const p = (v: unknown) => statement.param(v);
  return statement.with<StationColumn>(
    'scale_stations',
    `select s.si::int as si, s.id, s.name, s.county_code, s.kind, s.desk, s.desk_service_number, s.traffic, s.commander,
       s.commander_service_number
     from unnest(${p(stations.map((s) => s.id))}::text[], ${p(stations.map((s) => s.name))}::text[],
       ${p(stations.map((s) => s.countyCode))}::text[], ${p(stations.map((s) => s.kind))}::text[],
       ${p(stations.map((s) => s.desk))}::bigint[], ${p(stations.map((s) => s.deskServiceNumber))}::text[],
       ${p(stations.map((s) => s.traffic))}::bigint[], ${p(stations.map((s) => s.commander))}::bigint[],
       ${p(stations.map((s) => s.commanderServiceNumber))}::text[])
       with ordinality as s(id, name, county_code, kind, desk, desk_service_number, traffic, commander,
         commander_service_number, si)`,
  );
}
