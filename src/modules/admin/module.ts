import { fileURLToPath } from 'node:url';
import type { SautiModule } from '../../platform/module.ts';
import { adminRoles, auditReaderRoles, auditRoles } from './permissions.ts';
import { auditRoutes } from './audit/routes.ts';
import { placeRoutes } from './places/routes.ts';
import { accountRoutes } from './routes.ts';

/**
 * Administration and oversight: the staff accounts and the stations (every change audited), the units, and the
 * audit trail read back.
 */
export const adminModule: SautiModule = {
  name: 'admin',
  permissions: {
    'look after staff accounts (create, disable, role and place, password, two-step)': adminRoles,
    'look after stations (create, edit, close, import from CSV) and see the units': adminRoles,
    'read the audit trail (an oversight liaison: a case within their mandate at a time)': auditRoles,
  },
  locales: ['./locales/', './places/locales/'].map((dir) => fileURLToPath(new URL(dir, import.meta.url))),
  nav: [
    { label: 'admin.nav.accounts', href: '/staff/admin/accounts', roles: adminRoles },
    { label: 'places.nav.stations', href: '/staff/admin/stations', roles: adminRoles },
    { label: 'places.nav.units', href: '/staff/admin/units', roles: adminRoles },
    { label: 'audit.nav', href: '/staff/audit', roles: auditReaderRoles, units: ['IG_OFFICE', 'IPOA'] },
  ],
  routes: [accountRoutes, placeRoutes, auditRoutes],
};
