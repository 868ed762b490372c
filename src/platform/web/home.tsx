import type { HomeEntry, NavCount, NavItem } from '../module.ts';
import { Layout } from './layout.tsx';
import type { PageContext } from './page.ts';

export function HomePage({ page, entries }: { page: PageContext; entries: HomeEntry[] }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('home.title')}>
      <h1>{t('home.title')}</h1>
      <p class="lead">{t('home.lead')}</p>
      <ul class="cards">
        {entries.map((e) => (
          <li class="card">
            <h2>
              <a href={e.href}>{t(e.title)}</a>
            </h2>
            <p>{t(e.body)}</p>
          </li>
        ))}
      </ul>
      <div class="notice">
        <p>
          <strong>{t('home.free.title')}</strong> {t('home.free.body')}
        </p>
      </div>
    </Layout>
  );
}

/** The staff pages this person may open, each with what is overdue there for them. */
export function StaffHomePage({
  page,
  overdue,
  counts,
}: {
  page: PageContext;
  overdue: ReadonlyMap<string, number>;
  counts: ReadonlyMap<string, NavCount[]>;
}) {
  const { t } = page;
  const items = staffItems(page);
  return (
    <Layout page={page} title={t('staff.home.title')}>
      <h1>{t('staff.home.title')}</h1>
      {items.length === 0 ? (
        <p>{t('staff.home.nothing')}</p>
      ) : (
        <ul class="cards">
          {items.map((item) => {
            const late = overdue.get(item.href) ?? 0;
            return (
              <li class={late > 0 ? 'card overdue' : 'card'}>
                <h2>
                  <a href={item.href}>{t(item.label)}</a>
                </h2>
                {late > 0 ? <p class="overdue-count">{t('staff.home.overdue', { count: late })}</p> : null}
                {counts.get(item.href)?.length ? (
                  <ul class="waiting">
                    {counts.get(item.href)!.map((c) => (
                      <li class={c.count > 0 ? undefined : 'meta'}>
                        <a href={c.href}>{t(c.label, { count: c.count })}</a>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </Layout>
  );
}

export function staffItems(page: PageContext): NavItem[] {
  const { actor } = page;
  return actor.kind === 'staff' ? page.nav.filter((item) => item.roles.includes(actor.role)) : [];
}
