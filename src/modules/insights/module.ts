import { fileURLToPath } from 'node:url';
import type { SautiModule } from '../../platform/module.ts';
import { mayReadDashboard } from './permissions.ts';
import { dashboardRoutes } from './dashboard/routes.ts';
import { insightsJobs, refreshInsights } from './refresh/service.ts';
import { transparencyJobs } from './transparency/release.ts';
import { transparencyRoutes } from './transparency/routes.ts';
import { transparencySettings } from './transparency/settings.ts';

/**
 * Insights: the IG's dashboard and the public transparency portal, from rollups of the read models the
 * other modules publish. It writes nothing of theirs.
 */
export const insightsModule: SautiModule = {
  name: 'insights',
  permissions: { 'read the insights dashboard': mayReadDashboard },
  migrations: fileURLToPath(new URL('./migrations/', import.meta.url)),
  // a month once released is never changed
  tables: { insights_transparency_releases: 'append-only' },
  locales: [
    fileURLToPath(new URL('./locales/', import.meta.url)),
    fileURLToPath(new URL('./transparency/locales/', import.meta.url)),
  ],
  settings: [transparencySettings],
  nav: [{ label: 'insights.nav', href: '/staff/insights', roles: ['ig_office', 'station_commander', 'investigator'] }],
  routes: [dashboardRoutes, transparencyRoutes],
  jobs: (platform) => [...insightsJobs(platform), ...transparencyJobs(platform)],
  // insights comes last: its figures are built once every other module's demo data (or history) is in
  demo: async (platform) => void (await refreshInsights(platform)),
  scale: async (platform) => void (await refreshInsights(platform)),
};
