import { createHmac } from 'node:crypto';
import type { Queryable } from '../../platform/db/database.ts';
import type { Actor, StaffActor } from '../../platform/auth/actor.ts';
import { requireStaff } from '../../platform/auth/require-staff.ts';
import { randomSalt } from '../../platform/crypto/index.ts';
import { GroupCommit } from '../../platform/db/group-commit.ts';
import { badField, Forbidden } from '../../platform/http/errors.ts';
import type { Platform } from '../../platform/module.ts';
import { localDate, type LocalDate } from '../../platform/time/index.ts';
import { isLocale, type Locale } from '../../platform/i18n/index.ts';
import { queueSmsAll, type SmsToSend } from '../../platform/sms/index.ts';
import { normalisePhone } from '../../platform/text/index.ts';
import { checkEntry, type CheckedEntry } from './entry-input.ts';
import { leafBytes } from './leaf.ts';
import { formatObNumber, type ObNumber } from './ob-number.ts';
import { keepsABook, keepsBookOf } from './permissions.ts';
import * as reads from './read-store.ts';
import { slipSmsAt } from './slip/sms.ts';
import { insertEntries, type LeafTemplate, type NewEntry, type StoredEntry } from './store.ts';

/** What the desk is told once an entry is stored: its number, and the code for the complainant's slip. */
export interface RecordedEntry {
  id: string;
  stationId: string;
  day: LocalDate;
  number: number;
  obNumber: string;
  recordedAt: Date;
  slipCode: string;
}

const SLIP_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** The slip's verification code: 8 characters derived from the entry (so a slip can be printed again), grouped 4-4. */
export function slipCode(secret: string, entryId: string): string {
  const mac = createHmac('sha256', secret).update('ob-slip\u0000').update(entryId).digest();
  let code = '';
  for (let i = 0; i < 8; i++) code += SLIP_ALPHABET[mac[i]! % SLIP_ALPHABET.length];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

export function leafOf(entry: NewEntry, number: number | string): Buffer {
  return leafBytes({
    stationId: entry.stationId,
    obNumber:
      typeof number === 'number'
        ? formatObNumber({ day: entry.day, number })
        : formatObNumber({ day: entry.day, number: 0 }).replace(/^0/, number),
    kind: entry.kind,
    occurredAt: entry.occurredAt,
    recordedAt: entry.recordedAt,
    amends: entry.amends?.obNumber ?? null,
    salt: entry.salt,
    content: {
      recordedBy: entry.recordedBy,
      recordedByServiceNumber: entry.recordedByServiceNumber,
      place: entry.place,
      narrative: entry.narrative,
      details: entry.details,
      property: entry.property,
      links: entry.links,
      amendReason: entry.amends?.reason ?? null,
    },
    persons: entry.persons,
  });
}

/** Where the number goes in a leaf: nothing else in a leaf holds this character (its content is hashed). */
const NUMBER_MARK = '\u0001';

/** The entry's leaf around its number, which the statement that takes the number fills in. */
function leafTemplate(entry: NewEntry): LeafTemplate {
  const text = leafOf(entry, NUMBER_MARK).toString('utf8');
  const at = text.indexOf(NUMBER_MARK);
  return { head: text.slice(0, at), tail: text.slice(at + 1) };
}

/** Numbers and stores entries in one statement (what the group commit writes; benchmarks fill a book with it). */
export function writeEntries(client: Queryable, entries: NewEntry[]): Promise<StoredEntry[]> {
  return insertEntries(client, entries, entries.map(leafTemplate));
}

/** Where the slip's SMS goes, when the complainant gave a phone number. */
export interface SlipTo {
  to: string;
  language: Locale;
  stationName: string;
}

interface EntryToStore {
  entry: NewEntry;
  slip: SlipTo | undefined;
}

function slipMessage(platform: Platform, slip: SlipTo, stored: StoredEntry): SmsToSend {
  const entry = { ...stored, obNumber: formatObNumber(stored), slipCode: slipCode(platform.config.secret, stored.id) };
  return {
    key: `ob.slip:${stored.id}`,
    purpose: 'ob.slip',
    to: slip.to,
    body: slipSmsAt(platform, slip.stationName, entry, slip.language),
    language: slip.language,
  };
}

/** The group commit's writer: one statement, in a transaction with the slips' SMS when any are owed. */
async function writeWithSlips(platform: Platform, client: Queryable, items: EntryToStore[]): Promise<StoredEntry[]> {
  const entries = items.map((item) => item.entry);
  if (!items.some((item) => item.slip)) return writeEntries(client, entries);
  // a slip's SMS names its entry's id and number, which the statement makes: the two commit together
  await client.query('begin');
  try {
    const stored = await writeEntries(client, entries);
    const slips = items.flatMap(({ slip }, i) => (slip ? [slipMessage(platform, slip, stored[i]!)] : []));
    await queueSmsAll(platform, client, slips);
    await client.query('commit');
    return stored;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}

const queues = new WeakMap<Platform, GroupCommit<EntryToStore, StoredEntry>>();

/** Entries arriving together share one transaction (group commit); each desk is answered after its commit. */
function entryQueue(platform: Platform): GroupCommit<EntryToStore, StoredEntry> {
  let queue = queues.get(platform);
  if (!queue) {
    queue = new GroupCommit(platform.db.pool, (client, items) => writeWithSlips(platform, client, items), {
      maxBatch: 64,
      maxConcurrent: 4,
      oneStatement: true,
    });
    queues.set(platform, queue);
  }
  return queue;
}

/** Stores an entry: numbered in the same transaction, so a failed save takes no number (nor queues its slip). */
export async function storeEntry(platform: Platform, entry: NewEntry, slip?: SlipTo): Promise<RecordedEntry> {
  let stored: StoredEntry;
  try {
    stored = await entryQueue(platform).submit({ entry, slip });
  } catch (error) {
    if ((error as { constraint?: string }).constraint === 'ob_release_once')
      badField('releaseOf', 'ob.error.alreadyReleased');
    throw error;
  }
  return {
    ...stored,
    obNumber: formatObNumber(stored),
    slipCode: slipCode(platform.config.secret, stored.id),
  };
}

/** Whoever came to the desk with the matter: the complainant, else the owner of lost or finder of found property. */
const SLIP_ROLES = ['complainant', 'owner', 'finder'] as const;

/** A number as the desk typed it (often 07…), in the international form an SMS needs. */
const internationalNumber = (typed: string) =>
  normalisePhone(typed) ?? (/^\+[1-9]\d{6,14}$/.test(typed) ? typed : undefined);

/** Where the slip's SMS goes: undefined when nobody who came with the matter gave a number. */
async function slipTo(platform: Platform, stationId: string, checked: CheckedEntry): Promise<SlipTo | undefined> {
  const number = SLIP_ROLES.flatMap((role) => checked.persons.filter((p) => p.role === role))
    .map((p) => (p.phone ? internationalNumber(p.phone) : undefined))
    .find((n) => n !== undefined);
  if (!number) return undefined;
  const station = await reads.stationExists(platform.db.pool, stationId);
  const fallback = platform.config.jurisdiction.languages[0];
  const language = checked.language ?? (isLocale(fallback) ? fallback : 'en');
  return { to: number, language, stationName: station?.name ?? stationId };
}

/** The desk officer recording in a book: an officer or commander posted at that station; anyone else is refused (403). */
export function deskOfficer(actor: Actor, stationId: string): StaffActor {
  const who = requireStaff(actor, keepsABook);
  if (!keepsBookOf(who, stationId)) throw new Forbidden();
  return who;
}

type References = { links: string[]; amends: NewEntry['amends']; releaseOf: string | null };

/** Finds the entries a new one names (links, the amended entry, the arrest released) in the same station's book. */
async function findReferences(platform: Platform, stationId: string, checked: CheckedEntry): Promise<References> {
  const wanted: ObNumber[] = [...checked.links];
  if (checked.amends) wanted.push(checked.amends.ob);
  if (checked.releaseOf) wanted.push(checked.releaseOf);
  const found = await reads.entriesByNumbers(platform.db.pool, stationId, wanted);
  const find = (ob: ObNumber) => found.find((f) => f.day === ob.day && f.number === ob.number);
  const links = checked.links.map((ob, i) => find(ob)?.id ?? badField(`links.${i}`, 'ob.error.noSuchEntry'));
  let amends: NewEntry['amends'] = null;
  if (checked.amends) {
    const amended = find(checked.amends.ob) ?? badField('amends', 'ob.error.noSuchEntry');
    amends = { id: amended.id, obNumber: formatObNumber(amended), reason: checked.amends.reason };
  }
  let releaseOf: string | null = null;
  if (checked.releaseOf && !checked.amends) {
    const arrest = find(checked.releaseOf) ?? badField('releaseOf', 'ob.error.neverBooked');
    if (arrest.kind !== 'arrest') badField('releaseOf', 'ob.error.neverBooked');
    if (arrest.released_by) badField('releaseOf', 'ob.error.alreadyReleased');
    releaseOf = arrest.id;
  } else if (checked.releaseOf) {
    const arrest = find(checked.releaseOf);
    if (arrest?.kind !== 'arrest') badField('releaseOf', 'ob.error.neverBooked');
    releaseOf = arrest.id;
  }
  return { links, amends, releaseOf };
}

/** A new entry as the desk officer and the clock make it: everything but its number. */
export function newEntry(
  platform: Platform,
  who: StaffActor,
  stationId: string,
  fields: Omit<
    NewEntry,
    'stationId' | 'day' | 'recordedAt' | 'recordedBy' | 'recordedByLabel' | 'recordedByServiceNumber' | 'salt'
  >,
): NewEntry {
  const now = platform.clock.now();
  return {
    stationId,
    day: localDate(now, platform.config.jurisdiction.timeZone),
    recordedAt: now,
    recordedBy: who.id,
    recordedByLabel: `${who.displayName} (${who.username})`,
    recordedByServiceNumber: who.serviceNumber,
    salt: randomSalt(),
    ...fields,
  };
}

/**
 * Records what the desk typed in the station's book. Refused (403) to anyone not keeping that
 * book; a bad field is a 400 naming it, and nothing is stored or numbered.
 */
export async function recordEntry(
  platform: Platform,
  actor: Actor,
  stationId: string,
  body: unknown,
): Promise<RecordedEntry> {
  const who = deskOfficer(actor, stationId);
  const checked = checkEntry(body, platform.clock.now(), platform.config.jurisdiction.timeZone);
  const refs = await findReferences(platform, stationId, checked);
  const details = refs.releaseOf ? { ...checked.details, releaseOf: refs.releaseOf } : checked.details;
  const slip = await slipTo(platform, stationId, checked);
  return storeEntry(
    platform,
    newEntry(platform, who, stationId, {
      kind: checked.kind,
      occurredAt: checked.occurredAt,
      place: checked.place,
      narrative: checked.narrative,
      details,
      property: checked.property,
      links: refs.links,
      amends: refs.amends,
      persons: checked.persons.map((p) => ({ ...p, salt: randomSalt() })),
    }),
    slip,
  );
}
