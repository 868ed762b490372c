import type { ComponentChildren } from 'preact';
import { formatDate, formatDateTime, type Locale, type Translate } from '../../../platform/i18n/index.ts';
import { formatMonth, intlLocale } from '../../../platform/time/index.ts';
import { Layout } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import { outcomeKeys, type ByKind, type Figure, type Hours, type WelfareSignals } from './service.ts';

interface Props {
  page: PageContext;
  signals: WelfareSignals;
}

export const signalsPath = '/staff/voice/signals';

/** "June 2026" for '2026-06'. */
const monthName = formatMonth;

function FigureText({ t, locale, figure }: { t: Translate; locale: Locale; figure: Figure }) {
  if (figure.suppressed)
    return (
      <span class={`signal-hidden signal-${figure.reason}`}>
        {t(figure.reason === 'small' ? 'voice.signals.fewer' : 'voice.signals.withheld')}
      </span>
    );
  return <>{new Intl.NumberFormat(intlLocale(locale)).format(figure.count)}</>;
}

function HoursText({ t, locale, hours }: { t: Translate; locale: Locale; hours: Hours }) {
  if (hours.suppressed) return <span class="signal-hidden signal-too-few">{t('voice.signals.tooFew')}</span>;
  return <>{new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 1 }).format(hours.hours)}</>;
}

/**
 * A table that scrolls sideways on a narrow screen; focusable so it can be scrolled from the keyboard.
 * Its caption repeats the section's heading for screen readers (a visible caption would be centred
 * across the whole scrolling width).
 */
function ScrollTable({ id, caption, children }: { id: string; caption: string; children: ComponentChildren }) {
  return (
    <div class="table-scroll" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
      <table class="signals" id={id}>
        <caption id={`${id}-caption`} class="visually-hidden">
          {caption}
        </caption>
        {children}
      </table>
    </div>
  );
}

interface KindRow {
  label: string;
  byKind: ByKind;
  all: Figure;
}

/** Rows (months, counties) by kind of letter, each with its total, then the totals row. */
function KindTable(p: {
  t: Translate;
  locale: Locale;
  kinds: readonly string[];
  id: string;
  caption: string;
  rowHeading: string;
  totalLabel: string;
  rows: KindRow[];
  total: Omit<KindRow, 'label'>;
}) {
  const f = (figure: Figure) => <FigureText t={p.t} locale={p.locale} figure={figure} />;
  const row = (r: KindRow) => (
    <tr>
      <th scope="row">{r.label}</th>
      {p.kinds.map((k) => (
        <td>{f(r.byKind[k as keyof ByKind])}</td>
      ))}
      <td>{f(r.all)}</td>
    </tr>
  );
  return (
    <ScrollTable id={p.id} caption={p.caption}>
      <thead>
        <tr>
          <th scope="col">{p.rowHeading}</th>
          {p.kinds.map((k) => (
            <th scope="col">{p.t(`voice.signals.kindShort.${k}`)}</th>
          ))}
          <th scope="col">{p.t('voice.signals.allKinds')}</th>
        </tr>
      </thead>
      <tbody>{p.rows.map(row)}</tbody>
      <tfoot>{row({ label: p.totalLabel, ...p.total })}</tfoot>
    </ScrollTable>
  );
}

interface SectionProps {
  page: PageContext;
  signals: WelfareSignals;
}

/** How small counts are hidden, said before any figure. */
function Rules({ t }: { t: Translate }) {
  return (
    <section aria-labelledby="signals-rules-title" class="notice">
      <h2 id="signals-rules-title">{t('voice.signals.rules.title')}</h2>
      <p>{t('voice.signals.rules.small')}</p>
      <p>{t('voice.signals.rules.totals')}</p>
      <p>{t('voice.signals.rules.withheld')}</p>
      <p>{t('voice.signals.rules.times')}</p>
    </section>
  );
}

/** Letters by month and kind. */
function ByMonth({ page: { t, locale }, signals: s }: SectionProps) {
  return (
    <section aria-labelledby="signals-month-title">
      <h2 id="signals-month-title">{t('voice.signals.month.title')}</h2>
      <p class="meta">{t('voice.signals.month.caption')}</p>
      <KindTable
        t={t}
        locale={locale}
        kinds={s.kinds}
        id="signals-month"
        caption={t('voice.signals.month.title')}
        rowHeading={t('voice.signals.month.month')}
        totalLabel={t('voice.signals.month.total')}
        rows={s.byMonth.rows.map((r) => ({ label: monthName(locale, r.month), byKind: r.byKind, all: r.all }))}
        total={s.byMonth.total}
      />
    </section>
  );
}

/** Letters by the writer's county and kind. */
function ByCounty({ page: { t, locale }, signals: s }: SectionProps) {
  return (
    <section aria-labelledby="signals-county-title">
      <h2 id="signals-county-title">{t('voice.signals.county.title')}</h2>
      <p class="meta">{t('voice.signals.county.caption')}</p>
      {s.byCounty.rows.length === 0 ? (
        <p>{t('voice.signals.none')}</p>
      ) : (
        <>
          <KindTable
            t={t}
            locale={locale}
            kinds={s.kinds}
            id="signals-county"
            caption={t('voice.signals.county.title')}
            rowHeading={t('voice.signals.county.county')}
            totalLabel={t('voice.signals.county.total')}
            rows={s.byCounty.rows.map((r) => ({
              label: r.county ? r.county.name : t('voice.signals.county.unknown'),
              byKind: r.byKind,
              all: r.all,
            }))}
            total={s.byCounty.total}
          />
          <p class="meta">{t('voice.signals.county.unlisted')}</p>
        </>
      )}
    </section>
  );
}

/** Resignation requests by outcome. */
function Resignations({ page: { t, locale }, signals: s }: SectionProps) {
  const f = (figure: Figure) => <FigureText t={t} locale={locale} figure={figure} />;
  return (
    <section aria-labelledby="signals-resignation-title">
      <h2 id="signals-resignation-title">{t('voice.signals.resignation.title')}</h2>
      <p class="meta">{t('voice.signals.resignation.caption')}</p>
      <ScrollTable id="signals-resignation" caption={t('voice.signals.resignation.title')}>
        <thead>
          <tr>
            <th scope="col">{t('voice.signals.resignation.outcome')}</th>
            <th scope="col">{t('voice.signals.resignation.requests')}</th>
          </tr>
        </thead>
        <tbody>
          {outcomeKeys.map((o) => (
            <tr>
              <th scope="row">{t(o === 'undecided' ? 'voice.signals.resignation.undecided' : `voice.outcome.${o}`)}</th>
              <td>{f(s.resignations.outcomes[o])}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('voice.signals.resignation.total')}</th>
            <td>{f(s.resignations.total)}</td>
          </tr>
        </tfoot>
      </ScrollTable>
    </section>
  );
}

const ackColumns = ['acknowledged', 'onTime', 'late', 'median', 'p90', 'waiting', 'notDue', 'overdue'] as const;

/** How long acknowledgement took, by kind, and what still waits. */
function Acknowledgement({ page: { t, locale }, signals: s }: SectionProps) {
  const f = (figure: Figure) => <FigureText t={t} locale={locale} figure={figure} />;
  return (
    <section aria-labelledby="signals-ack-title">
      <h2 id="signals-ack-title">{t('voice.signals.ack.title')}</h2>
      <p class="meta">{t('voice.signals.ack.caption')}</p>
      <ScrollTable id="signals-ack" caption={t('voice.signals.ack.title')}>
        <thead>
          <tr>
            <th scope="col">{t('voice.signals.ack.kind')}</th>
            {ackColumns.map((c) => (
              <th scope="col">{t(`voice.signals.ack.${c}`)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {s.acknowledgement.map((a) => (
            <tr>
              <th scope="row">{t(`voice.kind.${a.kind}`)}</th>
              <td>{f(a.acknowledged)}</td>
              <td>{f(a.onTime)}</td>
              <td>{f(a.late)}</td>
              <td>
                <HoursText t={t} locale={locale} hours={a.medianHours} />
              </td>
              <td>
                <HoursText t={t} locale={locale} hours={a.p90Hours} />
              </td>
              <td>{f(a.waiting)}</td>
              <td>{f(a.notDue)}</td>
              <td>{f(a.overdue)}</td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
      <p class="meta">{t('voice.signals.ack.note')}</p>
    </section>
  );
}

/** Welfare signals for the IG's office: officers' letters in counts, never who wrote them. */
export function SignalsPage({ page, signals: s }: Props) {
  const { t, locale } = page;
  const title = t('voice.signals.title');
  return (
    <Layout page={page} title={title}>
      <p class="breadcrumb">
        <a href="/staff/voice">{t('voice.signals.inbox')}</a>
      </p>
      <h1>{title}</h1>
      <p class="lead">{t('voice.signals.lead')}</p>
      <p class="meta">
        {t('voice.signals.period', { from: formatDate(locale, s.from), to: formatDateTime(locale, s.at) })}
      </p>
      <p>
        <a href={`${signalsPath}.json`}>{t('voice.signals.json')}</a>
      </p>
      <Rules t={t} />
      <p class="meta">{t('voice.signals.scroll')}</p>
      <ByMonth page={page} signals={s} />
      <ByCounty page={page} signals={s} />
      <Resignations page={page} signals={s} />
      <Acknowledgement page={page} signals={s} />
    </Layout>
  );
}
