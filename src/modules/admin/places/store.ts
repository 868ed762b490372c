import type { Queryable } from '../../../platform/db/database.ts';
import type { StationRecord } from '../../../platform/db/reference-store.ts';

/** A station as the administrator's list shows it: with the staff accounts placed at it. */
export interface StationListRow extends StationRecord {
  staff: number;
}

export interface StationFilter {
  /** Part of the name, or the beginning of the id. */
  q?: string | undefined;
  county?: string | undefined;
  state?: 'open' | 'closed' | undefined;
}

const STATION_COLUMNS = `s.id, s.name, s.county_code, s.kind, s.closed_at, s.changed_at,
  (select count(*)::int from users u where u.station_id = s.id and u.disabled_at is null) as staff`;

export async function searchStations(
  db: Queryable,
  filter: StationFilter,
  window: { limit: number; offset: number },
): Promise<{ rows: StationListRow[]; total: number }> {
  const where = `($1::text is null or position(lower($1) in lower(s.name)) > 0 or s.id like lower($1) || '%')
    and ($2::text is null or s.county_code = $2)
    and ($3::text is null or (s.closed_at is not null) = ($3 = 'closed'))`;
  const params = [filter.q ?? null, filter.county ?? null, filter.state ?? null];
  const [page, count] = await Promise.all([
    db.query<StationListRow>(
      `select ${STATION_COLUMNS} from stations s where ${where} order by lower(s.name), s.id limit $4 offset $5`,
      [...params, window.limit, window.offset],
    ),
    db.query<{ n: number }>(`select count(*)::int as n from stations s where ${where}`, params),
  ]);
  return { rows: page.rows, total: count.rows[0]!.n };
}

export async function stationWithStaff(db: Queryable, id: string): Promise<StationListRow | undefined> {
  const { rows } = await db.query<StationListRow>(`select ${STATION_COLUMNS} from stations s where s.id = $1`, [id]);
  return rows[0];
}

/** A unit with its staff accounts (active and disabled) and the stations its active staff are placed at. */
export interface UnitRow {
  code: string;
  name: string;
  staff: number;
  disabled: number;
  stations: number;
}

export async function unitsWithCounts(db: Queryable): Promise<UnitRow[]> {
  const { rows } = await db.query<UnitRow>(
    `select n.code, n.name,
       count(u.id) filter (where u.disabled_at is null)::int as staff,
       count(u.id) filter (where u.disabled_at is not null)::int as disabled,
       count(distinct u.station_id) filter (where u.disabled_at is null)::int as stations
     from units n left join users u on u.unit_code = n.code
     group by n.code, n.name order by n.code`,
  );
  return rows;
}

export interface UploadRow {
  id: string;
  csv: string;
  file_name: string;
  uploaded_at: Date;
  applied_at: Date | null;
  added: number | null;
  changed: number | null;
  unchanged: number | null;
}

/** Keeps an uploaded file for its preview; the uploader's earlier files never confirmed are dropped. */
export async function saveUpload(
  db: Queryable,
  upload: { csv: string; fileName: string; by: string; at: Date },
): Promise<string> {
  await db.query('delete from station_imports where uploaded_by = $1 and applied_at is null', [upload.by]);
  const { rows } = await db.query<{ id: string }>(
    `insert into station_imports (csv, file_name, uploaded_by, uploaded_at) values ($1, $2, $3, $4) returning id`,
    [upload.csv, upload.fileName, upload.by, upload.at],
  );
  return rows[0]!.id;
}

/** An uploaded file, only to the administrator who uploaded it. */
export async function findUpload(db: Queryable, id: string, by: string): Promise<UploadRow | undefined> {
  const { rows } = await db.query<UploadRow>(
    `select id, csv, file_name, uploaded_at, applied_at, added, changed, unchanged
     from station_imports where id = $1 and uploaded_by = $2`,
    [id, by],
  );
  return rows[0];
}

/** Records that the file was imported and what it did; false when it already was. */
export async function markApplied(
  db: Queryable,
  id: string,
  at: Date,
  counts: { added: number; changed: number; unchanged: number },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `update station_imports set applied_at = $2, added = $3, changed = $4, unchanged = $5
     where id = $1 and applied_at is null`,
    [id, at, counts.added, counts.changed, counts.unchanged],
  );
  return rowCount === 1;
}
