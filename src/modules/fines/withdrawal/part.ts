import { fileURLToPath } from 'node:url';
import { deskRoles } from '../../ob/index.ts';
import type { FinesPart } from '../parts.ts';
import { escalationJobs } from './escalation.ts';
import { withdrawalPageRoutes } from './routes.ts';
import { seesStationNotices } from './service.ts';

/** The station's notices, withdrawal by its commander with a reason, and the escalation of unpaid notices. */
export const withdrawalPart: FinesPart = {
  routes: [withdrawalPageRoutes],
  locales: [fileURLToPath(new URL('./locales/', import.meta.url))],
  nav: [{ label: 'fines.withdrawal.nav', href: '/staff/fines', roles: deskRoles }],
  permissions: {
    "see their station's traffic notices (a commander) or their own (an officer)": seesStationNotices,
    "withdraw a notice of their station with a written reason, while nothing is paid on it (a station's commander)": (
      who,
    ) => who.role === 'station_commander' && who.stationId !== null,
  },
  jobs: escalationJobs,
};
