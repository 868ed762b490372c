import type { Translate } from '../../../platform/i18n/index.ts';

const sections = [
  { name: 'accounts', href: '/staff/admin/accounts', label: 'admin.accounts.title' },
  { name: 'stations', href: '/staff/admin/stations', label: 'places.stations.title' },
  { name: 'units', href: '/staff/admin/units', label: 'places.units.title' },
] as const;

/** The administrator's screens, one link each, the one shown marked. */
export function AdminNav({ t, current }: { t: Translate; current: (typeof sections)[number]['name'] }) {
  return (
    <nav class="views" aria-label={t('places.adminNav')}>
      <ul>
        {sections.map((s) => (
          <li>
            <a href={s.href} aria-current={s.name === current ? 'page' : undefined}>
              {t(s.label)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
