import { timingSafeEqual } from 'node:crypto';
import { Problems } from '../../../platform/http/errors.ts';
import type { Platform } from '../../../platform/module.ts';
import { cleanText } from '../../../platform/text/index.ts';
import { formatObNumber, parseObNumber } from '../ob-number.ts';
import { slipCode } from '../service.ts';
import { entryProof, type EntryProof } from './proof.ts';
import { amendmentsOf, slipEntry } from './store.ts';

// The public check of a slip: with the station, the OB number and the slip's code, anyone learns
// that the entry exists, when it was recorded, whether it was amended since, and the proof that it
// is in the published log; never what it says. A wrong code and an unknown number answer alike.

export interface SlipQuery {
  station?: string | undefined;
  ob?: string | undefined;
  code?: string | undefined;
}

export interface SlipCheck {
  station: { id: string; name: string };
  obNumber: string;
  recordedAt: Date;
  amendments: Array<{ obNumber: string; recordedAt: Date }>;
  proof: EntryProof | null;
}

const CODE = /^[2-9A-HJ-NP-Z]{8}$/;

/** The code as people type it (any case, spaces or dashes anywhere), as the slip prints it: ABCD-EFGH. */
export function normaliseCode(typed: string): string | undefined {
  const plain = typed.toUpperCase().replace(/[\s-]/g, '');
  return CODE.test(plain) ? `${plain.slice(0, 4)}-${plain.slice(4)}` : undefined;
}

/** What was typed, checked for its form only (a 400 naming each field); whether it matches is another matter. */
export function readSlipQuery(query: SlipQuery) {
  const problems = new Problems();
  const station = cleanText(query.station ?? '');
  if (station === '' || station.length > 64) problems.add('station', 'ob.verify.error.station');
  const ob = parseObNumber(cleanText(query.ob ?? ''));
  if (!ob) problems.add('ob', 'ob.error.obNumber');
  const code = normaliseCode(cleanText(query.code ?? ''));
  if (!code) problems.add('code', 'ob.verify.error.code');
  problems.throwIfAny();
  return { station, ob: ob!, code: code! };
}

/** The slip's entry if the code is its own; undefined for a wrong code and for an unknown number alike. */
export async function checkSlip(platform: Platform, query: SlipQuery): Promise<SlipCheck | undefined> {
  const { station, ob, code } = readSlipQuery(query);
  const entry = await slipEntry(platform.db.pool, station, ob.day, ob.number);
  // the code is worked out and compared whether or not the entry exists
  const expected = Buffer.from(slipCode(platform.config.secret, entry?.id ?? 'no-such-entry'));
  const matches = timingSafeEqual(expected, Buffer.from(code)) && entry !== undefined;
  if (!matches || !entry) return undefined;
  const [amendments, proof] = await Promise.all([
    amendmentsOf(platform.db.pool, entry.id),
    entryProof(platform, entry.id),
  ]);
  return {
    station: { id: station, name: entry.station_name },
    obNumber: formatObNumber(ob),
    recordedAt: entry.recorded_at,
    amendments: amendments.map((a) => ({ obNumber: formatObNumber(a), recordedAt: a.recorded_at })),
    proof,
  };
}
