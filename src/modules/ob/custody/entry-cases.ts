import type { Actor } from '../../../platform/auth/actor.ts';
import { audit } from '../../../platform/audit/index.ts';
import { inTransaction } from '../../../platform/db/database.ts';
import { OneStatement } from '../../../platform/db/statement.ts';
import { badField, Problems } from '../../../platform/http/errors.ts';
import type { Platform } from '../../../platform/module.ts';
import { cleanText } from '../../../platform/text/index.ts';
import { misconductCategory } from '../../../jurisdiction/kenya/index.ts';
import { openCasesIn, type OpenedCaseColumn } from '../../cases/index.ts';
import { formatObNumber, parseObNumber, type ObNumber } from '../ob-number.ts';
import { entryByNumber } from '../read-store.ts';
import { deskOfficer } from '../service.ts';
import { linkEntriesIn, stationOf } from './store.ts';

export const MAX_CASE_NOTE = 2000;

/** What the desk sends to open a case from an entry: the entry, where it goes, and (optionally) the officer it names. */
export interface EntryCaseInput {
  entry?: unknown;
  category?: unknown;
  note?: unknown;
  officerName?: unknown;
  officerServiceNumber?: unknown;
}

interface CheckedEntryCase {
  entry: ObNumber;
  category: string;
  note: string;
  officer: { name: string; serviceNumber: string } | null;
}

const text = (value: unknown) => (typeof value === 'string' ? cleanText(value) : '');

function checkEntryCase(input: EntryCaseInput): CheckedEntryCase {
  const problems = new Problems();
  const entryText = text(input.entry);
  const entry = parseObNumber(entryText);
  if (!entry) problems.add('entry', entryText === '' ? 'ob.error.required' : 'ob.error.obNumber');
  const category = text(input.category);
  if (!misconductCategory(category))
    problems.add('category', category === '' ? 'ob.error.required' : 'ob.error.choice');
  const note = text(input.note);
  if (note.length > MAX_CASE_NOTE) problems.add('note', 'ob.error.tooLong', { max: MAX_CASE_NOTE });
  const name = text(input.officerName);
  if (name.length > 200) problems.add('officerName', 'ob.error.tooLong', { max: 200 });
  const serviceNumber = text(input.officerServiceNumber);
  if (serviceNumber.length > 40) problems.add('officerServiceNumber', 'ob.error.tooLong', { max: 40 });
  problems.throwIfAny();
  return { entry: entry!, category, note, officer: name || serviceNumber ? { name, serviceNumber } : null };
}

export interface OpenedEntryCase {
  reference: string;
  obNumber: string;
}

/**
 * Opens a case in the hub from an entry of the station's book, routed as a report of that category
 * is (a complaint against an officer goes to IAU...), and links the entry to it in the same
 * statement, so the case's investigators may read it. Only the station's desk officers and
 * commander (403 for anyone else); a bad entry or category is a 400 naming the field.
 */
export async function openCaseFromEntry(
  platform: Platform,
  actor: Actor,
  stationId: string,
  input: EntryCaseInput,
): Promise<OpenedEntryCase> {
  const who = deskOfficer(actor, stationId);
  const checked = checkEntryCase(input);
  const db = platform.db.pool;
  const entry = await entryByNumber(db, stationId, checked.entry.day, checked.entry.number);
  if (!entry) badField('entry', 'ob.error.noSuchEntry');
  const station = (await stationOf(db, stationId))!;
  const rule = misconductCategory(checked.category)!;
  const ob = `OB ${formatObNumber(entry)}`;
  const officer = checked.officer;
  const statement = new OneStatement();
  const cases = openCasesIn(statement, [
    {
      source: 'ob',
      category: checked.category,
      unitCode: rule.unit,
      informedUnits: rule.informed,
      oversight: rule.oversight,
      countyCode: station.county_code,
      stationId,
      title: `From the Occurrence Book: ${ob} ${station.name}`,
      summary: [entry.narrative, checked.note, officer?.name, officer?.serviceNumber].filter(Boolean).join(' '),
      clocks: rule.clocks,
      openedAt: platform.clock.now(),
      subjects: officer
        ? [{ name: officer.name || null, serviceNumber: officer.serviceNumber || null, vehiclePlate: null }]
        : [],
      openedBy: who,
    },
  ]);
  linkEntriesIn(
    statement,
    cases,
    statement.with<'ord' | 'entry_id'>(
      'opened_from',
      `select 0 as ord, ${statement.param(entry.id)}::bigint as entry_id`,
    ),
  );
  return inTransaction(db, async (client) => {
    const [opened] = await statement.run<{ reference: string }, OpenedCaseColumn>(client, cases, ['reference']);
    await audit(client, who, 'ob.entry.case_opened', 'ob_entry', entry.id, { case: opened!.reference, ob });
    return { reference: opened!.reference, obNumber: formatObNumber(entry) };
  });
}
