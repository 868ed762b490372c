import { formatDateTime } from '../../../platform/i18n/index.ts';
import { addDays, formatLocalDate } from '../../../platform/time/index.ts';
import type { FieldErrors } from '../../../platform/web/forms.tsx';
import { Layout, SuccessNotice } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import type { StationDay } from '../book.ts';
import type { ObNumber } from '../ob-number.ts';
import { EntryView } from './entry-view.tsx';
import { bookHref } from './labels.ts';
import { CustodyPanel, DayClosePanel, ObStyles } from './parts.tsx';

export interface BookProps {
  page: PageContext;
  view: StationDay;
  numbers: Map<string, ObNumber>;
  now: Date;
  /** The viewer keeps this station's book (records entries, prints slips). */
  keeper: boolean;
  commander: boolean;
  errors?: FieldErrors;
  notice?: string | undefined;
}

function DayNav({ page, view }: { page: PageContext; view: StationDay }) {
  const { t, locale } = page;
  const at = (day: string) => bookHref(view.station.id, day);
  return (
    <nav class="ob-day-nav" aria-label={t('ob.book.days')}>
      <a href={at(addDays(view.day, -1))} rel="prev">
        ← {formatLocalDate(locale, addDays(view.day, -1))}
      </a>
      {view.day < view.today ? (
        <>
          <a href={at(addDays(view.day, 1))} rel="next">
            {formatLocalDate(locale, addDays(view.day, 1))} →
          </a>
          <a href={at(view.today)}>{t('ob.book.today')}</a>
        </>
      ) : null}
    </nav>
  );
}

function Entries({ page, view, numbers, keeper }: Pick<BookProps, 'page' | 'view' | 'numbers' | 'keeper'>) {
  const { t, locale } = page;
  if (view.entries.length === 0) return <p>{t('ob.book.empty')}</p>;
  return (
    <div class="ob-entries">
      {view.entries.map((entry) => (
        <EntryView
          t={t}
          locale={locale}
          entry={entry}
          numbers={numbers}
          actions={keeper ? { station: view.station.id } : undefined}
        />
      ))}
    </div>
  );
}

/** The station's book for one day, like the paper page; the custody clock; the commander's close. */
export function BookPage(props: BookProps) {
  const { page, view, now, keeper, commander } = props;
  const { t, locale } = page;
  const station = encodeURIComponent(view.station.id);
  const title = t('ob.book.title', { station: view.station.name, day: formatLocalDate(locale, view.day) });
  return (
    <Layout page={page} title={title}>
      <ObStyles />
      <SuccessNotice text={props.notice} />
      <h1>{title}</h1>
      <p class="ob-toolbar">
        {keeper ? (
          <a class="button" href={`/staff/ob/${station}/new`}>
            {t('ob.book.newEntry')}
          </a>
        ) : null}
        <a class="button secondary" href={`${bookHref(view.station.id, view.day)}/print`}>
          {t('ob.book.print')}
        </a>
        <a class="button secondary" href={`/staff/ob/${station}/footage`}>
          {t('ob.book.footage')}
        </a>
      </p>
      <DayNav page={page} view={view} />
      <CustodyPanel
        t={t}
        locale={locale}
        arrests={view.openArrests}
        now={now}
        listHref={`/staff/ob/custody/${station}`}
        releaseHref={
          keeper ? (ob) => `/staff/ob/${station}/new?kind=release&releaseOf=${encodeURIComponent(ob)}` : undefined
        }
      />
      <h2>{t('ob.book.entries', { count: view.entries.length })}</h2>
      <Entries page={page} view={view} numbers={props.numbers} keeper={keeper} />
      <DayClosePanel
        t={t}
        state={{
          over: view.day < view.today,
          numbers: view.numbers,
          mayClose: commander,
          action: `${bookHref(view.station.id, view.day)}/close`,
          csrfToken: page.csrfToken,
          errors: props.errors ?? {},
        }}
      />
      <p class="meta">{t('ob.book.shownAt', { when: formatDateTime(locale, now) })}</p>
    </Layout>
  );
}
