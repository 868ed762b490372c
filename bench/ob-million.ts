/**
 * bench:ob at national scale: a log of 1,000,000 entries (OB_BENCH_ENTRIES to change it), made through
 * the same store and leaves as the desk's, integrated by the same integrator; then `sauti ob audit`'s
 * speed against raw SHA-256 over the same leaf bytes, and the time to serve a tile or an inclusion proof.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon, { type Result } from 'autocannon';
import { jurisdiction } from '../src/jurisdiction/kenya/index.ts';
import { createUser } from '../src/platform/auth/service.ts';
import type { Platform } from '../src/platform/module.ts';
import { leafHash, tilePath } from '../src/platform/tlog/index.ts';
import { integrateNow } from '../src/modules/ob/log/index.ts';
import { leafOf } from '../src/modules/ob/service.ts';
import type { NewEntry } from '../src/modules/ob/store.ts';

export const ENTRIES = Number(process.env.OB_BENCH_ENTRIES ?? 1_000_000);
const BATCH = 5000;

const DAY_MS = 24 * 3600_000;

/** `count` entries from `from` on, spread over the stations and the 30 days before now. */
function entries(officer: string, from: number, count: number): NewEntry[] {
  const stations = jurisdiction.stations;
  const now = Date.now();
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const recordedAt = new Date(now - (1 + (i % 30)) * DAY_MS);
    return {
      stationId: stations[i % stations.length]!.id,
      day: recordedAt.toISOString().slice(0, 10),
      kind: 'report',
      occurredAt: new Date(recordedAt.getTime() - 3600_000),
      recordedAt,
      recordedBy: officer,
      recordedByLabel: 'Bench desk officer (bench-filler)',
      recordedByServiceNumber: null,
      place: 'Outside the bus stage, next to the market',
      narrative: `Entry ${i}: the complainant reports that her handbag was snatched by a young man who ran towards the market.`,
      details: {},
      property: [{ description: 'Black handbag with a purse and a national ID card' }],
      links: [],
      amends: null,
      salt: randomBytes(32),
      persons: [
        {
          role: 'complainant',
          name: 'Achieng Otieno',
          idNumber: `2${String(i).padStart(7, '0')}`,
          phone: '0712345678',
          age: 34,
          sex: 'female',
          salt: randomBytes(32),
        },
      ],
    };
  });
}

/**
 * Fills the book: ENTRIES entries over the stations and the 30 days before now, numbered per station
 * and day, with leaves made by the desk's own leafOf; written by bulk inserts (the desk's statement
 * would take a quarter of an hour for a million), then queued for the log.
 */
export async function fillBook(platform: Platform): Promise<number> {
  const officer = await createUser(platform.db.pool, {
    username: 'bench-filler',
    displayName: 'Bench desk officer',
    role: 'officer',
    stationId: jurisdiction.stations[0]!.id,
    password: randomBytes(16).toString('hex'),
    totpSecret: null,
  });
  const started = performance.now();
  const counters = new Map<string, number>();
  for (let from = 0; from < ENTRIES; from += BATCH) {
    const batch = entries(officer, from, Math.min(BATCH, ENTRIES - from));
    const numbers = batch.map((e) => {
      const key = `${e.stationId} ${e.day}`;
      const n = (counters.get(key) ?? 0) + 1;
      counters.set(key, n);
      return n;
    });
    await insertBatch(platform, batch, numbers);
    if ((from + BATCH) % 100_000 === 0) process.stdout.write(`  ${from + BATCH} entries stored\n`);
  }
  await platform.db.pool.query(
    `insert into ob_day_counters (station_id, day, last_number) select split_part(k, ' ', 1), split_part(k, ' ', 2)::date, n
     from unnest($1::text[], $2::int[]) as c(k, n)`,
    [[...counters.keys()], [...counters.values()]],
  );
  return (performance.now() - started) / 1000;
}

async function insertBatch(platform: Platform, batch: NewEntry[], numbers: number[]): Promise<void> {
  const col = <T>(pick: (e: NewEntry, i: number) => T) => batch.map(pick);
  await platform.db.pool.query(
    `with e as (
       insert into ob_entries (station_id, day, number, kind, occurred_at, recorded_at, recorded_by, place, narrative,
         details, property, salt, leaf)
       select * from unnest($1::text[], $2::date[], $3::int[], $4::text[], $5::timestamptz[], $6::timestamptz[],
         $7::bigint[], $8::text[], $9::text[], $10::jsonb[], $11::jsonb[], $12::bytea[], $13::bytea[])
       returning id, station_id, day, number),
     p as (
       insert into ob_entry_persons (entry_id, ord, role, name, id_number, phone, age, sex, salt)
       select e.id, 0, p.role, p.name, p.id_number, p.phone, p.age, p.sex, p.salt
       from unnest($1::text[], $2::date[], $3::int[], $14::text[], $15::text[], $16::text[], $17::text[], $18::smallint[],
         $19::text[], $20::bytea[]) as p(station_id, day, number, role, name, id_number, phone, age, sex, salt)
       join e on e.station_id = p.station_id and e.day = p.day and e.number = p.number)
     insert into ob_log_queue (entry_id) select id from e`,
    [
      col((e) => e.stationId),
      col((e) => e.day),
      numbers,
      col((e) => e.kind),
      col((e) => e.occurredAt),
      col((e) => e.recordedAt),
      col((e) => e.recordedBy),
      col((e) => e.place),
      col((e) => e.narrative),
      col((e) => JSON.stringify(e.details)),
      col((e) => JSON.stringify(e.property)),
      col((e) => e.salt),
      col((e, i) => leafOf(e, numbers[i]!)),
      col((e) => e.persons[0]!.role),
      col((e) => e.persons[0]!.name),
      col((e) => e.persons[0]!.idNumber),
      col((e) => e.persons[0]!.phone),
      col((e) => e.persons[0]!.age),
      col((e) => e.persons[0]!.sex),
      col((e) => e.persons[0]!.salt),
    ],
  );
}

/** Takes everything into the tree, as the background integrator would. */
export async function integrateAll(platform: Platform): Promise<{ seconds: number; size: number }> {
  const started = performance.now();
  const { size } = await integrateNow(platform);
  const seconds = (performance.now() - started) / 1000;
  // what autovacuum would have done by now on a log that grew over months, not in three minutes
  await platform.db.pool.query(
    'vacuum analyze ob_entries, ob_entry_persons, ob_log_leaves, ob_log_tiles, ob_log_checkpoints',
  );
  return { seconds, size };
}

/** Raw SHA-256 over the leaf bytes, read from the database the same way: the audit's ceiling. */
export async function rawHashing(platform: Platform): Promise<{ perSecond: number; seconds: number }> {
  const started = performance.now();
  const client = await platform.db.pool.connect();
  let n = 0;
  try {
    await client.query('begin');
    await client.query('declare leaves no scroll cursor for select leaf from ob_entries order by id');
    for (;;) {
      const { rows } = await client.query<{ leaf: Buffer }>('fetch 20000 from leaves');
      if (rows.length === 0) break;
      for (const r of rows) leafHash(r.leaf);
      n += rows.length;
    }
    await client.query('commit');
  } finally {
    client.release();
  }
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: Math.round(n / seconds), seconds };
}

/** Random tiles (full, every level the tree has) and random leaves' proofs, for the serving figures. */
export function servingRequests(size: number, dir: string): { tiles: string; proofs: string } {
  const tiles: string[] = [];
  for (let i = 0; i < 5000; i++) {
    const level = i % 10 === 0 ? 1 : 0;
    const full = Math.floor(size / 256 ** (level + 1));
    if (full === 0) continue;
    tiles.push(`/ob/log/${tilePath(level, Math.floor(Math.random() * full))}`);
    if (i % 4 === 0)
      tiles.push(`/ob/log/${tilePath(0, Math.floor(Math.random() * full)).replace('tile/0/', 'tile/entries/')}`);
  }
  const proofs = Array.from({ length: 5000 }, () => `/api/ob/log/proof?leaf=${Math.floor(Math.random() * size)}`);
  const tilesFile = join(dir, 'tiles.json');
  const proofsFile = join(dir, 'proofs.json');
  writeFileSync(tilesFile, JSON.stringify(tiles));
  writeFileSync(proofsFile, JSON.stringify(proofs));
  return { tiles: tilesFile, proofs: proofsFile };
}

/** Serves the paths in `file` (round robin) to one reader at a time: what a reader waits for a tile or a proof. */
export function serve(url: string, file: string, seconds: number, connections = 1): Promise<Result> {
  process.env.SAUTI_BENCH_PATHS = file;
  return autocannon({
    url,
    connections,
    workers: 1,
    duration: seconds,
    timeout: 10,
    requests: [
      { method: 'GET', path: '/', setupRequest: fileURLToPath(new URL('./path-request.cjs', import.meta.url)) },
    ],
  });
}
