import type { StaffActor } from '../../platform/auth/actor.ts';

/**
 * Who sees the dashboard, and how much of it: the IG's office the whole service; a station commander their
 * station's county; an investigator the cases of their unit (a unit head's view). Everyone else is refused.
 */
export type DashboardScope =
  { kind: 'national' } | { kind: 'county'; stationId: string } | { kind: 'unit'; unitCode: string };

export function dashboardScopeOf(who: StaffActor): DashboardScope | undefined {
  if (who.role === 'ig_office') return { kind: 'national' };
  if (who.role === 'station_commander' && who.stationId) return { kind: 'county', stationId: who.stationId };
  if (who.role === 'investigator' && who.unitCode) return { kind: 'unit', unitCode: who.unitCode };
  return undefined;
}

export const mayReadDashboard = (who: StaffActor): boolean => dashboardScopeOf(who) !== undefined;
