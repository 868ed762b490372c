import type { Translate } from '../../../platform/i18n/index.ts';

export interface ReportLink {
  /** a demand for money (the default), or a request refused or ignored */
  category?: 'bribery_extortion' | 'refusal_negligence';
  station: string;
  /** what the report is about, in words */
  about: string;
  /** the document's number once there is one, else its kind */
  document?: string | undefined;
}

/** /report, filled in for a demand for money (or a refusal) at that station about that document. */
export function reportHref(link: ReportLink): string {
  const category = link.category ?? 'bribery_extortion';
  const query = new URLSearchParams({ category, station: link.station, about: link.about });
  if (link.document) query.set('document', link.document);
  return `/report?${query.toString()}`;
}

/** On every document, slip and request page: these documents cost nothing, and a demand for money is reported. */
export function FreeNotice({ t, link }: { t: Translate; link: ReportLink }) {
  return (
    <aside class="notice" aria-labelledby="free-title">
      <h2 id="free-title">{t('documents.free.title')}</h2>
      <p>{t('documents.free.body')}</p>
      <p>
        <a class="button secondary" href={reportHref(link)}>
          {t('documents.free.report')}
        </a>
      </p>
    </aside>
  );
}
