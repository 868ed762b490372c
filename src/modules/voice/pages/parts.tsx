import { formatDateTime, type Translate } from '../../../platform/i18n/index.ts';
import type { PageContext } from '../../../platform/web/page.ts';
import type { SubmissionRow } from '../store.ts';

/** "3 days 4 hours": how long something has waited, or how long is left. */
function span(t: Translate, from: Date, to: Date): string {
  const hours = Math.max(0, Math.floor((to.getTime() - from.getTime()) / 3600_000));
  const days = Math.floor(hours / 24);
  if (days === 0) return t('voice.span.hour', { count: hours });
  return t('voice.span.daysAndHours', {
    days: t('voice.span.day', { count: days }),
    hours: t('voice.span.hour', { count: hours % 24 }),
  });
}

/** The next step of the acknowledgement clock not yet taken: to whom, and when. */
function nextEscalation(s: SubmissionRow): { step: 'registry_head' | 'npsc'; at: Date } | null {
  if (!s.escalations.includes('registry_head')) return { step: 'registry_head', at: s.acknowledge_due_at };
  if (!s.escalations.includes('npsc'))
    return { step: 'npsc', at: new Date(2 * s.acknowledge_due_at.getTime() - s.received_at.getTime()) };
  return null;
}

/** Tags for the steps the clock has taken. */
function EscalationTags({ page, s }: { page: PageContext; s: SubmissionRow }) {
  return (
    <>
      {s.escalations.map((step) => (
        <strong class="tag overdue">{page.t(`voice.escalatedTag.${step}`)}</strong>
      ))}
    </>
  );
}

/** How long an unacknowledged letter has waited, and whether it is overdue. */
function Waiting({ page, s, now }: { page: PageContext; s: SubmissionRow; now: Date }) {
  const { t, locale } = page;
  const waited = span(t, s.received_at, now);
  if (s.overdue)
    return (
      <>
        <strong class="tag overdue">{t('voice.clock.overdueTag')}</strong>{' '}
        {t('voice.clock.overdue', { waited, due: formatDateTime(locale, s.acknowledge_due_at) })}
      </>
    );
  return (
    <>
      {t('voice.clock.waiting', {
        waited,
        due: formatDateTime(locale, s.acknowledge_due_at),
        left: span(t, now, s.acknowledge_due_at),
      })}
    </>
  );
}

/** Where the submission stands: acknowledged, or how long it has waited, where it has gone and what is due next. */
export function Clock({ page, s, now }: { page: PageContext; s: SubmissionRow; now: Date }) {
  const { t, locale } = page;
  if (s.acknowledged_at) {
    return (
      <p class="clock done">
        {t('voice.clock.acknowledged', {
          at: formatDateTime(locale, s.acknowledged_at),
          waited: span(t, s.received_at, s.acknowledged_at),
        })}{' '}
        <EscalationTags page={page} s={s} />
      </p>
    );
  }
  const next = nextEscalation(s);
  return (
    <div class={s.overdue ? 'clock overdue' : 'clock'}>
      <p>
        <Waiting page={page} s={s} now={now} /> <EscalationTags page={page} s={s} />
      </p>
      <p class="meta">
        {next
          ? t('voice.clock.next', { at: formatDateTime(locale, next.at), to: t(`voice.escalatedTo.${next.step}`) })
          : t('voice.clock.lastStep', { to: t('voice.escalatedTo.npsc') })}
      </p>
    </div>
  );
}

/** Letters, each with its number, kind, subject, when it was received and its clock. */
export function SubmissionList({
  page,
  rows,
  now,
  base,
  none,
}: {
  page: PageContext;
  rows: SubmissionRow[];
  now: Date;
  base: string;
  none: string;
}) {
  const { t, locale } = page;
  if (rows.length === 0) return <p>{none}</p>;
  return (
    <ul class="voice-list">
      {rows.map((s) => (
        <li class={s.overdue ? 'overdue' : undefined}>
          <p>
            <a href={`${base}/${s.registry_number}`}>{s.registry_number}</a> ·{' '}
            <span class="tag">{t(`voice.kind.${s.kind}`)}</span> {s.subject}
          </p>
          <p class="meta">{t('voice.received', { at: formatDateTime(locale, s.received_at) })}</p>
          <Clock page={page} s={s} now={now} />
        </li>
      ))}
    </ul>
  );
}
