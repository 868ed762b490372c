import type { ComponentChildren } from 'preact';
import { formatDate, formatDateTime, type Locale, type Translate } from '../../../platform/i18n/index.ts';
import { Layout } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import { outcomeKeys, type ByKind, type Figure, type Hours, type WelfareSignals } from './service.ts';

interface Props {
  page: PageContext;
  signals: WelfareSignals;
}

export const signalsPath = '/staff/voice/signals';

const intlLocale = (locale: Locale) => (locale === 'sw' ? 'sw-KE' : 'en-KE');

/** "June 2026" for '2026-06'. */
function monthName(locale: Locale, month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(intlLocale(locale), { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(new Date(Date.UTC(year, m - 1, 1)));
}

function FigureText({ t, locale, figure }: { t: Translate; locale: Locale; figure: Figure }) {
  if (figure.suppressed) return <span class={`signal-hidden signal-${figure.reason}`}>{t(figure.reason === 'small' ? 'voice.signals.fewer' : 'voice.signals.withheld')}</span>;
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

/** Welfare signals for the IG's office: officers' letters in counts, never who wrote them. */
export function SignalsPage({ page, signals: s }: Props) {
  const { t, locale } = page;
  const title = t('voice.signals.title');
  const f = (figure: Figure) => <FigureText t={t} locale={locale} figure={figure} />;
  const kindHeadings = s.kinds.map((k) => <th scope="col">{t(`voice.signals.kindShort.${k}`)}</th>);
  const kindCells = (cells: ByKind) => s.kinds.map((k) => <td>{f(cells[k])}</td>);
  return (
    <Layout page={page} title={title}>
      <p class="breadcrumb">
        <a href="/staff/voice">{t('voice.signals.inbox')}</a>
      </p>
      <h1>{title}</h1>
      <p class="lead">{t('voice.signals.lead')}</p>
      <p class="meta">{t('voice.signals.period', { from: formatDate(locale, s.from), to: formatDateTime(locale, s.at) })}</p>
      <p>
        <a href={`${signalsPath}.json`}>{t('voice.signals.json')}</a>
      </p>

      <section aria-labelledby="signals-rules-title" class="notice">
        <h2 id="signals-rules-title">{t('voice.signals.rules.title')}</h2>
        <p>{t('voice.signals.rules.small')}</p>
        <p>{t('voice.signals.rules.totals')}</p>
        <p>{t('voice.signals.rules.withheld')}</p>
        <p>{t('voice.signals.rules.times')}</p>
      </section>
      <p class="meta">{t('voice.signals.scroll')}</p>

      <section aria-labelledby="signals-month-title">
        <h2 id="signals-month-title">{t('voice.signals.month.title')}</h2>
        <p class="meta">{t('voice.signals.month.caption')}</p>
        <ScrollTable id="signals-month" caption={t('voice.signals.month.title')}>
          <thead>
            <tr>
              <th scope="col">{t('voice.signals.month.month')}</th>
              {kindHeadings}
              <th scope="col">{t('voice.signals.allKinds')}</th>
            </tr>
          </thead>
          <tbody>
            {s.byMonth.rows.map((r) => (
              <tr>
                <th scope="row">{monthName(locale, r.month)}</th>
                {kindCells(r.byKind)}
                <td>{f(r.all)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('voice.signals.month.total')}</th>
              {kindCells(s.byMonth.total.byKind)}
              <td>{f(s.byMonth.total.all)}</td>
            </tr>
          </tfoot>
        </ScrollTable>
      </section>

      <section aria-labelledby="signals-county-title">
        <h2 id="signals-county-title">{t('voice.signals.county.title')}</h2>
        <p class="meta">{t('voice.signals.county.caption')}</p>
        {s.byCounty.rows.length === 0 ? (
          <p>{t('voice.signals.none')}</p>
        ) : (
          <>
            <ScrollTable id="signals-county" caption={t('voice.signals.county.title')}>
              <thead>
                <tr>
                  <th scope="col">{t('voice.signals.county.county')}</th>
                  {kindHeadings}
                  <th scope="col">{t('voice.signals.allKinds')}</th>
                </tr>
              </thead>
              <tbody>
                {s.byCounty.rows.map((r) => (
                  <tr>
                    <th scope="row">{r.county ? r.county.name : t('voice.signals.county.unknown')}</th>
                    {kindCells(r.byKind)}
                    <td>{f(r.all)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('voice.signals.county.total')}</th>
                  {kindCells(s.byCounty.total.byKind)}
                  <td>{f(s.byCounty.total.all)}</td>
                </tr>
              </tfoot>
            </ScrollTable>
            <p class="meta">{t('voice.signals.county.unlisted')}</p>
          </>
        )}
      </section>

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

      <section aria-labelledby="signals-ack-title">
        <h2 id="signals-ack-title">{t('voice.signals.ack.title')}</h2>
        <p class="meta">{t('voice.signals.ack.caption')}</p>
        <ScrollTable id="signals-ack" caption={t('voice.signals.ack.title')}>
          <thead>
            <tr>
              <th scope="col">{t('voice.signals.ack.kind')}</th>
              <th scope="col">{t('voice.signals.ack.acknowledged')}</th>
              <th scope="col">{t('voice.signals.ack.onTime')}</th>
              <th scope="col">{t('voice.signals.ack.late')}</th>
              <th scope="col">{t('voice.signals.ack.median')}</th>
              <th scope="col">{t('voice.signals.ack.p90')}</th>
              <th scope="col">{t('voice.signals.ack.waiting')}</th>
              <th scope="col">{t('voice.signals.ack.notDue')}</th>
              <th scope="col">{t('voice.signals.ack.overdue')}</th>
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
    </Layout>
  );
}
