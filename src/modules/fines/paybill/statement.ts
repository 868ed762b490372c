import type { Platform } from '../../../platform/module.ts';
import { instantAt, isLocalDate } from '../../../platform/time/index.ts';
import { readNoticeNumber } from '../notice-number.ts';
import { recordPaymentOwingReceipt } from '../messages.ts';
import type { RecordedPayment } from '../store.ts';
import { noticeForPayment } from './store.ts';
import { csvFields } from '../../../platform/text/csv.ts';

// A bank statement (CSV) read line by line: each credit is a deposit whose narrative should carry a notice
// number; it is recorded once by its bank reference (channel 'bank') and credits that notice, or waits in
// suspense. Every line is reported: reconciled, suspense, repeat (already imported), skipped or refused.

/**
 * The columns a statement must have, named in its first line (any order; other columns are ignored):
 * - date: the value date, YYYY-MM-DD, optionally with a time (YYYY-MM-DD HH:MM[:SS]), Nairobi time
 * - reference: the bank's own reference for the line, unique per deposit (1 to 64 letters, digits, / _ . : -)
 * - narrative: what the depositor wrote; the notice number (ten digits, spaces allowed) is found in it
 * - amount: shillings with at most two decimals ("3500.00", "3,500.00" quoted); a credit is above 0, a
 *   debit below 0 (debits are skipped: only money received pays a notice)
 */
export const STATEMENT_COLUMNS = ['date', 'reference', 'narrative', 'amount'] as const;

export interface StatementLine {
  line: number;
  paidAt: Date;
  reference: string;
  narrative: string;
  /** above 0: a credit; below 0: a debit */
  amountCents: number;
}

export type ReadLine = { line: number; ok: true; value: StatementLine } | { line: number; ok: false; reason: string };

export type LineOutcome =
  | { line: number; kind: 'reconciled'; reference: string; notice: string; creditedCents: number }
  | {
      line: number;
      kind: 'suspense';
      reference: string;
      notice: string | null;
      creditedCents: number;
      suspenseCents: number;
      why: string;
    }
  | { line: number; kind: 'repeat'; reference: string }
  | { line: number; kind: 'skipped'; reference: string; why: string }
  | { line: number; kind: 'refused'; why: string };

export interface StatementReport {
  outcomes: LineOutcome[];
  refused: number;
}

const AMOUNT = /^(-)?(\d{1,3}(?:,\d{3})+|\d{1,12})(?:\.(\d{1,2}))?$/;
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9/_.:-]{0,63}$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** Shillings to cents (negative for a debit); undefined when it is not an amount. */
export function statementAmountCents(written: string): number | undefined {
  const match = AMOUNT.exec(written.trim());
  if (!match) return undefined;
  const cents = Number(match[2]!.replaceAll(',', '')) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return match[1] ? -cents : cents;
}

function statementDate(written: string, zone: string): Date | undefined {
  const match = DATE_TIME.exec(written.trim());
  if (!match || !isLocalDate(match[1]!)) return undefined;
  const [hh = '00', mm = '00', ss = '00'] = match.slice(2);
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) return undefined;
  return instantAt(match[1]!, `${hh}:${mm}:${ss}`, zone);
}

function readLine(fields: string[], at: Record<string, number>, line: number, zone: string): ReadLine {
  const field = (name: string) => fields[at[name]!] ?? '';
  const refuse = (reason: string): ReadLine => ({ line, ok: false, reason });
  if (fields.length < Object.keys(at).length) return refuse(`${fields.length} columns where the header has more`);
  const paidAt = statementDate(field('date'), zone);
  if (!paidAt) return refuse(`date "${field('date').slice(0, 40)}" is not YYYY-MM-DD`);
  const reference = field('reference');
  if (!REFERENCE.test(reference)) return refuse('reference must be 1 to 64 letters, digits or / _ . : -');
  const amountCents = statementAmountCents(field('amount'));
  if (amountCents === undefined) return refuse(`amount "${field('amount').slice(0, 40)}" is not shillings`);
  if (amountCents === 0) return refuse('amount is 0');
  return { line, ok: true, value: { line, paidAt, reference, narrative: field('narrative'), amountCents } };
}

/** Reads a statement (pure): one entry per line that is not blank, refused lines with their reason. */
export function parseStatement(csv: string, zone: string): ReadLine[] {
  const lines = csv.replace(/^\ufeff/, '').split(/\r?\n/);
  const header = csvFields(lines[0] ?? '').map((name) => name.toLowerCase());
  const at: Record<string, number> = {};
  for (const name of STATEMENT_COLUMNS) at[name] = header.indexOf(name);
  const missing = STATEMENT_COLUMNS.filter((name) => at[name] === -1);
  if (missing.length > 0) {
    return [{ line: 1, ok: false, reason: `the first line must name the columns ${STATEMENT_COLUMNS.join(',')}` }];
  }
  const read: ReadLine[] = [];
  lines.slice(1).forEach((text, index) => {
    if (text.trim() !== '') read.push(readLine(csvFields(text), at, index + 2, zone));
  });
  return read;
}

/** Every notice number (check digit holding) a narrative holds, written together or in groups. */
export function noticeNumbersIn(narrative: string): string[] {
  const found = new Set<string>();
  for (const match of narrative.matchAll(/(?<![0-9])[0-9](?:[ .-]?[0-9]){9}(?![0-9])/g)) {
    const number = readNoticeNumber(match[0]);
    if (number) found.add(number);
  }
  return [...found];
}

const SUSPENSE_WORDS: Record<NonNullable<RecordedPayment['suspenseReason']>, string> = {
  'unknown-account': 'the narrative names no notice Sauti issued',
  'not-payable': 'the notice is no longer payable (paid, contested, withdrawn or for court)',
  overpaid: 'more than the balance; the rest waits',
};

/** Which notice a narrative names: the one notice among the numbers it holds that Sauti issued. */
async function namedNotice(platform: Platform, narrative: string) {
  const notices = [];
  for (const number of noticeNumbersIn(narrative)) {
    const notice = await noticeForPayment(platform.db.pool, number);
    if (notice) notices.push({ ...notice, number });
  }
  if (notices.length === 1) return { notice: notices[0]! };
  return { why: notices.length > 1 ? 'names more than one notice' : undefined };
}

async function importLine(platform: Platform, line: StatementLine): Promise<LineOutcome> {
  const { reference } = line;
  if (line.amountCents < 0) return { line: line.line, kind: 'skipped', reference, why: 'a debit' };
  const named = await namedNotice(platform, line.narrative);
  const account = line.narrative.slice(0, 64);
  const recorded = await recordPaymentOwingReceipt(platform, {
    noticeId: named.notice?.id ?? null,
    channel: 'bank',
    reference,
    account: account === '' ? null : account,
    amountCents: line.amountCents,
    paidAt: line.paidAt,
    at: platform.clock.now(),
    phone: null,
    stkRequestId: null,
  });
  if (!recorded) return { line: line.line, kind: 'repeat', reference };
  const notice = named.notice?.number ?? null;
  if (recorded.suspenseReason === null) {
    return { line: line.line, kind: 'reconciled', reference, notice: notice!, creditedCents: recorded.creditedCents };
  }
  return {
    line: line.line,
    kind: 'suspense',
    reference,
    notice,
    creditedCents: recorded.creditedCents,
    suspenseCents: line.amountCents - recorded.creditedCents,
    why: named.why ?? SUSPENSE_WORDS[recorded.suspenseReason],
  };
}

/** Imports a statement: each credit recorded once by its bank reference; a second import changes nothing. */
export async function importStatement(platform: Platform, csv: string): Promise<StatementReport> {
  const outcomes: LineOutcome[] = [];
  for (const read of parseStatement(csv, platform.config.jurisdiction.timeZone)) {
    outcomes.push(
      read.ok ? await importLine(platform, read.value) : { line: read.line, kind: 'refused', why: read.reason },
    );
  }
  return { outcomes, refused: outcomes.filter((o) => o.kind === 'refused').length };
}

const shillings = (cents: number) =>
  `KES ${(cents / 100).toLocaleString('en-KE', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** The report, one line per statement line, then the totals. */
export function statementReportText(report: StatementReport): string {
  const lines = report.outcomes.map((o) => {
    const head = `line ${o.line}: ${o.kind}`;
    switch (o.kind) {
      case 'reconciled':
        return `${head}, ${o.reference}, notice ${o.notice}, ${shillings(o.creditedCents)} credited`;
      case 'suspense':
        return `${head}, ${o.reference}, ${o.notice ? `notice ${o.notice}, ${shillings(o.creditedCents)} credited, ` : ''}${shillings(o.suspenseCents)} in suspense: ${o.why}`;
      case 'repeat':
        return `${head}, ${o.reference} was already imported; nothing changed`;
      case 'skipped':
        return `${head}, ${o.reference}: ${o.why}`;
      case 'refused':
        return `${head}: ${o.why}`;
    }
  });
  const count = (kind: LineOutcome['kind']) => report.outcomes.filter((o) => o.kind === kind).length;
  const totals = (['reconciled', 'suspense', 'repeat', 'skipped', 'refused'] as const)
    .map((kind) => `${count(kind)} ${kind}`)
    .join(', ');
  return [...lines, `${report.outcomes.length} lines: ${totals}`].join('\n');
}
