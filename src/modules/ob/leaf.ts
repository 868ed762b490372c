import { createHash } from 'node:crypto';

/*
 * An entry's leaf in the national log: canonical bytes that commit to the whole entry while
 * revealing nothing personal. What anyone may see is written plainly (station, OB number, kind,
 * times, which entry it amends); what it says (narrative, place, details, property, who recorded
 * it) and each person named enter only as SHA-256 commitments under random salts. A person's data
 * can be erased later: their commitment stays in the leaf, and the tree is unchanged.
 */

export const LEAF_FORMAT = 'sauti-ob-entry/v1';

export interface LeafPerson {
  role: string;
  name: string | null;
  idNumber: string | null;
  phone: string | null;
  age: number | null;
  sex: string | null;
  salt: Buffer;
}

export interface LeafContent {
  recordedBy: string;
  recordedByServiceNumber: string | null;
  place: string;
  narrative: string;
  details: unknown;
  property: unknown;
  links: readonly string[];
  amendReason: string | null;
}

export interface LeafEntry {
  stationId: string;
  /** The OB number as the station writes it: `<n>/<DD>/<MM>/<YYYY>`. */
  obNumber: string;
  kind: string;
  occurredAt: Date;
  recordedAt: Date;
  /** The OB number of the entry this one amends (always of the same station). */
  amends: string | null;
  salt: Buffer;
  content: LeafContent;
  persons: readonly LeafPerson[];
}

/** JSON with object keys sorted at every depth: the same value always gives the same bytes, also after a jsonb round trip. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  const parts: string[] = [];
  for (const key of keys) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined) parts.push(`${JSON.stringify(key)}:${canonicalJson(item)}`);
  }
  return `{${parts.join(',')}}`;
}

function commitment(salt: Buffer, value: unknown): string {
  return createHash('sha256').update(salt).update(canonicalJson(value)).digest('base64');
}

export function personCommitment(person: LeafPerson): string {
  const { salt, ...data } = person;
  return commitment(salt, data);
}

/** The canonical leaf bytes of an entry. `erased` persons keep the commitment the leaf already holds. */
export function leafBytes(entry: LeafEntry, erasedPersonCommitments?: ReadonlyMap<number, string>): Buffer {
  const lines = [
    LEAF_FORMAT,
    `station ${entry.stationId}`,
    `ob ${entry.obNumber}`,
    `kind ${entry.kind}`,
    `occurred ${entry.occurredAt.toISOString()}`,
    `recorded ${entry.recordedAt.toISOString()}`,
  ];
  if (entry.amends) lines.push(`amends ${entry.amends}`);
  lines.push(`content ${commitment(entry.salt, entry.content)}`);
  entry.persons.forEach((person, i) => {
    lines.push(`person ${person.role} ${erasedPersonCommitments?.get(i) ?? personCommitment(person)}`);
  });
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}

/** What a leaf says in the open (what a monitor reading the public log sees). */
export interface PublicLeaf {
  stationId: string;
  obNumber: string;
  kind: string;
  occurredAt: string;
  recordedAt: string;
  amends: string | null;
  persons: Array<{ role: string; commitment: string }>;
}

export function readLeaf(bytes: Buffer): PublicLeaf | undefined {
  const lines = bytes.toString('utf8').split('\n');
  if (lines[0] !== LEAF_FORMAT || lines.at(-1) !== '') return undefined;
  const fields = new Map<string, string>();
  const persons: PublicLeaf['persons'] = [];
  for (const line of lines.slice(1, -1)) {
    const space = line.indexOf(' ');
    const key = line.slice(0, space);
    const value = line.slice(space + 1);
    if (key === 'person') {
      const [role = '', c = ''] = value.split(' ');
      persons.push({ role, commitment: c });
    } else fields.set(key, value);
  }
  const need = ['station', 'ob', 'kind', 'occurred', 'recorded', 'content'];
  if (!need.every((k) => fields.has(k))) return undefined;
  return {
    stationId: fields.get('station')!,
    obNumber: fields.get('ob')!,
    kind: fields.get('kind')!,
    occurredAt: fields.get('occurred')!,
    recordedAt: fields.get('recorded')!,
    amends: fields.get('amends') ?? null,
    persons,
  };
}
