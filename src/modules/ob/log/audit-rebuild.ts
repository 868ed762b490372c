import type { Queryable } from '../../../platform/db/database.ts';
import { HASH_SIZE, leafHash } from '../../../platform/tlog/index.ts';
import { leafBytes, readLeaf, type LeafPerson } from '../leaf.ts';
import { formatObNumber } from '../ob-number.ts';
import {
  auditEntries,
  auditPersons,
  leafEntryIds,
  storedLeavesOf,
  type AuditPerson,
  type AuditRow,
} from './audit-store.ts';

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
  const leaves = await leafEntryIds(db, from, to);
  for (let i = 0; i < to - from; i++) if (leaves[i]?.leaf_index !== String(from + i)) return { missing: from + i };
  let low = BigInt(leaves[0]!.entry_id);
  let high = low;
  for (const { entry_id } of leaves) {
    const id = BigInt(entry_id);
    if (id < low) low = id;
    if (id > high) high = id;
  }
  // ids far apart (entries queued long after others) are read one by one, not the whole range between
  const scattered = high - low >= BigInt(4 * (to - from));
  const ids = scattered ? leaves.map((l) => l.entry_id) : { low: String(low), high: String(high) };
  const entries = new Map((await auditEntries(db, ids)).map((row) => [row.id, row]));
  for (let i = 0; i < leaves.length; i++) if (!entries.has(leaves[i]!.entry_id)) return { missing: from + i };
  const persons = byEntry(await auditPersons(db, ids));
  const erased = [...persons].filter(([, list]) => list.some((p) => p.erased === 't')).map(([id]) => id);
  const stored = erased.length > 0 ? await storedLeavesOf(db, erased) : undefined;
  // its own memory (never the shared pool), so that a worker can hand it over without a copy
  const hashes = Buffer.alloc((to - from) * HASH_SIZE);
  leaves.forEach(({ entry_id: id }, i) => {
    const row = entries.get(id)!;
    leafHash(rebuiltLeaf(row, persons.get(id) ?? [], stored?.get(id))).copy(hashes, i * HASH_SIZE);
  });
  return { hashes };
}
