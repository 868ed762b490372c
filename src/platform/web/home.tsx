import type { HomeEntry } from '../module.ts';
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

export function StaffHomePage({ page }: { page: PageContext }) {
  const { t, actor } = page;
  const items = actor.kind === 'staff' ? page.nav.filter((item) => item.roles.includes(actor.role)) : [];
  return (
    <Layout page={page} title={t('staff.home.title')}>
      <h1>{t('staff.home.title')}</h1>
      {items.length === 0 ? (
        <p>{t('staff.home.nothing')}</p>
      ) : (
        <ul class="cards">
          {items.map((item) => (
            <li class="card">
              <h2>
                <a href={item.href}>{t(item.label)}</a>
              </h2>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
