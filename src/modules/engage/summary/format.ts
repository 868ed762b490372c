/** The words and numbers of a session's summary, shared by its page and its PDF. */
import { jurisdiction } from '../../../jurisdiction/kenya/index.ts';
import { formatDate, formatDateTime, formatTime, type Locale, type Translate } from '../../../platform/i18n/index.ts';
import { intlLocale, localDate } from '../../../platform/time/index.ts';
import type { SessionSummary } from './service.ts';

export function formatCount(locale: Locale, n: number): string {
  return new Intl.NumberFormat(intlLocale(locale)).format(n);
}

/** A share as a whole percentage ("60%"). */
export function formatShare(locale: Locale, share: number): string {
  return new Intl.NumberFormat(intlLocale(locale), { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/** The time of day in Nairobi ("11:00"). */
export const formatClock = formatTime;

export function summaryTitle(t: Translate, locale: Locale, s: SessionSummary): string {
  return t('engage.summary.title', { hashtag: s.session.hashtag, date: formatDate(locale, s.session.startsAt) });
}

/** Where the session stands: not held yet, live, held, or cancelled. */
export function stateText(t: Translate, locale: Locale, s: SessionSummary): string {
  const { startsAt, endsAt, state } = s.session;
  switch (state) {
    case 'upcoming': {
      const when = t('engage.summary.state.upcoming', {
        date: formatDate(locale, startsAt),
        time: formatClock(locale, startsAt),
      });
      return s.received.total > 0 ? `${when} ${t('engage.summary.state.soFar')}` : when;
    }
    case 'live':
      return t('engage.summary.state.live', { time: formatClock(locale, endsAt) });
    case 'ended':
      return t('engage.summary.state.ended', {
        date: formatDate(locale, startsAt),
        start: formatClock(locale, startsAt),
        end: formatClock(locale, endsAt),
      });
    case 'cancelled':
      return t('engage.summary.state.cancelled', { date: formatDate(locale, startsAt) });
  }
}

export function asOfText(t: Translate, locale: Locale, s: SessionSummary): string {
  return t('engage.summary.asOf', { at: formatDateTime(locale, s.at) });
}

export function noQuestionsText(t: Translate, s: SessionSummary): string {
  return t(
    s.session.state === 'upcoming' || s.session.state === 'live'
      ? 'engage.summary.noQuestions.yet'
      : 'engage.summary.noQuestions.none',
  );
}

export interface Figure {
  key: string;
  value: string;
  label: string;
  detail?: string | undefined;
  /** 0..1 for a figure that is a share. */
  share?: number | undefined;
}

/** The headline figures: received, clusters, answered share, urgent cases, commitments. */
export function headlineFigures(t: Translate, locale: Locale, s: SessionSummary): Figure[] {
  const n = (x: number) => formatCount(locale, x);
  const done = s.commitments.filter((c) => c.status === 'done').length;
  const overdue = s.commitments.filter((c) => c.status === 'overdue').length;
  const open = s.commitments.length - done - overdue;
  return [
    {
      key: 'received',
      value: n(s.received.total),
      label: t('engage.summary.figures.received', { count: s.received.total }),
      detail:
        s.received.total > 0
          ? t('engage.summary.figures.receivedDetail', {
              shown: n(s.received.shown),
              pending: n(s.received.pending),
              rejected: n(s.received.rejected),
            })
          : undefined,
    },
    {
      key: 'clusters',
      value: n(s.clusters.asked),
      label: t('engage.summary.figures.clusters', { count: s.clusters.asked }),
    },
    {
      key: 'answered',
      value: s.clusters.share === null ? '–' : formatShare(locale, s.clusters.share),
      label: t('engage.summary.figures.answered'),
      detail:
        s.clusters.share === null
          ? t('engage.summary.figures.answeredNone')
          : t('engage.summary.figures.answeredDetail', {
              answered: n(s.clusters.answered),
              asked: n(s.clusters.asked),
            }),
      share: s.clusters.share ?? undefined,
    },
    { key: 'urgent', value: n(s.urgent.count), label: t('engage.summary.figures.urgent', { count: s.urgent.count }) },
    {
      key: 'commitments',
      value: n(s.commitments.length),
      label: t('engage.summary.figures.commitments', { count: s.commitments.length }),
      detail:
        s.commitments.length > 0
          ? t('engage.summary.figures.commitmentsDetail', { done: n(done), open: n(open), overdue: n(overdue) })
          : undefined,
    },
  ];
}

/** "12 (40%)": a count with its share of all questions received. */
function countWithShare(locale: Locale, count: number, total: number): string {
  return total > 0 && count > 0
    ? `${formatCount(locale, count)} (${formatShare(locale, count / total)})`
    : formatCount(locale, count);
}

export function topicRows(t: Translate, locale: Locale, s: SessionSummary) {
  return s.byTopic.map((r) => ({
    label: t(`engage.topic.${r.topic}`),
    value: r.count,
    valueText: countWithShare(locale, r.count, s.received.total),
  }));
}

export function channelRows(t: Translate, locale: Locale, s: SessionSummary) {
  return s.byChannel.map((r) => ({
    label: t(`engage.summary.channel.${r.channel}`),
    value: r.count,
    valueText: countWithShare(locale, r.count, s.received.total),
  }));
}

export function askersText(t: Translate, locale: Locale, c: SessionSummary['top'][number]): string {
  const askers = t('engage.summary.top.askers', { count: c.askers });
  const upvotes = t('engage.upvotes', { count: c.upvotes });
  return `${askers} · ${upvotes}`;
}

export function commitmentMeta(t: Translate, locale: Locale, c: SessionSummary['commitments'][number]): string {
  const meta = t('engage.commitment.meta', { unit: t(`unit.${c.unitCode}`), due: formatDate(locale, c.dueAt) });
  return c.doneAt
    ? `${meta} · ${t('engage.summary.commitments.doneOn', { date: formatDate(locale, c.doneAt) })}`
    : meta;
}

/** "engagetheig-2026-06-22-summary-en.pdf": the hashtag, the session's Nairobi date and the language. */
export function pdfFileName(s: SessionSummary, locale: Locale): string {
  const tag = s.session.hashtag.replace(/[^A-Za-z0-9_]/g, '').toLowerCase() || 'engage';
  return `${tag}-${localDate(s.session.startsAt, jurisdiction.timeZone)}-summary-${locale}.pdf`;
}

export const summaryPath = (id: string) => `/engage/sessions/${id}/summary`;
