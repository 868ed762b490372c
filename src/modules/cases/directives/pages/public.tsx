import type { PageContext } from '../../../../platform/web/page.ts';
import { Layout } from '../../../../platform/web/layout.tsx';
import type { PublicDirective } from '../directives.ts';
import { formatDay } from './directives.tsx';

/** /directives: what the IG directed in public. Nothing about the case or anyone in it. */
export function PublicDirectivesPage({ page, directives }: { page: PageContext; directives: PublicDirective[] }) {
  const { t, locale } = page;
  return (
    <Layout page={page} title={t('cases.directive.public.title')}>
      <h1>{t('cases.directive.public.title')}</h1>
      <p class="lead">{t('cases.directive.public.lead')}</p>
      {directives.length === 0 ? <p>{t('cases.directive.public.none')}</p> : null}
      <ul class="commitments">
        {directives.map((d) => (
          <li class={`commitment${d.status === 'overdue' ? ' overdue' : d.status === 'delivered' ? ' done' : ''}`}>
            <p>
              {d.status === 'delivered' ? (
                <span class="tag done">
                  {t('cases.directive.status.delivered', { date: formatDay(locale, d.deliveredOn) })}
                </span>
              ) : d.status === 'overdue' ? (
                <strong class="tag overdue">{t('cases.directive.public.overdue')}</strong>
              ) : (
                <span class="tag">{t('cases.directive.status.open')}</span>
              )}
            </p>
            <p>
              {t('cases.directive.public.directed', {
                date: formatDay(locale, d.issuedOn),
                unit: t(`unit.${d.unitCode}`),
              })}
            </p>
            <p class="commitment-body">{d.task}</p>
            <p class="meta">
              {t('cases.directive.public.due', { deliverable: d.deliverable, date: formatDay(locale, d.dueOn) })}
            </p>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
