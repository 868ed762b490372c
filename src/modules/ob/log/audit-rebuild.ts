import type { Queryable } from '../../../platform/db/database.ts';
import { HASH_SIZE, leafHash } from '../../../platform/tlog/index.ts';
import { leafBytes, readLeaf, type LeafPerson } from '../leaf.ts';
import { formatObNumber } from '../ob-number.ts';
import { auditPersons, auditRows, storedLeavesOf, type AuditPerson, type AuditRow } from './audit-store.ts';

/** The entry's leaf rebuilt from its stored columns, as the service built it (leaf.ts). */
export function rebuiltLeaf(row: AuditRow, persons: readonly AuditPerson[], storedLeaf?: Buffer): Buffer {
  let erased: Map<number, string> | undefined;
  if (storedLeaf) {
    const published = readLeaf(storedLeaf)?.persons ?? [];
    erased = new Map();
    persons.forEach((p, i) => p.erased === 't' && erased!.set(i, published[i]?.commitment ?? ''));
  }
  const amends =
    row.amends_day && row.amends_number
      ? formatObNumber({ day: row.amends_day, number: Number(row.amends_number) })
      : null;
  return leafBytes(
    {
      stationId: row.station_id,
      obNumber: formatObNumber({ day: row.day, number: Number(row.number) }),
      kind: row.kind,
      occurredAt: new Date(Number(row.occurred_at)),
      recordedAt: new Date(Number(row.recorded_at)),
      amends,
      salt: Buffer.from(row.salt, 'hex'),
      content: {
        recordedBy: row.recorded_by,
        recordedByServiceNumber: row.recorded_by_service_number,
        place: row.place,
        narrative: row.narrative,
        details: jsonOf(row.details),
        property: jsonOf(row.property),
        links: JSON.parse(row.links) as string[],
        amendReason: row.amend_reason,
      },
      persons: persons.map(leafPerson),
    },
    erased,
  );
}

/** jsonb's text, parsed (the empty object and list, most entries' details, need no parsing). */
const jsonOf = (text: string): unknown => (text === '{}' ? {} : text === '[]' ? [] : JSON.parse(text));

function leafPerson(p: AuditPerson): LeafPerson {
  return {
    role: p.role,
    name: p.name,
    idNumber: p.id_number,
    phone: p.phone,
    age: p.age === null ? null : Number(p.age),
    sex: p.sex,
    salt: Buffer.from(p.salt, 'hex'),
  };
}

function byEntry(persons: readonly AuditPerson[]): Map<string, AuditPerson[]> {
  const grouped = new Map<string, AuditPerson[]>();
  for (const p of persons) {
    const list = grouped.get(p.entry_id);
    if (list) list.push(p);
    else grouped.set(p.entry_id, [p]);
  }
  return grouped;
}

/**
 * The leaf hashes of leaves [from, to) rebuilt from the entries' stored columns, 32 bytes each in leaf
 * order; or the first leaf index in the range that has no entry any more.
 */
export async function rebuiltLeafHashes(
  db: Queryable,
  from: number,
  to: number,
): Promise<{ hashes: Buffer } | { missing: number }> {
  const rows = await auditRows(db, from, to);
  for (let i = 0; i < to - from; i++) if (rows[i]?.leaf_index !== String(from + i)) return { missing: from + i };
  let low = rows[0]!.id;
  let high = low;
  for (const r of rows) {
    if (BigInt(r.id) < BigInt(low)) low = r.id;
    if (BigInt(r.id) > BigInt(high)) high = r.id;
  }
  const persons = byEntry(await auditPersons(db, low, high));
  const erased = [...persons].filter(([, list]) => list.some((p) => p.erased === 't')).map(([id]) => id);
  const leaves = erased.length > 0 ? await storedLeavesOf(db, erased) : undefined;
  // its own memory (never the shared pool), so that a worker can hand it over without a copy
  const hashes = Buffer.alloc((to - from) * HASH_SIZE);
  rows.forEach((row, i) => {
    leafHash(rebuiltLeaf(row, persons.get(row.id) ?? [], leaves?.get(row.id))).copy(hashes, i * HASH_SIZE);
  });
  return { hashes };
}
