import { fileURLToPath } from 'node:url';
import type { SautiModule } from '../../platform/module.ts';
import { adminRoles, auditReaderRoles, auditRoles } from './permissions.ts';
import { auditRoutes } from './audit/routes.ts';
import { accountRoutes } from './routes.ts';

/** Administration and oversight: the staff accounts (every change audited) and the audit trail read back. */
export const adminModule: SautiModule = {
  name: 'admin',
  permissions: {
    'look after staff accounts (create, disable, role and place, password, two-step)': adminRoles,
    'read the audit trail (an oversight liaison: a case within their mandate at a time)': auditRoles,
  },
  locales: [fileURLToPath(new URL('./locales/', import.meta.url))],
  nav: [
    { label: 'admin.nav.accounts', href: '/staff/admin/accounts', roles: adminRoles },
    { label: 'audit.nav', href: '/staff/audit', roles: auditReaderRoles, units: ['IG_OFFICE', 'IPOA'] },
  ],
  routes: [accountRoutes, auditRoutes],
};
