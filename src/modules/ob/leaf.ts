import * as crypto from 'node:crypto';

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
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  // written by concatenation: audits canonicalize millions of these, and arrays of parts cost twice as much
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const keys = Object.keys(value).sort();
  let out = '{';
  for (const key of keys) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined) continue;
    out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return `${out}}`;
}

// crypto.hash (Node 20.12+) is about twice as fast as createHash on inputs this small
const oneShotHash: ((algorithm: string, data: Buffer, encoding: 'base64') => string) | undefined =
  typeof crypto.hash === 'function' ? crypto.hash : undefined;

function commitment(salt: Buffer, json: string): string {
  if (oneShotHash === undefined) return crypto.createHash('sha256').update(salt).update(json).digest('base64');
  const input = Buffer.allocUnsafe(salt.length + Buffer.byteLength(json));
  salt.copy(input);
  input.write(json, salt.length);
  return oneShotHash('sha256', input, 'base64');
}

const j = canonicalJson;

/**
 * canonicalJson of an entry's content: its keys written in their sorted order without sorting them
 * each time (audits do this a million times), for content with exactly the known keys.
 */
function contentJson(c: LeafContent): string {
  if (Object.keys(c).length !== 8 || Object.values(c).includes(undefined)) return canonicalJson(c);
  return (
    `{"amendReason":${j(c.amendReason)},"details":${j(c.details)},"links":${j(c.links)},` +
    `"narrative":${j(c.narrative)},"place":${j(c.place)},"property":${j(c.property)},` +
    `"recordedBy":${j(c.recordedBy)},"recordedByServiceNumber":${j(c.recordedByServiceNumber)}}`
  );
}

/** canonicalJson of a person without their salt, the same way. */
function personJson(p: LeafPerson): string {
  if (Object.keys(p).length !== 7 || Object.values(p).includes(undefined)) {
    const { salt: _salt, ...data } = p;
    return canonicalJson(data);
  }
  return (
    `{"age":${j(p.age)},"idNumber":${j(p.idNumber)},"name":${j(p.name)},` +
    `"phone":${j(p.phone)},"role":${j(p.role)},"sex":${j(p.sex)}}`
  );
}

export function personCommitment(person: LeafPerson): string {
  return commitment(person.salt, personJson(person));
}

/** The canonical leaf bytes of an entry. `erased` persons keep the commitment the leaf already holds. */
export function leafBytes(entry: LeafEntry, erasedPersonCommitments?: ReadonlyMap<number, string>): Buffer {
  let text =
    `${LEAF_FORMAT}\nstation ${entry.stationId}\nob ${entry.obNumber}\nkind ${entry.kind}\n` +
    `occurred ${entry.occurredAt.toISOString()}\nrecorded ${entry.recordedAt.toISOString()}\n`;
  if (entry.amends) text += `amends ${entry.amends}\n`;
  text += `content ${commitment(entry.salt, contentJson(entry.content))}\n`;
  entry.persons.forEach((person, i) => {
    text += `person ${person.role} ${erasedPersonCommitments?.get(i) ?? personCommitment(person)}\n`;
  });
  return Buffer.from(text, 'utf8');
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
