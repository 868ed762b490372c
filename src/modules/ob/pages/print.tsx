import type { ComponentChildren } from 'preact';
import { formatDateTime, type Locale } from '../../../platform/i18n/index.ts';
import { formatLocalDate } from '../../../platform/time/index.ts';
import type { PageContext } from '../../../platform/web/page.ts';
import type { StationDay } from '../book.ts';
import type { ObNumber } from '../ob-number.ts';
import { EntryView } from './entry-view.tsx';
import { bookHref, obLabel } from './labels.ts';

/** A page for paper: no navigation, the book's print styles, a way back that does not print. */
export function PrintShell(props: {
  locale: Locale;
  title: string;
  back: string;
  backLabel: string;
  children: ComponentChildren;
}) {
  return (
    <html lang={props.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${props.title} — Sauti`}</title>
        <link rel="stylesheet" href="/assets/sauti.css" />
        <link rel="stylesheet" href="/assets/ob.css" />
      </head>
      <body class="ob-print">
        <main class="wrap">
          <p class="ob-noprint">
            <a href={props.back}>{props.backLabel}</a>
          </p>
          {props.children}
        </main>
      </body>
    </html>
  );
}

/** The day's book for printing: every entry in order, and how the day stands. */
export function PrintPage({
  page,
  view,
  numbers,
  now,
}: {
  page: PageContext;
  view: StationDay;
  numbers: Map<string, ObNumber>;
  now: Date;
}) {
  const { t, locale } = page;
  const day = formatLocalDate(locale, view.day);
  const title = t('ob.book.title', { station: view.station.name, day });
  const closed = view.numbers.closedBy;
  return (
    <PrintShell locale={locale} title={title} back={bookHref(view.station.id, view.day)} backLabel={t('ob.print.back')}>
      <h1>{title}</h1>
      <p class="ob-noprint hint">{t('ob.print.how')}</p>
      <p>
        {t('ob.print.summary', { count: view.entries.length })}{' '}
        {closed ? t('ob.close.closed', { ob: obLabel(closed) }) : t('ob.print.notClosed')}
      </p>
      {view.entries.map((entry) => (
        <EntryView t={t} locale={locale} entry={entry} numbers={numbers} />
      ))}
      <p class="meta">{t('ob.print.printed', { when: formatDateTime(locale, now) })}</p>
    </PrintShell>
  );
}
