import { percentileOf } from '../durations.ts';
import { placeName } from './cases-section.ts';
import type { DashboardFilter } from './filters.ts';
import {
  commitmentsByUnit,
  directivesByUnit,
  documentsBy,
  engageSessions,
  finesBy,
  finesByOfficer,
  obBy,
  type DocumentRow,
  type FineRow,
  type ObRow,
  type PromiseCounts,
} from './operations-store.ts';
import type { SectionContext } from './section.ts';
import { stationNames } from './store.ts';
import { count, hours, money, ratio, share, text, type DataTable } from './table.ts';

const placeColumns = (f: DashboardFilter) => [
  text('code', 'insights.col.code'),
  text('name', f.county ? 'insights.col.station' : 'insights.col.county'),
];

async function nameStations(ctx: SectionContext, f: DashboardFilter, keys: readonly string[]) {
  if (f.county) for (const [id, name] of await stationNames(ctx.db, keys)) ctx.stationNames.set(id, name);
}

const placeLink = (ctx: SectionContext, f: DashboardFilter, key: string) =>
  ctx.link(f.county ? { station: key } : { county: key });

const documentColumns = [
  count('requested', 'insights.col.requested'),
  count('issued', 'insights.col.issued'),
  share('issued_in_time', 'insights.col.issuedInTime'),
  hours('issue_median', 'insights.col.issueMedian'),
  count('refused', 'insights.col.refused'),
  count('waiting', 'insights.col.waiting'),
  count('escalated', 'insights.col.escalated'),
];
const documentCells = (r: DocumentRow) => [
  r.requested,
  r.issued,
  ratio(r.issued_in_time, r.issued),
  percentileOf(r.issue_hours ?? [], 0.5),
  r.refused,
  r.waiting,
  r.escalated,
];

function bookTable(ctx: SectionContext, f: DashboardFilter, book: ObRow[]): DataTable {
  return {
    id: 'ob-by-place',
    title: 'insights.ob.byPlace',
    note: 'insights.ob.note',
    columns: [
      ...placeColumns(f),
      count('entries', 'insights.col.entries'),
      count('days', 'insights.col.daysKept'),
      count('per_day', 'insights.col.perDay'),
      count('missed_closes', 'insights.col.missedCloses'),
      count('arrests', 'insights.col.arrests'),
      count('custody_deadlines', 'insights.col.custodyDeadlines'),
      count('custody_breaches', 'insights.col.custodyBreaches'),
    ],
    rows: book.map((r) => [
      r.key,
      placeName(ctx, r.key),
      r.entries,
      r.days_with_entries,
      r.days_with_entries > 0 ? Math.round(r.entries / r.days_with_entries) : null,
      Math.max(0, r.days_with_entries - r.days_closed),
      r.arrests,
      r.custody_deadlines,
      r.custody_breaches,
    ]),
    links: book.map((r) => placeLink(ctx, f, r.key)),
    chart: 'entries',
  };
}

/** The Occurrence Book by place, and free documents by kind and place. */
export async function obSection(ctx: SectionContext, f: DashboardFilter): Promise<DataTable[]> {
  const [book, kinds, places] = await Promise.all([
    obBy(ctx.db, f),
    documentsBy(ctx.db, f, 'kind'),
    documentsBy(ctx.db, f, 'place'),
  ]);
  await nameStations(ctx, f, [...book.map((r) => r.key), ...places.map((r) => r.key)]);
  return [
    bookTable(ctx, f, book),
    {
      id: 'documents-by-kind',
      title: 'insights.documents.byKind',
      columns: [text('code', 'insights.col.code'), text('name', 'insights.col.document'), ...documentColumns],
      rows: kinds.map((r) => [r.key, ctx.t(`insights.document.${r.key}`), ...documentCells(r)]),
    },
    {
      id: 'documents-by-place',
      title: 'insights.documents.byPlace',
      columns: [...placeColumns(f), ...documentColumns],
      rows: places.map((r) => [r.key, placeName(ctx, r.key), ...documentCells(r)]),
      links: places.map((r) => placeLink(ctx, f, r.key)),
    },
  ];
}

const fineColumns = [
  count('fines', 'insights.col.fines'),
  count('paid', 'insights.col.paid'),
  count('contested', 'insights.col.contested'),
  count('withdrawn', 'insights.col.withdrawn'),
  count('overdue', 'insights.col.overdue'),
  money('collected', 'insights.col.collected'),
  money('issued_amount', 'insights.col.issuedAmount'),
];
const fineCells = (r: FineRow) => [
  r.fines,
  r.paid,
  r.contested,
  r.withdrawn,
  r.overdue,
  r.collected_cents,
  r.issued_cents,
];

/** Fines by place, and by officer for one station. */
export async function finesSection(ctx: SectionContext, f: DashboardFilter): Promise<DataTable[]> {
  const rows = await finesBy(ctx.db, f);
  await nameStations(
    ctx,
    f,
    rows.map((r) => r.key),
  );
  const tables: DataTable[] = [
    {
      id: 'fines-by-place',
      title: 'insights.fines.byPlace',
      columns: [...placeColumns(f), ...fineColumns],
      rows: rows.map((r) => [r.key, placeName(ctx, r.key), ...fineCells(r)]),
      links: rows.map((r) => placeLink(ctx, f, r.key)),
      chart: 'fines',
    },
  ];
  if (f.station) {
    const officers = await finesByOfficer(ctx.db, f, ctx.zone, ctx.now);
    tables.push({
      id: 'fines-by-officer',
      title: 'insights.fines.byOfficer',
      note: 'insights.fines.byOfficerNote',
      columns: [text('name', 'insights.col.officer'), ...fineColumns],
      rows: officers.map((r) => [r.name ?? r.key, ...fineCells(r)]),
      chart: 'withdrawn',
    });
  }
  return tables;
}

const promiseTable = (id: string, title: string, rows: PromiseCounts[], ctx: SectionContext): DataTable => ({
  id,
  title,
  columns: [
    text('code', 'insights.col.code'),
    text('name', 'insights.col.unit'),
    count('kept', 'insights.col.kept'),
    count('kept_late', 'insights.col.keptLate'),
    count('due', 'insights.col.due'),
    count('overdue', 'insights.col.overdue'),
    share('kept_share', 'insights.col.keptShare'),
  ],
  rows: rows.map((r) => [
    r.key,
    ctx.t(`unit.${r.key}`),
    r.kept,
    r.kept_late,
    r.due,
    r.overdue,
    ratio(r.kept, r.kept + r.kept_late + r.overdue),
  ]),
});

/** #EngageTheIG sessions by channel, commitments and directives by unit. */
export async function engageSection(ctx: SectionContext, f: DashboardFilter): Promise<DataTable[]> {
  const [sessions, commitments, directives] = await Promise.all([
    engageSessions(ctx.db, f, ctx.zone),
    commitmentsByUnit(ctx.db, f, ctx.zone, ctx.now),
    directivesByUnit(ctx.db, f, ctx.zone, ctx.now),
  ]);
  const bySession = new Map<
    string,
    { hashtag: string; at: Date; web: number; sms: number; x: number; rows: typeof sessions }
  >();
  for (const s of sessions) {
    const entry = bySession.get(s.session_id) ?? {
      hashtag: s.hashtag,
      at: s.starts_at,
      web: 0,
      sms: 0,
      x: 0,
      rows: [],
    };
    entry[s.channel as 'web' | 'sms' | 'x'] += s.questions;
    entry.rows.push(s);
    bySession.set(s.session_id, entry);
  }
  const sum = (rows: typeof sessions, key: keyof (typeof sessions)[number]) =>
    rows.reduce((n, r) => n + Number(r[key]), 0);
  return [
    {
      id: 'engage-sessions',
      title: 'insights.engage.sessions',
      note: 'insights.engage.note',
      columns: [
        text('date', 'insights.col.date'),
        text('hashtag', 'insights.col.hashtag'),
        count('web', 'insights.col.web'),
        count('sms', 'insights.col.sms'),
        count('x', 'insights.col.x'),
        share('answered', 'insights.col.answered'),
        count('urgent', 'insights.col.urgent'),
        count('urgent_closed', 'insights.col.urgentClosed'),
        count('urgent_substantiated', 'insights.col.urgentSubstantiated'),
      ],
      rows: [...bySession.values()].map((s) => [
        ctx.formatDate(s.at),
        s.hashtag,
        s.web,
        s.sms,
        s.x,
        ratio(sum(s.rows, 'answered'), sum(s.rows, 'approved')),
        sum(s.rows, 'urgent'),
        sum(s.rows, 'urgent_closed'),
        sum(s.rows, 'urgent_substantiated'),
      ]),
    },
    promiseTable('commitments-by-unit', 'insights.engage.commitments', commitments, ctx),
    promiseTable('directives-by-unit', 'insights.engage.directives', directives, ctx),
  ];
}
