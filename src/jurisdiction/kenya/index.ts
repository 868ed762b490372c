import { fileURLToPath } from 'node:url';
import type { Jurisdiction } from '../../platform/jurisdiction.ts';
import { counties } from './counties.ts';
import { facilities } from './facilities.ts';
import { stations } from './stations.ts';
import { units } from './units.ts';

/** Everything Kenyan Sauti relies on, in one place; another service supplies its own. */
export { counties } from './counties.ts';
export { stations, type StationSeed } from './stations.ts';
export { facilities, type FacilitySeed } from './facilities.ts';
export { units, type UnitCode } from './units.ts';
export { offenceSchedules, type OffenceSchedule, type ScheduledOffence } from './traffic-offences.ts';
export { misconductCategories, misconductCategory, type MisconductCategory } from './misconduct.ts';
export { canonicalServiceNumber, serviceNumberKey, serviceNumberExample } from './service-numbers.ts';
export {
  engageSchedule,
  engageTopics,
  engageStopWords,
  engageSynonyms,
  otherTopic,
  type EngageTopic,
} from './engage-topics.ts';

export const jurisdiction = {
  locales: fileURLToPath(new URL('./locales/', import.meta.url)),
  counties,
  units,
  stations,
  facilities,
  country: 'KE',
  /** Times are stored in UTC and shown, dated and counted in this zone (no daylight saving). */
  timeZone: 'Africa/Nairobi',
  /** How the zone is named after a time read away from Sauti (a receipt's "… 14:30 EAT"). */
  timeZoneAbbreviation: 'EAT',
  currency: 'KES',
  languages: ['en', 'sw'] as const,
  caseReferencePrefix: 'CASE',
} satisfies Jurisdiction;
