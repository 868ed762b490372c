import { formatDateTime } from '../../../../platform/i18n/index.ts';
import type { PageContext } from '../../../../platform/web/page.ts';
import { formatObNumber } from '../../ob-number.ts';
import type { LinkedEntry } from '../store.ts';

/** The Occurrence Book entries a case was opened from or linked to, on the case's page. */
export function CaseEntries({ page, entries }: { page: PageContext; entries: LinkedEntry[] }) {
  const { t, locale } = page;
  return (
    <section aria-labelledby="ob-entries-title">
      <h2 id="ob-entries-title">{t('ob.caseEntries.title')}</h2>
      {entries.map((e) => (
        <article class="ob-entry">
          <h3>
            OB {formatObNumber(e)} · {e.station_name} · {t(`ob.caseEntries.kind.${e.kind}`)}
          </h3>
          <dl class="summary-list">
            <dt>{t('ob.caseEntries.occurred')}</dt>
            <dd>{formatDateTime(locale, e.occurred_at)}</dd>
            <dt>{t('ob.caseEntries.recorded')}</dt>
            <dd>{formatDateTime(locale, e.recorded_at)}</dd>
            {e.place ? (
              <>
                <dt>{t('ob.caseEntries.place')}</dt>
                <dd>{e.place}</dd>
              </>
            ) : null}
            {e.persons.length > 0 ? (
              <>
                <dt>{t('ob.caseEntries.persons')}</dt>
                <dd>
                  {e.persons
                    .map((p) => `${p.name ?? t('ob.caseEntries.erased')} (${t(`ob.caseEntries.role.${p.role}`)})`)
                    .join(', ')}
                </dd>
              </>
            ) : null}
          </dl>
          <p class="narrative">{e.narrative}</p>
        </article>
      ))}
    </section>
  );
}
