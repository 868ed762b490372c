import { Layout } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import { AdminNav } from './admin-nav.tsx';
import type { UnitRow } from './store.ts';

/** The units, read-only: they are the jurisdiction's data, changed with a release rather than on a screen. */
export function UnitsPage({ page, units }: { page: PageContext; units: UnitRow[] }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('places.units.title')}>
      <AdminNav t={t} current="units" />
      <h1>{t('places.units.title')}</h1>
      <p>{t('places.units.readOnly')}</p>
      <p class="hint">{t('places.units.counts')}</p>
      <div class="table-scroll">
        <table class="units">
          <caption class="visually-hidden">{t('places.units.title')}</caption>
          <thead>
            <tr>
              {['unit', 'code', 'staff', 'disabled', 'stations'].map((c) => (
                <th scope="col">{t(`places.units.${c}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {units.map((u) => (
              <tr>
                <td>{t(`unit.${u.code}`)}</td>
                <td>
                  <code>{u.code}</code>
                </td>
                <td>{u.staff}</td>
                <td>{u.disabled}</td>
                <td>{u.stations}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
