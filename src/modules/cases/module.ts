import { fileURLToPath } from 'node:url';
import type { SautiModule } from '../../platform/module.ts';
import { registerCaseRoutes } from './routes.ts';

export const casesModule: SautiModule = {
  name: 'cases',
  migrations: fileURLToPath(new URL('./migrations/', import.meta.url)),
  locales: [fileURLToPath(new URL('./locales/', import.meta.url))],
  nav: [{ label: 'cases.nav.queue', href: '/staff/cases', roles: ['investigator', 'oversight_liaison', 'ig_office'] }],
  routes: registerCaseRoutes,
};
