import { fileURLToPath } from 'node:url';
import type { SautiModule } from '../../platform/module.ts';
import { mayReadDashboard } from './permissions.ts';
import { dashboardRoutes } from './dashboard/routes.ts';
import { insightsJobs, refreshInsights } from './refresh/service.ts';

/**
 * Insights: the IG's dashboard and the public transparency portal, from rollups of the read models the
 * other modules publish. It writes nothing of theirs.
 */
export const insightsModule: SautiModule = {
  name: 'insights',
  permissions: { 'read the insights dashboard': mayReadDashboard },
  migrations: fileURLToPath(new URL('./migrations/', import.meta.url)),
  locales: [fileURLToPath(new URL('./locales/', import.meta.url))],
  nav: [{ label: 'insights.nav', href: '/staff/insights', roles: ['ig_office', 'station_commander', 'investigator'] }],
  routes: [dashboardRoutes],
  jobs: insightsJobs,
  // insights comes last: its figures are built once every other module's demo data is in
  demo: async (platform) => void (await refreshInsights(platform)),
};
